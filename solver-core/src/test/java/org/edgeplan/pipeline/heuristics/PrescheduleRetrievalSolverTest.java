package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.MultiEndpointDag;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineFixtures;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.RandomPipelines;

class PrescheduleRetrievalSolverTest {
    private static final SolverSettings SETTINGS = SolverSettings.defaults().withTimeLimit(20);

    @ParameterizedTest
    @ValueSource(strings = {"small", "medium"})
    void neverWorseThanDeviceOnlyAndEdgeOnlyOnTheShippedScenarios(String size) {
        Path root = ProjectRoot.root();
        PipelineInstance instance = InstanceIo.readPipeline(root.resolve("instances/pipeline/" + size + ".json"));
        SolveResult<PipelinePlan> result = new PrescheduleRetrievalSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, result.plan());
        assertThat(evaluation.feasible()).isTrue();
        assertThat(result.solverObjective()).isEqualTo(evaluation.objective());
        // True by construction: both baselines' plans are starts, and only improvements are kept.
        double deviceOnly = new PipelineDeviceOnlySolver().solve(instance, SETTINGS).solverObjective();
        double edgeOnly = new PipelineEdgeOnlySolver().solve(instance, SETTINGS).solverObjective();
        assertThat(result.solverObjective()).isLessThanOrEqualTo(Math.min(deviceOnly, edgeOnly));
        assertThat(result.solverObjective()).isLessThanOrEqualTo((Double) result.statistics().get("startObjective"));
        SolveResult<PipelinePlan> again = new PrescheduleRetrievalSolver().solve(instance, SETTINGS);
        assertThat(again.plan()).isEqualTo(result.plan());
    }

    @Test
    void virtualWaitingTimeOfASimulatedScheduleByHand() {
        // Device-only, two requests at 0 and 0.5 (see PipelineBaselinesTest): r0.L1 0..1, r1.L1 1..2, r0.L2 2..4,
        // r1.L2 4..6, r0.L3 6..6.4, r1.L3 6.4..6.8; ready times 0, 0.5, 1, 2, 4, 6 (r0.L1, r1.L1, r0.L2, r1.L2, ...).
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.5));
        PipelinePlan plan = new PipelineDeviceOnlySolver().solve(instance, SETTINGS).plan();
        NodeBacklog backlog = new NodeBacklog(instance, PipelineEvaluator.evaluate(instance, plan));
        // At 0.5: r0.L1 has 0.5 s left, r1.L1 (1 s) waits.
        assertThat(backlog.at(0, 0.5)).isCloseTo(1.5, within(EPS));
        // At 1.5: r1.L1 has 0.5 s left, r0.L2 (2 s) waits; without request 1 (ids 3..5) only r0.L2 remains.
        assertThat(backlog.at(0, 1.5)).isCloseTo(2.5, within(EPS));
        assertThat(backlog.atExcluding(0, 1.5, 3, 3)).isCloseTo(2.0, within(EPS));
        ChoiceRetrieval.TimedWait request1 = backlog.forRequest(3, 3, 0.5);
        assertThat(request1.seconds(0, 0, 1.0)).isCloseTo(2.0, within(EPS));
        // At 6.5 only r1.L3 runs (0.3 s left); nothing waits on the idle edge.
        assertThat(backlog.at(0, 6.5)).isCloseTo(0.3, within(EPS));
        assertThat(backlog.at(1, 1.0)).isZero();
    }

    @Test
    void timedSweepAndJGraphTDijkstraAgreeWhenWaitsDoNotDependOnTime() {
        SplittableRandom random = new SplittableRandom(3);
        int compared = 0;
        for (int trial = 0; trial < 300; trial++) {
            PipelineInstance instance = RandomPipelines.instance(random, false, PlacementMode.DYNAMIC);
            MultiEndpointDag dag = new MultiEndpointDag(instance);
            for (int e = 0; e < instance.endpointCount(); e++) {
                DnnGraph model = instance.model(e);
                long sources = IntStream.range(0, model.layerCount()).filter(model::isSource).count();
                if (sources != 1) {
                    continue;   // with several sources the sweep takes the input's arrival as a max, Dijkstra a sum
                }
                ChoiceRetrieval retrieval = new ChoiceRetrieval(dag, e);
                double[][] waits = retrieval.waits();
                for (double[] row : waits) {
                    for (int n = 0; n < row.length; n++) {
                        row[n] = random.nextInt(3) == 0 ? 0 : 0.05 * random.nextDouble();
                    }
                }
                ChoiceRetrieval.TimedWait fixed = (v, n, since) -> waits[v][n];
                int[] byDijkstra = retrieval.retrieve();
                int[] bySweep = retrieval.retrieveTimed(fixed);
                double dijkstraCost = retrieval.pathCost(byDijkstra);
                assertThat(retrieval.timedPathCost(bySweep, fixed)).isCloseTo(dijkstraCost, within(1e-12));
                assertThat(retrieval.timedPathCost(byDijkstra, fixed)).isCloseTo(dijkstraCost, within(1e-12));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    @Test
    void constructivePreschedulingByHand() {
        // Chain fixture (dev 1 GFLOP/s, edge 4 GFLOP/s), two requests released at 0.
        // Request 0 alone: all on the edge, 0.51 + 0.25 + 0.5 + 0.1 + 0.011 = 1.371, booked on the edge at
        // [0.51, 0.76], [0.76, 1.26], [1.26, 1.36]. Request 1: all on the edge would wait until 1.36 (2.221); L1 on
        // the device [0, 1], L2 on the edge from max(1.11, 1.36) = 1.36 to 1.86, L3 to 1.96, back 1.971: best.
        // In the booked order the evaluator gives 1.371 + 1.971 = 3.342; list-scheduled (earliest ready first: r1.L2,
        // ready 1.11, goes before r0.L3, ready 1.26) 1.871 + 1.971 = 3.842; device-only and edge-only are worse
        // (all on the edge, list-scheduled: 2.121 + 2.221 = 4.342).
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.0));
        SolveResult<PipelinePlan> result = new PrescheduleRetrievalSolver().solve(instance, SETTINGS);
        assertThat(result.statistics().get("start")).isEqualTo("constructive prescheduling, booked order");
        assertThat((Double) result.statistics().get("startObjective")).isCloseTo(3.342, within(EPS));
        assertThat(new PipelineEdgeOnlySolver().solve(instance, SETTINGS).solverObjective())
                .isCloseTo(4.342, within(EPS));
        assertThat(result.solverObjective()).isLessThanOrEqualTo(3.342 + EPS);
        assertThat(PipelineEvaluator.evaluate(instance, result.plan()).objective()).isEqualTo(result.solverObjective());
    }

    @Test
    void staticModeKeepsOnePlacementPerEndpointAndDynamicModeMayRemapRequests() {
        // Three cameras stream the chain model to one edge faster than it can serve them all.
        for (PlacementMode mode : PlacementMode.values()) {
            PipelineInstance instance = congested(mode);
            SolveResult<PipelinePlan> result = new PrescheduleRetrievalSolver().solve(instance, SETTINGS);
            assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, result.plan());
            assertThat(evaluation.feasible()).as(evaluation.violations().toString()).isTrue();
            double edgeOnly = new PipelineEdgeOnlySolver().solve(instance, SETTINGS).solverObjective();
            assertThat(result.solverObjective()).isLessThanOrEqualTo(edgeOnly);
            int[] nodeOf = result.plan().nodeOf(instance.subtaskCount());
            if (mode == PlacementMode.STATIC) {
                for (int e = 0; e < instance.endpointCount(); e++) {
                    for (int k = 1; k < instance.endpoint(e).requestCount(); k++) {
                        for (int v = 0; v < 3; v++) {
                            assertThat(nodeOf[instance.subtaskId(e, k, v)])
                                    .isEqualTo(nodeOf[instance.subtaskId(e, 0, v)]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void infeasibleWithTheReasonWhenNoStartIsFeasible() {
        // The endpoint may only use an edge that has no channel back to the device.
        DnnGraph model = PipelineFixtures.chain3(0);
        PipelineInstance instance = new PipelineInstance("one-way", "", List.of(PipelineFixtures.dev(),
                Node.of("edge", NodeKind.EDGE, 4e9)), List.of(new Link("dev", "edge", 8e6, 0.01)),
                Optional.empty(), Map.of(model.name(), model),
                List.of(new Endpoint("cam", "dev", model.name(), List.of(0.0), List.of("edge"))), PlacementMode.STATIC,
                PipelineObjective.TOTAL_LATENCY, false);
        SolveResult<PipelinePlan> result = new PrescheduleRetrievalSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(result.message()).startsWith("preschedule-retrieval: no feasible start");
        assertThat(result.message()).contains("cam");
    }

    static PipelineInstance congested(PlacementMode mode) {
        DnnGraph model = PipelineFixtures.chain3(0);
        List<Node> nodes = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            nodes.add(Node.of("d" + e, NodeKind.DEVICE, 1e9));
            endpoints.add(new Endpoint("ep" + e, "d" + e, "m", Endpoint.periodic(4, 0.5, 0.1 * e), List.of()));
        }
        nodes.add(Node.of("edge", NodeKind.EDGE, 4e9));
        return new PipelineInstance("congested", "", nodes, List.of(),
                Optional.of(new PipelineInstance.LinkSpec(8e6, 0.01)), Map.of("m", model), endpoints, mode,
                PipelineObjective.TOTAL_LATENCY, false);
    }
}
