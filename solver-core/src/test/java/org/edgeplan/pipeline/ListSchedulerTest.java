package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.testing.PipelineInvariants;
import org.edgeplan.testing.RandomPipelines;

class ListSchedulerTest {
    @Test
    void earliestReadyFirstOnTheChain() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.0));
        // Everything on edge. Both inputs arrive at 0.51 (shared links). L1 r0 (id 0) wins the tie by id,
        // 0.51..0.76; then L1 r1 (ready 0.51) beats L2 r0 (ready 0.76): 0.76..1.01; L2 r0 (0.76) beats L2 r1
        // (1.01): 1.01..1.51; L2 r1 (1.01) beats L3 r0 (1.51): 1.51..2.01; then L3 r0, L3 r1.
        PipelinePlan plan = ListScheduler.schedule(instance, new int[] {1, 1, 1, 1, 1, 1});
        assertThat(plan.queue(0)).isEmpty();
        assertThat(plan.queue(1)).containsExactly(0, 3, 1, 4, 2, 5);
        PipelineEvaluation ev = PipelineEvaluator.evaluate(instance, plan);
        // L3 r0 2.01..2.11 -> 2.121; L3 r1 2.11..2.21 -> 2.221.
        assertThat(ev.objective()).isCloseTo(2.121 + 2.221, within(EPS));
    }

    @Test
    void splitPlacementGivesTheHandComputedPlan() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.5));
        PipelinePlan plan = ListScheduler.schedule(instance, new int[] {0, 1, 1, 0, 1, 1});
        assertThat(plan.queue(0)).containsExactly(0, 3);
        assertThat(plan.queue(1)).containsExactly(1, 2, 4, 5);
        assertThat(PipelineEvaluator.objective(instance, plan)).isCloseTo(3.942, within(EPS));
    }

    @Test
    void randomPlacementsGiveFeasiblePlans() {
        SplittableRandom random = new SplittableRandom(42L);
        for (int i = 0; i < 200; i++) {
            PipelineInstance instance = RandomPipelines.instance(random, i % 2 == 0,
                    i % 3 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC);
            int[] nodeOf = RandomPipelines.placement(random, instance);
            ListScheduler scheduler = new ListScheduler(instance);
            PipelinePlan plan = scheduler.schedule(nodeOf);
            assertThat(plan.nodeOf(instance.subtaskCount())).containsExactly(nodeOf);
            assertThat(scheduler.schedule(nodeOf)).isEqualTo(plan);
            PipelineInvariants.check(instance, plan, PipelineEvaluator.evaluate(instance, plan));
        }
    }

    /**
     * The heap-ordered scheduler against the discrete-event definition it replaced: identical queues on random
     * instances (DAG models, zero-compute layers, shared and exclusive links, static and dynamic, simultaneous
     * releases) and placements (all on one node, and random). The two may differ only when zero-compute subtasks meet
     * zero-time transfers between nodes, which these instances do not have.
     */
    @Test
    void sameQueuesAsTheEventDrivenDefinition() {
        SplittableRandom random = new SplittableRandom(20261201L);
        int compared = 0;
        for (int i = 0; i < 400; i++) {
            PipelineInstance instance = RandomPipelines.instance(random, i % 2 == 0,
                    i % 3 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC);
            ListScheduler scheduler = new ListScheduler(instance);
            EventDrivenListScheduler reference = new EventDrivenListScheduler(instance);
            for (int p = 0; p < 5; p++) {
                int[] nodeOf = p == 0 ? new int[instance.subtaskCount()] : RandomPipelines.placement(random, instance);
                assertThat(scheduler.schedule(nodeOf)).as("instance %d placement %d", i, p)
                        .isEqualTo(reference.schedule(nodeOf));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(2000);
    }

    /** The same on the contended scaled family (many requests released together, heavily loaded edges). */
    @Test
    void sameQueuesAsTheEventDrivenDefinitionOnTheScaledFamily() {
        SplittableRandom random = new SplittableRandom(7L);
        for (PipelineInstance instance : List.of(
                org.edgeplan.pipeline.instances.ScaledPipelines.of("vgg5", 8, 2, 18, PlacementMode.DYNAMIC,
                        PipelineObjective.TOTAL_LATENCY),
                org.edgeplan.pipeline.instances.ScaledPipelines.of("resnet18", 4, 2, 8, PlacementMode.STATIC,
                        PipelineObjective.TOTAL_LATENCY))) {
            ListScheduler scheduler = new ListScheduler(instance);
            EventDrivenListScheduler reference = new EventDrivenListScheduler(instance);
            for (int p = 0; p < 20; p++) {
                int[] nodeOf = RandomPipelines.placement(random, instance);
                assertThat(scheduler.schedule(nodeOf)).as("%s placement %d", instance.name(), p)
                        .isEqualTo(reference.schedule(nodeOf));
            }
        }
    }

    @Test
    void badPlacementIsRejectedWithOneLine() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0));
        assertThatThrownBy(() -> ListScheduler.schedule(instance, new int[] {0, 1}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("placement has 2 entries, instance 'tiny' has 3 subtasks");
        assertThatThrownBy(() -> ListScheduler.schedule(instance, new int[] {0, 1, 5}))
                .hasMessage("placement puts subtask cam/0/L3 on node index 5, expected 0..1");
    }

    @Test
    void placementOverAMissingChannelStillGivesACompletePlanThatTheEvaluatorRejects() {
        PipelineInstance instance = PipelineFixtures.single(List.of(PipelineFixtures.dev(),
                        PipelineFixtures.edge(4e9, java.util.OptionalLong.empty(), java.util.OptionalInt.empty())),
                List.of(new Link("dev", "edge", 8e6, 0.01)), PipelineFixtures.chain3(0), List.of(0.0), List.of(),
                PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false);
        PipelinePlan plan = ListScheduler.schedule(instance, new int[] {0, 1, 1});
        assertThat(plan.queue(1)).containsExactly(1, 2);
        assertThat(PipelineEvaluator.evaluate(instance, plan).violations())
                .containsExactly("no channel from node 'edge' back to device 'dev' for the result of cam/0/L3");
    }
}
