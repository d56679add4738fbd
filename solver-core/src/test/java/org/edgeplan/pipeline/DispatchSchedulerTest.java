package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.pipeline.DispatchScheduler.Priority;
import org.edgeplan.testing.PipelineInvariants;
import org.edgeplan.testing.RandomPipelines;

class DispatchSchedulerTest {
    /**
     * Two requests of L1 (0.25 s on the edge), L2 (0.5 s), L3 (0.1 s), both released at 0, everything on the edge
     * (inputs there at 0.51, results back 0.011 s after the sink). First come, first served interleaves them (0, 3, 1,
     * 4, 2, 5; 4.342 s, {@code ListSchedulerTest}); least remaining work finishes request 0 first: L1 r0 0.51..0.76,
     * then L2 r0 (0.6 s left) beats L1 r1 (0.85 s): 0.76..1.26, L3 r0 1.26..1.36 (result 1.371), then request 1
     * 1.36..2.21 (result 2.221): 3.592 s.
     */
    @Test
    void leastRemainingWorkFinishesOneRequestBeforeStartingTheNext() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.0));
        int[] allOnEdge = {1, 1, 1, 1, 1, 1};
        PipelinePlan plan = new DispatchScheduler(instance).schedule(allOnEdge, Priority.LEAST_REMAINING_WORK);
        assertThat(plan.queue(0)).isEmpty();
        assertThat(plan.queue(1)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(PipelineEvaluator.objective(instance, plan)).isCloseTo(1.371 + 2.221, within(EPS));
        assertThat(PipelineEvaluator.objective(instance, ListScheduler.schedule(instance, allOnEdge)))
                .isCloseTo(2.121 + 2.221, within(EPS));
    }

    /**
     * Request 0 runs L1 on the device (1 s, then 0.11 s to the edge: L2 r0 ready at 1.11 with 0.6 s left); request 1
     * runs on the edge from 0.51 (L1 0.51..0.76, L2 0.76..1.26). At 1.26 the older request's L2 (0.6 s left) and the
     * newer one's L3 (0.1 s left) wait: least remaining work runs L3 r1 first (results at 1.371 and 1.971), oldest
     * first (and most remaining work) runs request 0 on (results at 1.871 and 1.971).
     */
    @Test
    void leastRemainingWorkOvertakesAnOlderRequestWithMoreLeft() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.0));
        int[] nodeOf = {0, 1, 1, 1, 1, 1};
        DispatchScheduler scheduler = new DispatchScheduler(instance);
        PipelinePlan least = scheduler.schedule(nodeOf, Priority.LEAST_REMAINING_WORK);
        assertThat(least.queue(1)).containsExactly(3, 4, 5, 1, 2);
        assertThat(PipelineEvaluator.objective(instance, least)).isCloseTo(1.371 + 1.971, within(EPS));
        PipelinePlan oldest = scheduler.schedule(nodeOf, Priority.OLDEST_REQUEST);
        assertThat(oldest.queue(1)).containsExactly(3, 4, 1, 2, 5);
        assertThat(PipelineEvaluator.objective(instance, oldest)).isCloseTo(1.871 + 1.971, within(EPS));
        assertThat(scheduler.schedule(nodeOf, Priority.MOST_REMAINING_WORK)).isEqualTo(oldest);
    }

    /** Most remaining work starts the request with more left: at 0.76 L1 r1 (0.85 s) beats L2 r0 (0.6 s). */
    @Test
    void mostRemainingWorkStartsTheLongerRequest() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.0));
        PipelinePlan plan = new DispatchScheduler(instance).schedule(new int[] {1, 1, 1, 1, 1, 1},
                Priority.MOST_REMAINING_WORK);
        assertThat(plan.queue(1)).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void everyRuleGivesACompleteDeterministicPlanThatRespectsThePlacement() {
        SplittableRandom random = new SplittableRandom(20261202L);
        for (int i = 0; i < 300; i++) {
            PipelineInstance instance = RandomPipelines.instance(random, i % 2 == 0,
                    i % 3 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC);
            int[] nodeOf = RandomPipelines.placement(random, instance);
            DispatchScheduler scheduler = new DispatchScheduler(instance);
            for (Priority rule : Priority.values()) {
                PipelinePlan plan = scheduler.schedule(nodeOf, rule);
                assertThat(plan.nodeOf(instance.subtaskCount())).as("instance %d, %s", i, rule)
                        .containsExactly(nodeOf);
                assertThat(new DispatchScheduler(instance).schedule(nodeOf, rule)).isEqualTo(plan);
                // Feasible (queues follow start decisions, which respect precedence: never a deadlock).
                PipelineInvariants.check(instance, plan, PipelineEvaluator.evaluate(instance, plan));
            }
        }
    }

    @Test
    void rejectsAPlacementOfTheWrongShape() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.0));
        DispatchScheduler scheduler = new DispatchScheduler(instance);
        assertThatThrownBy(() -> scheduler.schedule(new int[] {1, 1}, Priority.OLDEST_REQUEST))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("placement has 2 entries");
        assertThatThrownBy(() -> scheduler.schedule(new int[] {1, 1, 1, 1, 1, 7}, Priority.OLDEST_REQUEST))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("node index 7");
    }

    @Test
    void theRuleSuitedToEachObjective() {
        assertThat(Priority.suitedTo(PipelineObjective.TOTAL_LATENCY)).isEqualTo(Priority.LEAST_REMAINING_WORK);
        assertThat(Priority.suitedTo(PipelineObjective.MAKESPAN)).isEqualTo(Priority.MOST_REMAINING_WORK);
    }
}
