package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
import org.junit.jupiter.api.Test;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;

/**
 * One {@link ConstraintVerifier} test per constraint, on a hand-made instance whose times are easy to follow: a
 * device {@code dev} of 1 GFLOP/s and an edge of 10 GFLOP/s; a chain model a → b of 1 GFLOP each (1 s on the
 * device, 0.1 s on the edge), 1000 bytes of input and of a's output, no result bytes; where connected, a channel of
 * 8 Mbit/s and 1 ms, so moving 1000 bytes takes 2 ms and the result 1 ms. Shadow times come from the schedule
 * listener ({@code settingAllShadowVariables}); each expected penalty is worked out in the test and, where the rule
 * is the evaluator's too, checked against its verdict.
 */
class PipelineConstraintProviderTest {
    private static final double MIB = 1024.0 * 1024.0;
    private final ConstraintVerifier<PipelineConstraintProvider, PipelineSchedule> verifier = ConstraintVerifier.build(
            new PipelineConstraintProvider(), PipelineSchedule.class, NodeQueue.class, SubtaskJob.class,
            MoveBatch.class);

    /** dev = node 0, edge = node 1; subtask ids: request k, layer a = 2k, layer b = 2k + 1. */
    static PipelineInstance instance(PlacementMode mode, PipelineObjective objective, boolean connected,
                                             List<String> allowed, long devMemory, int devQueueLimit,
                                             List<Double> releases) {
        Node dev = new Node("dev", NodeKind.DEVICE, 1e9,
                devMemory < 0 ? OptionalLong.empty() : OptionalLong.of(devMemory),
                devQueueLimit < 0 ? OptionalInt.empty() : OptionalInt.of(devQueueLimit));
        Node edge = Node.of("edge", NodeKind.EDGE, 1e10);
        DnnGraph chain = new DnnGraph("chain", 1000, 0, List.of(
                new DnnLayer("a", 1e9, 1000, 2 * MIB, List.of()),
                new DnnLayer("b", 1e9, 1000, 1.5 * MIB, List.of("a"))));
        Endpoint cam = new Endpoint("cam", "dev", "chain", releases, allowed);
        return new PipelineInstance("handmade", "", List.of(dev, edge), List.of(),
                connected ? Optional.of(new PipelineInstance.LinkSpec(8e6, 0.001)) : Optional.empty(),
                Map.of("chain", chain), List.of(cam), mode, objective, false);
    }

    private static PipelineInstance simple(PlacementMode mode, List<Double> releases) {
        return instance(mode, PipelineObjective.TOTAL_LATENCY, true, List.of(), -1, -1, releases);
    }

    private static PipelinePlan plan(int[] dev, int[] edge) {
        List<int[]> queues = new ArrayList<>();
        queues.add(dev);
        queues.add(edge);
        return new PipelinePlan(queues);
    }

    /** The schedule without weight overrides: a single-constraint verification knows only its own constraint. */
    private static PipelineSchedule schedule(PipelineInstance instance, PipelinePlan plan) {
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(instance), plan, 1L);
        schedule.setConstraintWeightOverrides(ConstraintWeightOverrides.none());
        return schedule;
    }

    private static PipelineEvaluation evaluate(PipelineInstance instance, PipelinePlan plan) {
        return PipelineEvaluator.evaluate(instance, plan);
    }

    @Test
    void nodeNotAllowed() {
        PipelineInstance devOnly = instance(PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, true,
                List.of("dev"), -1, -1, List.of(0.0, 0.5));
        PipelinePlan bothOnEdge = plan(new int[] {2, 3}, new int[] {0, 1});
        verifier.verifyThat(PipelineConstraintProvider::nodeNotAllowed)
                .givenSolution(schedule(devOnly, bothOnEdge)).settingAllShadowVariables().penalizesBy(2);
        assertThat(evaluate(devOnly, bothOnEdge).feasible()).isFalse();
        verifier.verifyThat(PipelineConstraintProvider::nodeNotAllowed)
                .givenSolution(schedule(devOnly, plan(new int[] {0, 1, 2, 3}, new int[0])))
                .settingAllShadowVariables().penalizesBy(0);
    }

    @Test
    void missingChannel() {
        PipelineInstance unconnected = instance(PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false,
                List.of(), -1, -1, List.of(0.0));
        // a on dev, b on edge: a's output cannot reach b, b's result cannot come back.
        PipelinePlan split = plan(new int[] {0}, new int[] {1});
        verifier.verifyThat(PipelineConstraintProvider::missingChannel)
                .givenSolution(schedule(unconnected, split)).settingAllShadowVariables().penalizesBy(2);
        // Both on the edge: the input cannot get there, the result cannot come back.
        verifier.verifyThat(PipelineConstraintProvider::missingChannel)
                .givenSolution(schedule(unconnected, plan(new int[0], new int[] {0, 1})))
                .settingAllShadowVariables().penalizesBy(2);
        verifier.verifyThat(PipelineConstraintProvider::missingChannel)
                .givenSolution(schedule(unconnected, plan(new int[] {0, 1}, new int[0])))
                .settingAllShadowVariables().penalizesBy(0);
        assertThat(evaluate(unconnected, split).feasible()).isFalse();
    }

    /**
     * Partly connected nodes (the shipped small scenario: each Pi has a channel to the edge, none to the other Pi):
     * subtasks on the fully connected edge are filtered out before the joins, which must not hide a violation.
     */
    @Test
    void missingChannelWhenOnlySomeNodesAreConnected() {
        PipelineInstance small = TimefoldFixtures.pipeline("small");
        int piA = small.nodeIndex("pi-a");
        int piB = small.nodeIndex("pi-b");
        int edge = small.nodeIndex("edge-gpu");
        int[] nodeOf = new int[small.subtaskCount()];
        for (int id = 0; id < nodeOf.length; id++) {
            nodeOf[id] = small.deviceOf(small.subtaskEndpoint(id));
        }
        int camA = 0;
        assertThat(small.deviceOf(camA)).isEqualTo(piA);
        assertThat(small.model(camA).layerCount()).isGreaterThan(2);
        // cam-a's request 0: first layer on pi-b (its input cannot get there, its output cannot reach pi-a).
        nodeOf[small.subtaskId(camA, 0, 0)] = piB;
        verifier.verifyThat(PipelineConstraintProvider::missingChannel)
                .givenSolution(schedule(small, org.edgeplan.pipeline.ListScheduler.schedule(small, nodeOf)))
                .settingAllShadowVariables().penalizesBy(2);
        // Its second layer through the edge instead: pi-b -> edge and edge -> pi-a exist, only the input is missing.
        nodeOf[small.subtaskId(camA, 0, 1)] = edge;
        verifier.verifyThat(PipelineConstraintProvider::missingChannel)
                .givenSolution(schedule(small, org.edgeplan.pipeline.ListScheduler.schedule(small, nodeOf)))
                .settingAllShadowVariables().penalizesBy(1);
    }

    @Test
    void staticPlacement() {
        PipelineInstance fixed = simple(PlacementMode.STATIC, List.of(0.0, 0.5));
        // Layer a: request 0 on dev, request 1 on edge; layer b on dev for both.
        PipelinePlan mixed = plan(new int[] {0, 1, 3}, new int[] {2});
        verifier.verifyThat(PipelineConstraintProvider::staticPlacement)
                .givenSolution(schedule(fixed, mixed)).settingAllShadowVariables().penalizesBy(1);
        assertThat(evaluate(fixed, mixed).feasible()).isFalse();
        PipelinePlan split = plan(new int[] {0, 2}, new int[] {1, 3});
        verifier.verifyThat(PipelineConstraintProvider::staticPlacement)
                .givenSolution(schedule(fixed, split)).settingAllShadowVariables().penalizesBy(0);
        assertThat(evaluate(fixed, split).feasible()).isTrue();
    }

    @Test
    void memoryCapacity() {
        // Weights of a (2 MiB) and b (1.5 MiB) count once per node however many requests use them.
        PipelineInstance small = instance(PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, true, List.of(),
                (long) MIB, -1, List.of(0.0, 0.5));
        PipelinePlan allOnDev = plan(new int[] {0, 1, 2, 3}, new int[0]);
        // 3.5 MiB on a 1 MiB device: 2.5 MiB over, rounded up to 3.
        verifier.verifyThat(PipelineConstraintProvider::memoryCapacity)
                .givenSolution(schedule(small, allOnDev)).settingAllShadowVariables().penalizesBy(3);
        // Only b's 1.5 MiB: 0.5 MiB over, rounded up to 1.
        PipelinePlan bOnDev = plan(new int[] {1, 3}, new int[] {0, 2});
        verifier.verifyThat(PipelineConstraintProvider::memoryCapacity)
                .givenSolution(schedule(small, bOnDev)).settingAllShadowVariables().penalizesBy(1);
        assertThat(evaluate(small, bOnDev).feasible()).isFalse();
        PipelineInstance roomy = instance(PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, true, List.of(),
                (long) (3.5 * MIB), -1, List.of(0.0, 0.5));
        verifier.verifyThat(PipelineConstraintProvider::memoryCapacity)
                .givenSolution(schedule(roomy, allOnDev)).settingAllShadowVariables().penalizesBy(0);
        assertThat(evaluate(roomy, allOnDev).feasible()).isTrue();
    }

    @Test
    void queueLimit() {
        // All on dev, releases 0, 0.1, 0.2: a0 [0,1], b0 [1,2], a1 waits [0.1, 2), b1 [3,4], a2 waits [0.2, 4):
        // two wait at once during [0.2, 2).
        List<Double> releases = List.of(0.0, 0.1, 0.2);
        PipelinePlan inOrder = plan(new int[] {0, 1, 2, 3, 4, 5}, new int[0]);
        for (int limit = 0; limit <= 2; limit++) {
            PipelineInstance limited = instance(PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, true,
                    List.of(), -1, limit, releases);
            verifier.verifyThat(PipelineConstraintProvider::queueLimit)
                    .givenSolution(schedule(limited, inOrder)).settingAllShadowVariables()
                    .penalizesBy(Math.max(0, 2 - limit));
            assertThat(evaluate(limited, inOrder).feasible()).as("limit %d", limit).isEqualTo(limit >= 2);
        }
    }

    @Test
    void queueLimitCountsHalfOpenWaits() {
        // Releases 0 and 1: a1 is ready at 1, exactly when b0 starts (a0 [0,1], b0 [1,2]), and waits [1, 2);
        // b0 itself never waits. One waits at a time.
        PipelineInstance limited = instance(PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, true, List.of(),
                -1, 1, List.of(0.0, 1.0));
        PipelinePlan inOrder = plan(new int[] {0, 1, 2, 3}, new int[0]);
        verifier.verifyThat(PipelineConstraintProvider::queueLimit)
                .givenSolution(schedule(limited, inOrder)).settingAllShadowVariables().penalizesBy(0);
        assertThat(evaluate(limited, inOrder).feasible()).isTrue();
    }

    @Test
    void deadlock() {
        PipelineInstance fixed = simple(PlacementMode.STATIC, List.of(0.0, 0.5));
        // b0 heads the queue but needs a0, queued behind it: nothing on dev ever starts.
        PipelinePlan stuck = plan(new int[] {1, 0, 2, 3}, new int[0]);
        verifier.verifyThat(PipelineConstraintProvider::deadlock)
                .givenSolution(schedule(fixed, stuck)).settingAllShadowVariables().penalizesBy(4);
        assertThat(evaluate(fixed, stuck).violations()).anyMatch(v -> v.startsWith("deadlock"));
        // Request 1 queued before request 0 is slow but not stuck.
        verifier.verifyThat(PipelineConstraintProvider::deadlock)
                .givenSolution(schedule(fixed, plan(new int[] {2, 3, 0, 1}, new int[0])))
                .settingAllShadowVariables().penalizesBy(0);
        // Across nodes: a1 waits behind b0 on the edge, b0 waits for a0, which waits behind b1 (which needs a1).
        PipelineInstance dynamic = simple(PlacementMode.DYNAMIC, List.of(0.0, 0.5));
        PipelinePlan cycle = plan(new int[] {3, 0}, new int[] {1, 2});
        verifier.verifyThat(PipelineConstraintProvider::deadlock)
                .givenSolution(schedule(dynamic, cycle)).settingAllShadowVariables().penalizesBy(4);
        assertThat(evaluate(dynamic, cycle).feasible()).isFalse();
    }

    @Test
    void totalLatency() {
        PipelineInstance fixed = simple(PlacementMode.STATIC, List.of(0.0, 0.5));
        // a0 [0,1], b0 [1,2]; a1 [2,3], b1 [3,4]: latencies 2 and 3.5 s.
        PipelinePlan allOnDev = plan(new int[] {0, 1, 2, 3}, new int[0]);
        verifier.verifyThat(PipelineConstraintProvider::totalLatency)
                .givenSolution(schedule(fixed, allOnDev)).settingAllShadowVariables().penalizesBy(5_500_000_000L);
        assertThat(evaluate(fixed, allOnDev).objective()).isEqualTo(5.5);
        // Split: a on dev [0,1], its output arrives on the edge at 1.002, b [1.002, 1.102], result back at 1.103;
        // request 1: a1 [1, 2], b1 ready 2.002, [2.002, 2.102], back at 2.103, latency 1.603.
        PipelinePlan split = plan(new int[] {0, 2}, new int[] {1, 3});
        verifier.verifyThat(PipelineConstraintProvider::totalLatency)
                .givenSolution(schedule(fixed, split)).settingAllShadowVariables()
                .penalizesBy(1_103_000_000L + 1_603_000_000L);
        assertThat(evaluate(fixed, split).objective()).isCloseTo(2.706, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void makespan() {
        PipelineInstance fixed = instance(PlacementMode.STATIC, PipelineObjective.MAKESPAN, true, List.of(), -1, -1,
                List.of(0.0, 0.5));
        verifier.verifyThat(PipelineConstraintProvider::makespan)
                .givenSolution(schedule(fixed, plan(new int[] {0, 1, 2, 3}, new int[0])))
                .settingAllShadowVariables().penalizesBy(4_000_000_000L);
        // A total-latency instance has no makespan term.
        verifier.verifyThat(PipelineConstraintProvider::makespan)
                .givenSolution(schedule(simple(PlacementMode.STATIC, List.of(0.0, 0.5)),
                        plan(new int[] {0, 1, 2, 3}, new int[0])))
                .settingAllShadowVariables().penalizesBy(0);
    }

    @Test
    void pipelineStall() {
        // dev: a0 [0,1], b0 [1,2], idle, a1 [5,6], b1 [6,7]: span 7 s, busy 4 s, stall 3 s; edge unused.
        PipelineInstance sparse = simple(PlacementMode.STATIC, List.of(0.0, 5.0));
        PipelinePlan allOnDev = plan(new int[] {0, 1, 2, 3}, new int[0]);
        verifier.verifyThat(PipelineConstraintProvider::pipelineStall)
                .givenSolution(schedule(sparse, allOnDev)).settingAllShadowVariables().penalizesBy(3_000_000_000L);
        assertThat(evaluate(sparse, allOnDev).totalStallSeconds()).isEqualTo(3.0);
    }
}
