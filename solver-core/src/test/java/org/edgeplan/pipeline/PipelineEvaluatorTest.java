package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;
import static org.edgeplan.pipeline.PipelineFixtures.bothWays;
import static org.edgeplan.pipeline.PipelineFixtures.chain;
import static org.edgeplan.pipeline.PipelineFixtures.chain3;
import static org.edgeplan.pipeline.PipelineFixtures.dev;
import static org.edgeplan.pipeline.PipelineFixtures.diamond;
import static org.edgeplan.pipeline.PipelineFixtures.edge;
import static org.edgeplan.pipeline.PipelineFixtures.plan;
import static org.edgeplan.pipeline.PipelineFixtures.single;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class PipelineEvaluatorTest {

    private PipelineEvaluation evaluate(PipelineInstance instance, PipelinePlan plan) {
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, plan);
        // The fast path must agree with the full evaluation, feasible or not.
        assertThat(PipelineEvaluator.objective(instance, plan)).isEqualTo(evaluation.objective());
        return evaluation;
    }

    @Test
    void chainOneRequestSplitAfterFirstLayer() {
        PipelineInstance instance = chain(List.of(0.0));
        // ids: L1 = 0, L2 = 1, L3 = 2. L1 on dev, L2 and L3 on edge.
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0}, new int[] {1, 2}));
        assertThat(ev.violations()).isEmpty();
        // L1: input born on dev, ready 0, runs 0..1 (1 GFLOP at 1 GFLOP/s).
        assertThat(ev.readySeconds(0)).isCloseTo(0.0, within(EPS));
        assertThat(ev.startSeconds(0)).isCloseTo(0.0, within(EPS));
        assertThat(ev.finishSeconds(0)).isCloseTo(1.0, within(EPS));
        // L2: 1e5 B over dev->edge = 0.01 + 0.1 = 0.11 s -> ready 1.11, runs 0.5 s on edge.
        assertThat(ev.readySeconds(1)).isCloseTo(1.11, within(EPS));
        assertThat(ev.startSeconds(1)).isCloseTo(1.11, within(EPS));
        assertThat(ev.finishSeconds(1)).isCloseTo(1.61, within(EPS));
        // L3: same node, ready 1.61, runs 0.1 s.
        assertThat(ev.startSeconds(2)).isCloseTo(1.61, within(EPS));
        assertThat(ev.finishSeconds(2)).isCloseTo(1.71, within(EPS));
        // Result 1000 B back: 0.011 s -> completion 1.721.
        assertThat(ev.completionSeconds(0)).isCloseTo(1.721, within(EPS));
        assertThat(ev.latencySeconds(0)).isCloseTo(1.721, within(EPS));
        assertThat(ev.totalLatencySeconds()).isCloseTo(1.721, within(EPS));
        assertThat(ev.makespanSeconds()).isCloseTo(1.721, within(EPS));
        assertThat(ev.objective()).isCloseTo(1.721, within(EPS));
        assertThat(ev.totalQueueingDelaySeconds()).isCloseTo(0.0, within(EPS));
        // Edge busy 0.6 s from 1.11 to 1.71: no stall.
        assertThat(ev.nodeBusySeconds(1)).isCloseTo(0.6, within(EPS));
        assertThat(ev.nodeStallSeconds(1)).isCloseTo(0.0, within(EPS));
        assertThat(ev.nodeUtilisation(1)).isCloseTo(0.6 / 1.721, within(EPS));
        assertThat(ev.nodeSubtaskCount(0)).isEqualTo(1);
        assertThat(ev.nodeSubtaskCount(1)).isEqualTo(2);
        assertThat(ev.transfers()).hasSize(2);
    }

    @Test
    void chainOneRequestAllOnDeviceAndAllOnEdge() {
        PipelineInstance instance = chain(List.of(0.0));
        // All on dev: 1 + 2 + 0.4 = 3.4 s, no transfer.
        assertThat(evaluate(instance, plan(new int[] {0, 1, 2}, new int[0])).objective()).isCloseTo(3.4, within(EPS));
        // All on edge: input 0.51, then 0.25 + 0.5 + 0.1, result 0.011 -> 1.371 (the best split).
        PipelineEvaluation ev = evaluate(instance, plan(new int[0], new int[] {0, 1, 2}));
        assertThat(ev.startSeconds(0)).isCloseTo(0.51, within(EPS));
        assertThat(ev.objective()).isCloseTo(1.371, within(EPS));
        assertThat(ev.nodeStallSeconds(0)).isEqualTo(0.0);
    }

    @Test
    void chainTwoRequestsQueueAndStall() {
        PipelineInstance instance = chain(List.of(0.0, 0.5));
        // ids: request 0 = 0, 1, 2; request 1 = 3, 4, 5. L1s on dev, L2 and L3 on edge.
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0, 3}, new int[] {1, 2, 4, 5}));
        assertThat(ev.violations()).isEmpty();
        // r0 as in the one-request case: 0..1, 1.11..1.61, 1.61..1.71, completion 1.721.
        assertThat(ev.finishSeconds(2)).isCloseTo(1.71, within(EPS));
        // r1 L1 released 0.5, dev busy until 1: waits 0.5, runs 1..2.
        assertThat(ev.readySeconds(3)).isCloseTo(0.5, within(EPS));
        assertThat(ev.startSeconds(3)).isCloseTo(1.0, within(EPS));
        assertThat(ev.finishSeconds(3)).isCloseTo(2.0, within(EPS));
        assertThat(ev.queueingDelaySeconds(3)).isCloseTo(0.5, within(EPS));
        // r1 L2 ready 2.11 (edge idle since 1.71): 2.11..2.61; L3 2.61..2.71; completion 2.721.
        assertThat(ev.startSeconds(4)).isCloseTo(2.11, within(EPS));
        assertThat(ev.finishSeconds(4)).isCloseTo(2.61, within(EPS));
        assertThat(ev.startSeconds(5)).isCloseTo(2.61, within(EPS));
        assertThat(ev.finishSeconds(5)).isCloseTo(2.71, within(EPS));
        assertThat(ev.completionSeconds(1)).isCloseTo(2.721, within(EPS));
        assertThat(ev.latencySeconds(1)).isCloseTo(2.221, within(EPS));
        // Total 1.721 + 2.221 = 3.942, mean 1.971, makespan 2.721, queueing 0.5.
        assertThat(ev.totalLatencySeconds()).isCloseTo(3.942, within(EPS));
        assertThat(ev.meanLatencySeconds()).isCloseTo(1.971, within(EPS));
        assertThat(ev.makespanSeconds()).isCloseTo(2.721, within(EPS));
        assertThat(ev.totalQueueingDelaySeconds()).isCloseTo(0.5, within(EPS));
        // Edge: first start 1.11, last finish 2.71, busy 1.2 -> stall 1.6 - 1.2 = 0.4 (idle 1.71..2.11).
        assertThat(ev.nodeBusySeconds(1)).isCloseTo(1.2, within(EPS));
        assertThat(ev.nodeStallSeconds(1)).isCloseTo(0.4, within(EPS));
        assertThat(ev.nodeStallSeconds(0)).isCloseTo(0.0, within(EPS));
        assertThat(ev.nodeUtilisation(0)).isCloseTo(2.0 / 2.721, within(EPS));

        PipelineInstance makespan = chain(List.of(0.0, 0.5), PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN,
                OptionalLong.empty(), OptionalInt.empty());
        assertThat(evaluate(makespan, plan(new int[] {0, 3}, new int[] {1, 2, 4, 5})).objective())
                .isCloseTo(2.721, within(EPS));
    }

    @Test
    void diamondWithTransfers() {
        PipelineInstance instance = diamond(false);
        // ids a = 0, b = 1, c = 2, d = 3; dev runs [a, c], edge (1 GFLOP/s here) runs [b, d].
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0, 2}, new int[] {1, 3}));
        assertThat(ev.violations()).isEmpty();
        // a 0..1; b: 1e5 B -> 0.11 s, 1.11..2.11; c: same node, 1..3; d: max(2.11, 3 + 0.21) = 3.21, 3.21..4.21.
        assertThat(ev.finishSeconds(0)).isCloseTo(1.0, within(EPS));
        assertThat(ev.startSeconds(1)).isCloseTo(1.11, within(EPS));
        assertThat(ev.finishSeconds(1)).isCloseTo(2.11, within(EPS));
        assertThat(ev.startSeconds(2)).isCloseTo(1.0, within(EPS));
        assertThat(ev.finishSeconds(2)).isCloseTo(3.0, within(EPS));
        assertThat(ev.readySeconds(3)).isCloseTo(3.21, within(EPS));
        assertThat(ev.finishSeconds(3)).isCloseTo(4.21, within(EPS));
        assertThat(ev.objective()).isCloseTo(4.221, within(EPS));
        // Edge: 1.11..4.21 is 3.1 s with 2 s busy -> stall 1.1.
        assertThat(ev.nodeStallSeconds(1)).isCloseTo(1.1, within(EPS));
        assertThat(ev.transfers()).hasSize(3);
    }

    @Test
    void linkExclusivitySerialisesTransfersOnOneChannel() {
        // dev runs [a]; edge runs [c, b, d]. a's output goes to b and c over the same channel at t = 1.
        PipelinePlan p = plan(new int[] {0}, new int[] {2, 1, 3});
        // Shared links: both arrive at 1.11. c 1.11..3.11, b 3.11..4.11, d 4.11..5.11, result -> 5.121.
        PipelineEvaluation shared = evaluate(diamond(false), p);
        assertThat(shared.startSeconds(2)).isCloseTo(1.11, within(EPS));
        assertThat(shared.objective()).isCloseTo(5.121, within(EPS));
        assertThat(shared.totalQueueingDelaySeconds()).isCloseTo(2.0, within(EPS));
        // Exclusive: FIFO tie at t = 1 broken by consumer id: a->b (id 1) moves 1..1.11, a->c (id 2) 1.11..1.22.
        // c 1.22..3.22, b 3.22..4.22, d 4.22..5.22, result 5.22..5.231.
        PipelineEvaluation exclusive = evaluate(diamond(true), p);
        assertThat(exclusive.violations()).isEmpty();
        assertThat(exclusive.readySeconds(1)).isCloseTo(1.11, within(EPS));
        assertThat(exclusive.readySeconds(2)).isCloseTo(1.22, within(EPS));
        assertThat(exclusive.startSeconds(2)).isCloseTo(1.22, within(EPS));
        assertThat(exclusive.startSeconds(1)).isCloseTo(3.22, within(EPS));
        assertThat(exclusive.finishSeconds(3)).isCloseTo(5.22, within(EPS));
        assertThat(exclusive.objective()).isCloseTo(5.231, within(EPS));
        assertThat(exclusive.totalQueueingDelaySeconds()).isCloseTo(2.11, within(EPS));
        List<PipelineEvaluation.Transfer> toEdge = exclusive.transfers().stream()
                .filter(t -> t.fromNode() == 0 && t.toNode() == 1).toList();
        assertThat(toEdge).hasSize(2);
        assertThat(toEdge).allSatisfy(t -> assertThat(t.availableSeconds()).isCloseTo(1.0, within(EPS)));
    }

    @Test
    void staticModeViolationNamesLayerAndRequest() {
        PipelinePlan p = plan(new int[] {0}, new int[] {1, 2, 3, 4, 5});
        PipelineInstance staticMode = chain(List.of(0.0, 0.5), PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY,
                OptionalLong.empty(), OptionalInt.empty());
        PipelineEvaluation ev = evaluate(staticMode, p);
        assertThat(ev.feasible()).isFalse();
        assertThat(ev.objective()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ev.violations()).containsExactly("static mode: layer 'L1' of endpoint 'cam' runs on node 'dev' "
                + "for request 0 but on node 'edge' for request 1");
        assertThat(evaluate(chain(List.of(0.0, 0.5)), p).feasible()).isTrue();
    }

    @Test
    void memoryCountsDistinctLayersOnce() {
        // Every layer has 60 B of weights; edge holds 100 B.
        PipelineInstance instance = chain(List.of(0.0, 0.5), PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY,
                OptionalLong.of(100), OptionalInt.empty());
        PipelineEvaluation tooMuch = evaluate(instance, plan(new int[] {0, 3}, new int[] {1, 2, 4, 5}));
        assertThat(tooMuch.feasible()).isFalse();
        assertThat(tooMuch.violations()).singleElement().asString()
                .contains("node 'edge' holds the weights of 2 distinct layers").contains("memory of 100 bytes");
        // L2 of both requests on edge: one distinct layer, 60 B.
        PipelineEvaluation fits = evaluate(instance, plan(new int[] {0, 3, 2, 5}, new int[] {1, 4}));
        assertThat(fits.violations()).isEmpty();
    }

    @Test
    void fastPathCountsMemoryAfreshForEveryPlan() {
        // Every layer has 60 B of weights; edge holds 100 B. The fast path stops at the first violation; what it
        // counted for that plan must not leak into the next one (it once did: L1 and L2 stayed counted, so a plan with
        // all three layers on edge came out feasible).
        PipelineInstance instance = chain(List.of(0.0), PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY,
                OptionalLong.of(100), OptionalInt.empty());
        PipelineSimulator simulator = new PipelineSimulator(instance);
        assertThat(simulator.objective(plan(new int[] {2}, new int[] {0, 1}))).isEqualTo(Double.POSITIVE_INFINITY);
        PipelinePlan allOnEdge = plan(new int[] {}, new int[] {0, 1, 2});
        assertThat(simulator.objective(allOnEdge)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(simulator.evaluate(allOnEdge).feasible()).isFalse();
        assertThat(simulator.objective(plan(new int[] {0, 1}, new int[] {2}))).isCloseTo(3.141, within(EPS));
    }

    @Test
    void reusedSimulatorRejectsTheSameMemoryViolationTwice() {
        // The fast path stops at the first violation; it must not leave memory bookkeeping behind for the next plan.
        PipelineInstance instance = chain(List.of(0.0, 0.5), PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY,
                OptionalLong.of(100), OptionalInt.empty());
        PipelineSimulator simulator = PipelineEvaluator.simulator(instance);
        PipelinePlan tooMuch = plan(new int[] {0, 3}, new int[] {1, 2, 4, 5});
        assertThat(simulator.objective(tooMuch)).isInfinite();
        assertThat(simulator.objective(tooMuch)).isInfinite();
        assertThat(simulator.evaluate(tooMuch).feasible()).isFalse();
    }

    @Test
    void queueLimitCountsSubtasksReadyButNotStarted() {
        PipelineInstance instance = chain(List.of(0.0, 0.5), PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY,
                OptionalLong.empty(), OptionalInt.of(0));
        // Natural order: nothing waits on edge (r1's L1 waits on dev, which has no limit).
        assertThat(evaluate(instance, plan(new int[] {0, 3}, new int[] {1, 2, 4, 5})).violations()).isEmpty();
        // Edge serves r1 first: r0's L2 is ready at 1.11 but waits until r1's L3 ends at 2.71.
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0, 3}, new int[] {4, 5, 1, 2}));
        assertThat(ev.violations()).containsExactly("node 'edge': 1 subtasks wait ready but not started at "
                + "t = 1.11000 s, more than its queue limit of 0");
        assertThat(ev.startSeconds(1)).isCloseTo(2.71, within(EPS));
    }

    @Test
    void nodeNotAllowed() {
        PipelineInstance instance = single(List.of(dev(), edge(4e9, OptionalLong.empty(), OptionalInt.empty())),
                bothWays(), chain3(0), List.of(0.0), List.of("dev"), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, false);
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0}, new int[] {1, 2}));
        assertThat(ev.violations()).containsExactly(
                "subtask cam/0/L2 is on node 'edge', which endpoint 'cam' may not use",
                "subtask cam/0/L3 is on node 'edge', which endpoint 'cam' may not use");
    }

    @Test
    void missingChannelIsNamed() {
        PipelineInstance instance = single(List.of(dev(), edge(4e9, OptionalLong.empty(), OptionalInt.empty())),
                List.of(new Link("dev", "edge", 8e6, 0.01)), chain3(0), List.of(0.0), List.of(),
                PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false);
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0}, new int[] {1, 2}));
        assertThat(ev.simulated()).isFalse();
        assertThat(ev.violations()).containsExactly(
                "no channel from node 'edge' back to device 'dev' for the result of cam/0/L3");
    }

    @Test
    void missingDuplicateAndUnknownSubtasks() {
        PipelineInstance instance = chain(List.of(0.0));
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0, 0}, new int[] {99}));
        assertThat(ev.feasible()).isFalse();
        assertThat(ev.simulated()).isFalse();
        assertThat(ev.startSeconds(0)).isNaN();
        assertThat(ev.violations()).containsExactly(
                "subtask cam/0/L1 appears more than once: on node 'dev' (position 0) and on node 'dev' (position 1)",
                "queue of node 'edge' position 0: subtask id 99 is out of range 0..2",
                "subtask cam/0/L2 is in no queue",
                "subtask cam/0/L3 is in no queue");
        PipelineEvaluation wrongCount = evaluate(instance, plan(new int[] {0, 1, 2}));
        assertThat(wrongCount.violations()).singleElement().asString()
                .startsWith("plan has 1 queues but instance 'tiny' has 2 nodes");
    }

    @Test
    void deadlockingQueueOrderNamesBlockedHeads() {
        PipelineInstance instance = chain(List.of(0.0));
        // Edge runs L3 before L2, but L3 needs L2.
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0}, new int[] {2, 1}));
        assertThat(ev.feasible()).isFalse();
        assertThat(ev.violations()).singleElement().asString()
                .startsWith("deadlock: the queue order contradicts precedence, 2 subtasks never start")
                .contains("node 'edge' at cam/0/L3, which waits for cam/0/L2 (position 1 on node 'edge')");
        assertThat(ev.finishSeconds(0)).isCloseTo(1.0, within(EPS));
        assertThat(ev.startSeconds(1)).isNaN();
    }

    @Test
    void crossNodeDeadlock() {
        PipelineInstance instance = chain(List.of(0.0, 0.0));
        // dev: r1.L1 waits behind r0.L3, which waits (via edge) for r0.L2, queued on edge behind r1.L2,
        // which waits for r1.L1: a cycle.
        PipelineEvaluation ev = evaluate(instance, plan(new int[] {0, 2, 3}, new int[] {4, 1, 5}));
        assertThat(ev.feasible()).isFalse();
        assertThat(ev.violations()).singleElement().asString().startsWith("deadlock")
                .contains("node 'dev' at cam/0/L3").contains("node 'edge' at cam/1/L2");
    }
}
