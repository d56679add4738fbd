package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.testing.RandomPipelines;
import org.edgeplan.testing.SolverContract;

/** Every heuristic on seeded random instances: feasible plans, evaluator parity, determinism, honest infeasibility. */
class HeuristicsPropertyTest {
    static final List<String> HEURISTICS = List.of("preschedule-retrieval", "heft", "neurosurgeon", "dads", "random");
    private static final SolverSettings SETTINGS = new SolverSettings(20, 42, 1);

    private static SolveResult<PipelinePlan> solve(String name, PipelineInstance instance, SolverSettings settings) {
        Solver<?, ?> solver = SolverRegistry.load().find(ProblemKind.PIPELINE, name);
        @SuppressWarnings("unchecked")
        SolveResult<PipelinePlan> result = (SolveResult<PipelinePlan>) solver.solveAny(instance, settings);
        return result;
    }

    private static void assertFeasibleWithParity(String name, PipelineInstance instance,
                                                 SolveResult<PipelinePlan> result) {
        assertThat(result.status()).as("%s on %s: %s", name, instance, result.message())
                .isEqualTo(SolveStatus.FEASIBLE);
        SolverContract.check(instance, result, Double.NaN);
        assertThat(result.solverObjective()).as("%s: exactly the evaluator's", name)
                .isEqualTo(PipelineEvaluator.objective(instance, result.plan()));
        assertThat(result.hasBound()).isFalse();
    }

    @Test
    void everyHeuristicIsFeasibleOnRandomPipelines() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int trial = 0; trial < 60; trial++) {
            PlacementMode mode = trial % 2 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC;
            PipelineInstance instance = RandomPipelines.instance(random, trial % 3 == 0, mode);
            double baselines = Math.min(solve("device-only", instance, SETTINGS).solverObjective(),
                    solve("edge-only", instance, SETTINGS).solverObjective());
            for (String name : HEURISTICS) {
                SolveResult<PipelinePlan> result = solve(name, instance, SETTINGS);
                assertFeasibleWithParity(name, instance, result);
                SolveResult<PipelinePlan> again = solve(name, instance, SETTINGS);
                assertThat(again.plan()).as("%s deterministic", name).isEqualTo(result.plan());
                if (name.equals("preschedule-retrieval")) {
                    assertThat(result.solverObjective()).isLessThanOrEqualTo(baselines);
                }
            }
        }
    }

    @Test
    void noHeuristicUsesANodeWithoutAWayBack() {
        // edge0 talks with every device both ways; edge1, the fastest node, only hears from edge0 and can send
        // nowhere: any layer on it would strand its request. Every heuristic must avoid it.
        SplittableRandom random = new SplittableRandom(77);
        for (int trial = 0; trial < 20; trial++) {
            PipelineInstance base = RandomPipelines.instance(random, false,
                    trial % 2 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC);
            List<Node> nodes = new ArrayList<>();
            List<Link> links = new ArrayList<>();
            for (int e = 0; e < base.endpointCount(); e++) {
                nodes.add(base.node(base.deviceOf(e)));
                links.add(new Link("dev" + e, "edge0", 2e7, 0.002));
                links.add(new Link("edge0", "dev" + e, 2e7, 0.002));
            }
            nodes.add(Node.of("edge0", NodeKind.EDGE, 2e10));
            nodes.add(Node.of("edge1", NodeKind.EDGE, 1e12));
            links.add(new Link("edge0", "edge1", 1e9, 0.0001));
            PipelineInstance instance = new PipelineInstance("stranding", "", nodes, links, Optional.empty(),
                    base.models(), base.endpoints(), base.mode(), base.objective(), false);
            int edge1 = instance.nodeIndex("edge1");
            for (String name : HEURISTICS) {
                SolveResult<PipelinePlan> result = solve(name, instance, SETTINGS);
                assertFeasibleWithParity(name, instance, result);
                assertThat(result.plan().queue(edge1)).as(name).isEmpty();
            }
        }
    }

    @Test
    void memoryAndQueueLimitsGiveFeasiblePlansOrHonestReasons() {
        SplittableRandom random = new SplittableRandom(99);
        int feasible = 0;
        int infeasible = 0;
        for (int trial = 0; trial < 40; trial++) {
            PipelineInstance instance = limited(random, RandomPipelines.instance(random, trial % 4 == 0,
                    trial % 2 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC));
            boolean baselineFeasible = solve("device-only", instance, SETTINGS).status() == SolveStatus.FEASIBLE
                    || solve("edge-only", instance, SETTINGS).status() == SolveStatus.FEASIBLE;
            for (String name : HEURISTICS) {
                SolveResult<PipelinePlan> result = solve(name, instance, SETTINGS);
                if (result.status() == SolveStatus.FEASIBLE) {
                    assertFeasibleWithParity(name, instance, result);
                    feasible++;
                } else {
                    assertThat(result.status()).as(name).isEqualTo(SolveStatus.UNKNOWN);
                    assertThat(result.plan()).isNull();
                    assertThat(result.message()).as(name).startsWith(name + ": ");
                    infeasible++;
                }
                if (name.equals("preschedule-retrieval") && baselineFeasible) {
                    assertThat(result.status()).as("starts from a feasible baseline").isEqualTo(SolveStatus.FEASIBLE);
                }
            }
        }
        // The generator must exercise both outcomes.
        assertThat(feasible).isPositive();
        assertThat(infeasible).isPositive();
    }

    @Test
    void randomPlacementDependsOnTheSeedOnly() {
        PipelineInstance instance = RandomPipelines.instance(new SplittableRandom(8), false, PlacementMode.DYNAMIC);
        PipelinePlan seven = solve("random", instance, SETTINGS.withSeed(7)).plan();
        assertThat(solve("random", instance, SETTINGS.withSeed(7)).plan()).isEqualTo(seven);
        boolean anyOther = false;
        for (long seed = 8; seed < 20; seed++) {
            anyOther |= !solve("random", instance, SETTINGS.withSeed(seed)).plan().equals(seven);
        }
        assertThat(anyOther).isTrue();
    }

    /** The instance with random layer weights, memory on some nodes and queue limits on others. */
    private static PipelineInstance limited(SplittableRandom random, PipelineInstance base) {
        Map<String, DnnGraph> models = new LinkedHashMap<>();
        for (DnnGraph model : base.models().values()) {
            List<DnnLayer> layers = new ArrayList<>();
            for (DnnLayer layer : model.layers()) {
                layers.add(new DnnLayer(layer.name(), layer.flops(), layer.outputBytes(), 1 + random.nextInt(100),
                        layer.inputs()));
            }
            models.put(model.name(), new DnnGraph(model.name(), model.inputBytes(), model.resultBytes(), layers));
        }
        List<Node> nodes = new ArrayList<>();
        for (Node node : base.nodes()) {
            OptionalLong memory = random.nextInt(3) == 0 ? OptionalLong.of(random.nextInt(400)) : OptionalLong.empty();
            OptionalInt queue = random.nextInt(4) == 0 ? OptionalInt.of(random.nextInt(3)) : OptionalInt.empty();
            nodes.add(new Node(node.name(), node.kind(), node.speedFlopsPerSecond(), memory, queue));
        }
        List<Endpoint> endpoints = base.endpoints();
        return new PipelineInstance("limited", "", nodes, base.links(), base.defaultLink(), models, endpoints,
                base.mode(), base.objective(), base.linkExclusive());
    }
}
