package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;

/**
 * The Timefold score of a plan against {@link PipelineEvaluator}: hard score 0 exactly when the evaluator calls the
 * plan feasible; then minus the soft score, in seconds, equals the evaluator's objective within the rounding
 * (0.5 ns per request); every shadow time equals the evaluator's time bit for bit; deadlocked subtasks are the
 * inconsistent ones.
 */
class TimefoldScoreParityTest {

    static void assertParity(PipelineInstance instance, PipelinePlan plan) {
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, plan);
        PipelineSchedule schedule = TimefoldFixtures.scored(instance, plan, 0L);
        assertThat(schedule.getScore().hardScore() == 0).as("feasible %s", evaluation.violations())
                .isEqualTo(evaluation.feasible());
        if (evaluation.feasible()) {
            double soft = -schedule.getScore().softScore() / ScoreUnits.NANOS_PER_SECOND;
            assertThat(soft).isCloseTo(evaluation.objective(),
                    org.assertj.core.data.Offset.offset(0.5e-9 * instance.requestCount() + 1e-12));
        }
        TimefoldFixtures.assertShadowTimes(evaluation, schedule);
    }

    @Test
    void randomPlansOnTheSmallInstance() {
        PipelineInstance small = TimefoldFixtures.pipeline("small");
        Random random = new Random(11);
        int feasible = 0;
        for (int i = 0; i < 12; i++) {
            PipelinePlan plan = TimefoldFixtures.randomPlan(small, random, i % 3 == 2);
            assertParity(small, plan);
            feasible += PipelineEvaluator.evaluate(small, plan).feasible() ? 1 : 0;
        }
        assertThat(feasible).as("some random plans are feasible").isGreaterThan(2);
    }

    @Test
    void baselinesAndOneNodePlans() {
        PipelineInstance small = TimefoldFixtures.pipeline("small");
        for (int node = 0; node < small.nodeCount(); node++) {
            assertParity(small, TimefoldFixtures.allOn(small, node));
        }
    }

    @Test
    void makespanDynamicWithMemoryAndQueueLimits() {
        PipelineInstance small = TimefoldFixtures.pipeline("small");
        PipelineInstance limited = TimefoldFixtures.variant(small, PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN,
                2_000_000L, 1);
        Random random = new Random(5);
        for (int i = 0; i < 10; i++) {
            assertParity(limited, TimefoldFixtures.randomPlan(limited, random, i % 2 == 1));
        }
    }
}
