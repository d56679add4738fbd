package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.DispatchScheduler;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.PipelineInvariants;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.TinyPipelines;

class RequestPlacementDescentTest {
    private static RequestPlacementDescent.Result descend(PipelineInstance instance, PipelinePlan start, long seed) {
        return new RequestPlacementDescent(new CompiledPipeline(instance)).improve(start,
                PipelineEvaluator.evaluate(instance, start), new SplittableRandom(seed), Deadline.none());
    }

    /**
     * One chain request on a device and an edge node whose outputs shrink: a single device-prefix / edge-suffix split
     * is optimal ({@link TinyPipelines#twoNodeChain}), and those splits are the descent's candidates, so from the
     * all-on-device start it must reach the enumerated optimum.
     */
    @Test
    void reachesTheOptimalSplitOfOneChainRequest() {
        for (long seed = 0; seed < 40; seed++) {
            PipelineInstance instance = TinyPipelines.twoNodeChain(seed, 2 + (int) (seed % 5));
            PipelinePlan allOnDevice = ListScheduler.schedule(instance, new int[instance.subtaskCount()]);
            RequestPlacementDescent.Result result = descend(instance, allOnDevice, seed);
            assertThat(result.converged()).isTrue();
            assertThat(result.evaluation().objective()).as("seed %d", seed)
                    .isCloseTo(ExhaustiveOracle.solve(instance).objective(), within(1e-12));
        }
    }

    /**
     * One request, any tiny instance (DAG models, exclusive links, memory, queue limits, missing channels, both
     * objectives): one pass tries every candidate of the request, so the descent ends at the best of its start and of
     * every two-node split (first j subtasks on a, the rest on b; with the device first, also the sink back on the
     * device), enumerated here independently, each dispatched as the descent does.
     */
    @Test
    void endsAtTheBestTwoNodeSplitOfASingleRequest() {
        int checked = 0;
        for (long seed = 0; seed < 400 && checked < 40; seed++) {
            PipelineInstance instance = TinyPipelines.random(seed, 3, TinyPipelines.Features.ALL);
            if (instance.requestCount() != 1) {
                continue;
            }
            CompiledPipeline c = new CompiledPipeline(instance);
            SolveResult<PipelinePlan> heft = new HeftSolver().solve(instance, SolverSettings.defaults());
            if (!heft.status().hasPlan()) {
                continue;
            }
            PipelineEvaluation start = PipelineEvaluator.evaluate(instance, heft.plan());
            DispatchScheduler dispatcher = new DispatchScheduler(c);
            DispatchScheduler.Priority rule = DispatchScheduler.Priority.suitedTo(instance.objective());
            int n = instance.subtaskCount();
            int sink = c.sinkOf(0);
            int device = c.deviceOfRequest(0);
            double best = start.feasible() ? start.objective() : Double.POSITIVE_INFINITY;
            for (int a = 0; a < c.nodeCount(); a++) {
                for (int b = 0; b < c.nodeCount(); b++) {
                    for (int j = 0; j <= n; j++) {
                        for (int back = 0; back < 2; back++) {
                            int[] nodeOf = new int[n];
                            boolean allowed = true;
                            for (int id = 0; id < n; id++) {
                                nodeOf[id] = back == 1 && id == sink ? device : id < j ? a : b;
                                allowed &= c.allowed(id, nodeOf[id]);
                            }
                            if (allowed && (back == 0 || a == device)) {
                                best = Math.min(best, PipelineEvaluator.objective(instance,
                                        dispatcher.schedule(nodeOf, rule)));
                            }
                        }
                    }
                }
            }
            if (!start.feasible()) {
                continue;
            }
            RequestPlacementDescent.Result result = descend(instance, heft.plan(), seed);
            assertThat(result.evaluation().objective()).as("seed %d", seed).isCloseTo(best, within(1e-12 * best));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(20);
    }

    /**
     * Each layer's weights fit one edge node but not both layers together (memory 5 bytes, weights 4 each), and the
     * device is ten times slower: the optimum runs layer 1 on one edge node and layer 2 on the other (1 s input, 10 s,
     * 1 s between the nodes, 10 s, 1 s result: 23 s). From everything on the device (200 s) the descent must find that
     * split between two servers, which no device-first split gives.
     */
    @Test
    void splitsARequestBetweenTwoServersWhenNeitherHoldsItWhole() {
        List<Node> nodes = List.of(Node.of("dev", NodeKind.DEVICE, 1.0),
                new Node("edgeA", NodeKind.EDGE, 10.0, OptionalLong.of(5), OptionalInt.empty()),
                new Node("edgeB", NodeKind.EDGE, 10.0, OptionalLong.of(5), OptionalInt.empty()));
        List<Link> links = new ArrayList<>();
        for (String a : List.of("dev", "edgeA", "edgeB")) {
            for (String b : List.of("dev", "edgeA", "edgeB")) {
                if (!a.equals(b)) {
                    links.add(new Link(a, b, 8.0, 0.0));
                }
            }
        }
        DnnGraph chain = DnnGraph.chain("m", 1, 1, List.of("L1", "L2"), new double[] {100, 100},
                new double[] {1, 1}, new double[] {4, 4});
        PipelineInstance instance = new PipelineInstance("two-servers", "", nodes, links, Optional.empty(),
                Map.of("m", chain), List.of(new Endpoint("cam", "dev", "m", List.of(0.0), List.of())),
                PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false);
        PipelinePlan allOnDevice = ListScheduler.schedule(instance, new int[] {0, 0});
        assertThat(PipelineEvaluator.objective(instance, allOnDevice)).isEqualTo(200.0);
        RequestPlacementDescent.Result result = descend(instance, allOnDevice, 0);
        assertThat(result.evaluation().objective()).isEqualTo(23.0);
        int[] nodeOf = result.plan().nodeOf(2);
        assertThat(nodeOf[0]).isNotZero();
        assertThat(nodeOf[1]).isNotZero().isNotEqualTo(nodeOf[0]);
        assertThat(ExhaustiveOracle.solve(instance).objective()).isEqualTo(23.0);
    }

    /**
     * On seeded tiny instances with every feature (static mode, exclusive links, memory, queue limits, missing
     * channels): the plan is feasible, scored by the evaluator, never worse than the start, never below the
     * enumerated optimum, and the same for the same seed.
     */
    @Test
    void neverWorseThanItsStartNorBelowTheOptimumAndDeterministic() {
        int improved = 0;
        for (long seed = 0; seed < 60; seed++) {
            PipelineInstance instance = TinyPipelines.random(seed, 8, TinyPipelines.Features.ALL);
            SolveResult<PipelinePlan> heft = new HeftSolver().solve(instance, SolverSettings.defaults());
            if (!heft.status().hasPlan()) {
                continue;
            }
            PipelineEvaluation start = PipelineEvaluator.evaluate(instance, heft.plan());
            if (!start.feasible()) {
                continue;
            }
            RequestPlacementDescent.Result result = descend(instance, heft.plan(), seed);
            PipelineEvaluation again = PipelineEvaluator.evaluate(instance, result.plan());
            PipelineInvariants.check(instance, result.plan(), again);
            assertThat(result.evaluation().objective()).as("seed %d", seed).isEqualTo(again.objective())
                    .isLessThanOrEqualTo(start.objective())
                    .isGreaterThanOrEqualTo(ExhaustiveOracle.solve(instance).objective() - 1e-9);
            assertThat(descend(instance, heft.plan(), seed).plan()).isEqualTo(result.plan());
            if (result.evaluation().objective() < start.objective()) {
                improved++;
            }
        }
        // Not a vacuous check: HEFT's plan is beaten on some of them.
        assertThat(improved).isPositive();
    }

    /**
     * The contended family, where the descent earns its place (docs/pipeline-lns.md): it improves the preschedule-
     * retrieval plan of the 112-subtask instance (0.0612900 to 0.0612650, the best plan known, as measured), and the static
     * 8-endpoint instance by a quarter (0.670728 to 0.482678 as measured; static mode moves whole endpoints).
     */
    @Test
    void improvesThePrescheduleRetrievalPlansOfTheContendedFamily() {
        assertImproves("scaled-vgg5-e4-s2-r4-dynamic.json", 0.9997);
        assertImproves("scaled-vgg5-e8-s2-r12-static.json", 0.75);
    }

    private static void assertImproves(String file, double factor) {
        PipelineInstance instance = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/scaled/" + file));
        PipelinePlan start = new PrescheduleRetrievalSolver().solve(instance, SolverSettings.defaults()).plan();
        double startObjective = PipelineEvaluator.objective(instance, start);
        RequestPlacementDescent.Result result = descend(instance, start, 0);
        assertThat(result.converged()).isTrue();
        assertThat(result.evaluation().feasible()).isTrue();
        assertThat(result.evaluation().objective()).as(file).isLessThan(startObjective * factor);
    }
}
