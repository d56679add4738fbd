package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineFixtures;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.junit.jupiter.api.Test;

class HeftSolverTest {
    private static final SolverSettings SETTINGS = SolverSettings.defaults().withTimeLimit(5);

    /**
     * A textbook-like fork-join on three identical 1 GFLOP/s nodes (dev, A, B), transfers of 1 µs per byte and no
     * latency, input and result of 0 bytes, objective makespan. t1 (2 s) -> {t2 (3 s), t3 (4 s), t4 (2 s)} -> t5 (1 s);
     * outputs t1 1e6 B (1 s), t2 2e6 B (2 s), t3 1e6 B (1 s), t4 1e6 B (1 s).
     */
    static PipelineInstance forkJoin(PlacementMode mode, List<Double> releases) {
        DnnGraph model = new DnnGraph("fork-join", 0, 0, List.of(
                new DnnLayer("t1", 2e9, 1e6, 0, List.of()),
                new DnnLayer("t2", 3e9, 2e6, 0, List.of("t1")),
                new DnnLayer("t3", 4e9, 1e6, 0, List.of("t1")),
                new DnnLayer("t4", 2e9, 1e6, 0, List.of("t1")),
                new DnnLayer("t5", 1e9, 0, 0, List.of("t2", "t3", "t4"))));
        return new PipelineInstance("fork-join", "", List.of(Node.of("dev", NodeKind.DEVICE, 1e9),
                Node.of("A", NodeKind.EDGE, 1e9), Node.of("B", NodeKind.EDGE, 1e9)), List.of(),
                Optional.of(new PipelineInstance.LinkSpec(8e6, 0)), Map.of(model.name(), model),
                List.of(new Endpoint("cam", "dev", model.name(), releases, List.of())), mode,
                PipelineObjective.MAKESPAN, false);
    }

    @Test
    void upwardRanksByHand() {
        // Mean transfer = bytes · 1 µs (every pair alike); result 0 B with no latency costs 0.
        // rank(t5) = 1; rank(t2) = 3 + 2 + 1 = 6; rank(t3) = 4 + 1 + 1 = 6; rank(t4) = 2 + 1 + 1 = 4;
        // rank(t1) = 2 + max(1 + 6, 1 + 6, 1 + 4) = 9.
        double[][] rank = HeftSolver.upwardRanks(forkJoin(PlacementMode.DYNAMIC, List.of(0.0)));
        assertThat(rank[0]).containsExactly(new double[] {9, 6, 6, 4, 1}, within(EPS));
        assertThat(HeftSolver.priorityOrder(forkJoin(PlacementMode.DYNAMIC, List.of(0.0)), rank))
                .containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void scheduleOfTheForkJoinByHand() {
        PipelineInstance instance = forkJoin(PlacementMode.DYNAMIC, List.of(0.0));
        SolveResult<PipelinePlan> result = new HeftSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        // t1: EFT 2 everywhere, lowest index: dev [0, 2]. t2: dev 5, A/B 2 + 1 + 3 = 6 -> dev [2, 5].
        // t3: dev [5, 9], A [3, 7], B [3, 7] -> A. t4: dev 7, A 9, B [3, 5] -> B.
        // t5: dev ready max(5, 7 + 1, 5 + 1) = 8 -> 9; A ready max(5 + 2, 7, 5 + 1) = 7 -> [7, 8]; B 8 -> 9. A wins.
        assertThat(result.plan().queue(0)).containsExactly(0, 1);
        assertThat(result.plan().queue(1)).containsExactly(2, 4);
        assertThat(result.plan().queue(2)).containsExactly(3);
        assertThat((Double) result.statistics().get("heftObjectiveEstimate")).isCloseTo(8, within(EPS));
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, result.plan());
        assertThat(evaluation.feasible()).isTrue();
        assertThat(evaluation.startTimes()).containsExactly(new double[] {0, 2, 3, 3, 7}, within(EPS));
        assertThat(evaluation.makespanSeconds()).isCloseTo(8, within(EPS));
        assertThat(result.solverObjective()).isEqualTo(evaluation.objective());
    }

    @Test
    void honoursReleaseTimesAndFixesLayersInStaticMode() {
        // Two requests, the second released at 1 s while the first still runs. Static: request 0 fixes every layer.
        PipelineInstance instance = forkJoin(PlacementMode.STATIC, List.of(0.0, 1.0));
        SolveResult<PipelinePlan> result = new HeftSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        int[] nodeOf = result.plan().nodeOf(instance.subtaskCount());
        for (int v = 0; v < 5; v++) {
            assertThat(nodeOf[5 + v]).as("layer %d", v).isEqualTo(nodeOf[v]);
        }
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, result.plan());
        assertThat(evaluation.feasible()).isTrue();
        assertThat(evaluation.startSeconds(5)).isGreaterThanOrEqualTo(1.0);
        assertThat(result.solverObjective()).isEqualTo(evaluation.objective());
        // The evaluator replays HEFT's orders semi-actively: never later than HEFT's own estimate.
        assertThat(result.solverObjective())
                .isLessThanOrEqualTo((Double) result.statistics().get("heftObjectiveEstimate"));
    }

    @Test
    void respectsAllowedNodesAndMemory() {
        // Edge memory 100 B, 60 B per layer: one layer fits on the edge; the rest stay on the device.
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.2), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, OptionalLong.of(100), OptionalInt.empty());
        SolveResult<PipelinePlan> result = new HeftSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, result.plan());
        assertThat(evaluation.feasible()).as(evaluation.violations().toString()).isTrue();
        int[] nodeOf = result.plan().nodeOf(instance.subtaskCount());
        long layersOnEdge = IntStream.range(0, 3)
                .filter(v -> nodeOf[v] == 1 || nodeOf[3 + v] == 1).count();
        assertThat(layersOnEdge).isLessThanOrEqualTo(1);

        PipelineInstance edgeOnly = PipelineFixtures.single(List.of(PipelineFixtures.dev(),
                        PipelineFixtures.edge(4e9, OptionalLong.empty(), OptionalInt.empty())),
                        PipelineFixtures.bothWays(),
                PipelineFixtures.chain3(0), List.of(0.0), List.of("edge"), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, false);
        SolveResult<PipelinePlan> onEdge = new HeftSolver().solve(edgeOnly, SETTINGS);
        assertThat(onEdge.plan().queue(0)).isEmpty();
        // 0.51 + 0.25 + 0.5 + 0.1 + 0.011.
        assertThat(onEdge.solverObjective()).isCloseTo(1.371, within(EPS));
    }

    @Test
    void infeasibleWhenNoNodeCanTakeASubtask() {
        PipelineInstance instance = PipelineFixtures.single(List.of(PipelineFixtures.dev(),
                        PipelineFixtures.edge(4e9, OptionalLong.of(10), OptionalInt.empty())),
                        PipelineFixtures.bothWays(),
                PipelineFixtures.chain3(60), List.of(0.0), List.of("edge"), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, false);
        SolveResult<PipelinePlan> result = new HeftSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(result.message()).contains("heft", "cam/0/L1");
    }
}
