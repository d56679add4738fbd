package org.edgeplan.pipeline.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.io.ShippedInstances;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.PipelineInvariants;
import org.edgeplan.testing.ProjectRoot;

/**
 * The optimum of every generated instance is proven: the constructed plan scores T with the evaluator (upper bound) and
 * the load lower bound equals T (lower bound); on tiny instances exhaustive search agrees.
 */
class KnownOptimumPipelinesTest {
    private static final double REL = 1e-9;

    @ParameterizedTest(name = "{0} e{1} s{2} r{3} seed {4}")
    @CsvSource({
        "chain, 4, 2, 4, 1", "chain, 4, 2, 4, 2", "chain, 6, 3, 5, 3", "chain, 8, 3, 6, 4", "chain, 3, 1, 8, 5",
        "vgg16, 5, 2, 5, 1", "vgg16, 2, 3, 4, 6",
        "resnet18, 3, 2, 4, 1", "resnet18, 4, 2, 4, 2", "resnet18, 2, 1, 3, 7",
    })
    void theConstructedPlanScoresTAndTheLoadBoundIsT(String model, int endpoints, int edges, int requests, long seed) {
        KnownOptimumPipelines.Construction c = KnownOptimumPipelines.of(model, endpoints, edges, requests, seed);
        PipelineInstance x = c.instance();
        double t = c.optimumSeconds();
        assertThat(x.objective()).isEqualTo(PipelineObjective.MAKESPAN);
        assertThat(x.endpointCount()).isEqualTo(endpoints);
        assertThat(x.nodeCount()).isEqualTo(endpoints + edges);
        // Upper bound: the plan is feasible, scores T, and keeps every node busy without a gap until T.
        PipelineEvaluation ev = PipelineEvaluator.evaluate(x, c.plan());
        PipelineInvariants.check(x, c.plan(), ev);
        assertThat(ev.objective()).isEqualTo(c.planSeconds()).isCloseTo(t, within(REL * t));
        for (int n = 0; n < x.nodeCount(); n++) {
            assertThat(ev.nodeBusySeconds(n)).as(x.node(n).name()).isCloseTo(t, within(REL * t));
            assertThat(ev.nodeStallSeconds(n)).as(x.node(n).name()).isLessThan(REL * t);
        }
        // Lower bound: total FLOPs over total speed is T, and PipelineLowerBound's load bound finds it.
        double flops = 0;
        for (int id = 0; id < x.subtaskCount(); id++) {
            flops += x.model(x.subtaskEndpoint(id)).layer(x.subtaskLayer(id)).flops();
        }
        double speed = 0;
        for (double f : x.speeds()) {
            speed += f;
        }
        assertThat(flops / speed).isCloseTo(t, within(REL * t));
        PipelineLowerBound bound = PipelineLowerBound.of(x);
        assertThat(bound.relaxation()).isEqualTo("load");
        assertThat(bound.seconds()).isLessThanOrEqualTo(ev.objective()).isCloseTo(t, within(2 * REL * t));
        // The instance is the advertised family member, and its size in the advertised range for these parameters.
        assertThat(x.name()).isEqualTo(KnownOptimumPipelines.name(model, endpoints, edges, requests, seed));
        assertThat(x.description()).contains("T = ");
    }

    @Test
    void theShippedSizesCutRequestsSoNoWholeRequestPackingReachesT() {
        // Cut requests make the loads fractions of a request: every node's load is its own real number.
        for (long seed = 1; seed <= 4; seed++) {
            KnownOptimumPipelines.Construction c = KnownOptimumPipelines.of("chain", 5, 2, 4, seed);
            assertThat(cutRequests(c)).as("seed %d", seed).isGreaterThanOrEqualTo(5);
            KnownOptimumPipelines.Construction r = KnownOptimumPipelines.of("resnet18", 3, 2, 4, seed);
            assertThat(cutRequests(r)).as("seed %d", seed).isGreaterThanOrEqualTo(3);
        }
    }

    /** Requests whose subtasks run on more than one node in the constructed plan. */
    private static int cutRequests(KnownOptimumPipelines.Construction c) {
        PipelineInstance x = c.instance();
        int[] nodeOf = c.plan().nodeOf(x.subtaskCount());
        Set<Integer> cut = new HashSet<>();
        for (int id = 0; id < x.subtaskCount(); id++) {
            int e = x.subtaskEndpoint(id);
            int k = x.subtaskRequest(id);
            if (nodeOf[id] != nodeOf[x.subtaskId(e, k, 0)]) {
                cut.add(x.subtaskRequestId(id));
            }
        }
        return cut.size();
    }

    @ParameterizedTest(name = "e{0} s{1} r{2} layers {3} seed {4}")
    @CsvSource({
        // with requests cut between the device and the edge
        "1, 1, 3, 2, 1, true", "1, 1, 3, 2, 2, true", "1, 1, 3, 2, 3, true", "2, 1, 2, 2, 4, true",
        // whole requests only (too few requests for cuts without idle time)
        "1, 1, 2, 2, 5, false", "1, 2, 3, 2, 6, false", "2, 1, 2, 1, 9, false", "2, 1, 3, 1, 10, false",
        "1, 1, 3, 1, 11, false",
    })
    void exhaustiveSearchFindsNothingBelowTOnTinyInstances(int endpoints, int edges, int requests, int layers,
                                                           long seed, boolean cut) {
        KnownOptimumPipelines.Construction c = KnownOptimumPipelines.of("chain", endpoints, edges, requests, seed,
                new KnownOptimumPipelines.ChainShape(layers, layers, 1, 16));
        assertThat(c.instance().subtaskCount()).isLessThanOrEqualTo(8);
        assertThat(cutRequests(c) > 0).isEqualTo(cut);
        ExhaustiveOracle.Best best = ExhaustiveOracle.solve(c.instance());
        double t = c.optimumSeconds();
        assertThat(best.objective()).isCloseTo(t, within(REL * t));
        assertThat(PipelineLowerBound.of(c.instance()).seconds()).isLessThanOrEqualTo(best.objective());
    }

    @Test
    void theSameSeedGivesTheSameInstanceAndPlanAndAnotherSeedAnotherInstance() {
        for (String model : KnownOptimumPipelines.MODELS) {
            KnownOptimumPipelines.Construction a = KnownOptimumPipelines.of(model, 3, 2, 4, 11);
            KnownOptimumPipelines.Construction b = KnownOptimumPipelines.of(model, 3, 2, 4, 11);
            String json = InstanceIo.toJson(a.instance());
            assertThat(InstanceIo.toJson(b.instance())).isEqualTo(json);
            assertThat(b.plan()).isEqualTo(a.plan());
            assertThat(b.optimumSeconds()).isEqualTo(a.optimumSeconds());
            assertThat(InstanceIo.toJson(InstanceIo.parse(json, "known.json"))).isEqualTo(json);
            PipelinePlan other = KnownOptimumPipelines.of(model, 3, 2, 4, 12).plan();
            assertThat(InstanceIo.toJson(KnownOptimumPipelines.of(model, 3, 2, 4, 12).instance())).isNotEqualTo(json);
            assertThat(other).isNotEqualTo(a.plan());
        }
    }

    @Test
    void everyShippedMemberHasItsProvenOptimumInBestKnown() throws Exception {
        JsonNode file = new ObjectMapper().readTree(ProjectRoot.instances().resolve("best-known.json").toFile());
        for (KnownOptimumPipelines.Construction c : ShippedInstances.known()) {
            PipelineInstance x = c.instance();
            JsonNode entry = null;
            for (JsonNode e : file.get("instances")) {
                if (e.get("instance").asText().equals(x.name())) {
                    entry = e;
                }
            }
            assertThat(entry).as("best-known.json entry of " + x.name()).isNotNull();
            assertThat(entry.get("hash").asText()).isEqualTo(InstanceIo.contentHash(x));
            assertThat(entry.get("proven").asBoolean()).isTrue();
            assertThat(entry.get("objective").asDouble()).isEqualTo(c.planSeconds());
            assertThat(entry.get("bound").asDouble()).isEqualTo(PipelineLowerBound.of(x).seconds())
                    .isLessThanOrEqualTo(c.planSeconds());
            assertThat(entry.get("solver").asText()).isEqualTo("construction");
            assertThat(x.subtaskCount()).isBetween(100, 550);
        }
    }

    @Test
    void noHeuristicOfSolverCoreMeetsTheOptimumOfAShippedMember() {
        // So CP-SAT's shortcut (a hint that meets the bound is optimal) never settles them without a search.
        List<Solver<?, ?>> solvers = SolverRegistry.load().forProblem(ProblemKind.PIPELINE);
        assertThat(solvers).extracting(Solver::name).contains("heft", "preschedule-retrieval");
        for (KnownOptimumPipelines.Construction c : ShippedInstances.known()) {
            for (Solver<?, ?> solver : solvers) {
                SolveResult<?> result = solver.solveAny(c.instance(), new SolverSettings(10, 0, 1));
                if (result.status().hasPlan()) {
                    double objective = PipelineEvaluator.objective(c.instance(), (PipelinePlan) result.plan());
                    assertThat(objective).as("%s on %s", solver.name(), c.instance().name())
                            .isGreaterThan(c.optimumSeconds() * 1.01);
                }
            }
        }
    }

    @Test
    void badParametersAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> KnownOptimumPipelines.of("chain", 0, 1, 1, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("endpoints");
        assertThatThrownBy(() -> KnownOptimumPipelines.of("alexnet", 1, 1, 2, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("alexnet");
        assertThatThrownBy(() -> KnownOptimumPipelines.of("chain", 2, 3, 2, 0))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least as many requests as nodes");
        assertThatThrownBy(() -> new KnownOptimumPipelines.ChainShape(3, 2, 1, 16))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("layers");
        assertThat(List.of("chain", "vgg16", "resnet18")).isEqualTo(KnownOptimumPipelines.MODELS);
    }
}
