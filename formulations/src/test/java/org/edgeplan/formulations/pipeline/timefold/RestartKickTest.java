package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver;
import org.edgeplan.pipeline.instances.ScaledPipelines;

/**
 * {@link RestartKick}: a kicked plan holds every subtask once, never deadlocks (its queues follow one schedule's start
 * times), keeps static placement in static mode, differs from the plan kicked, and is the same for the same random
 * source; and the solver restarts only when it should.
 */
class RestartKickTest {
    private static final List<PipelineInstance> INSTANCES = List.of(
            TimefoldFixtures.pipeline("small"),
            TimefoldFixtures.pipeline("medium"),
            ScaledPipelines.of("vgg5", 4, 2, 4, PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY),
            ScaledPipelines.of("vgg5", 2, 2, 4, PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY),
            ScaledPipelines.of("resnet18", 2, 1, 2, PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY));

    @Test
    void kickedPlansNeverDeadlockAndKeepStaticPlacement() {
        int simulated = 0;
        for (PipelineInstance instance : INSTANCES) {
            PipelinePlan plan = new PrescheduleRetrievalSolver().solve(instance, SolverSettings.defaults()).plan();
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, plan);
            assertThat(evaluation.feasible()).isTrue();
            for (int seed = 0; seed < 40; seed++) {
                PipelinePlan kicked = RestartKick.apply(instance, plan, evaluation, new SplittableRandom(seed),
                        1 + seed % 3);
                assertThat(kicked.nodeOf(instance.subtaskCount())).hasSize(instance.subtaskCount());
                assertThat(kicked).as("%s seed %d", instance.name(), seed).isNotEqualTo(plan);
                assertThat(RestartKick.apply(instance, plan, evaluation, new SplittableRandom(seed), 1 + seed % 3))
                        .isEqualTo(kicked);
                PipelineEvaluation after = PipelineEvaluator.evaluate(instance, kicked);
                // A kick may move layers to a node without a channel (then nothing is simulated) or beyond a
                // memory limit; it must never produce a deadlock or break static placement.
                assertThat(after.violations()).noneMatch(v -> v.startsWith("deadlock"))
                        .noneMatch(v -> v.contains("static"));
                if (after.simulated()) {
                    simulated++;
                }
            }
        }
        assertThat(simulated).as("kicked plans that could be simulated").isGreaterThan(100);
    }

    /**
     * Restarts with a counted stall: with a move count (and no unimproved time) each search evaluates that many moves
     * and the solve ends with the first search that finds no better plan, so the number of searches and the plan
     * depend on the seed only, never on the machine's speed. The time limit is a cap these runs do not reach.
     */
    @Test
    void restartsAreReproducibleAndNeverWorseThanTheWarmStart() {
        PipelineInstance instance = ScaledPipelines.of("vgg5", 2, 1, 3, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        SolverSettings settings = new SolverSettings(600, 1, 1);
        TimefoldPipelineOptions fromBaselines = TimefoldPipelineOptions.defaults()
                .withWarmStart(List.of(new org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver()))
                .reproducible(2000).withRestarts(true);
        SolveResult<PipelinePlan> restarted = new TimefoldPipelineSolver(fromBaselines).solve(instance, settings);
        int searches = ((Number) restarted.statistics().get(TimefoldPipelineSolver.SEARCHES)).intValue();
        assertThat(searches).as("the first search improves on edge-only, so a restart follows").isGreaterThan(1);
        assertThat(restarted.solverObjective()).isEqualTo(PipelineEvaluator.objective(instance, restarted.plan()))
                .isLessThanOrEqualTo(((Number) restarted.statistics().get(StatisticKeys.WARM_START_OBJECTIVE))
                        .doubleValue());
        SolveResult<PipelinePlan> again = new TimefoldPipelineSolver(fromBaselines).solve(instance, settings);
        assertThat(again.statistics().get(TimefoldPipelineSolver.SEARCHES)).as("same seed, same searches")
                .isEqualTo(searches);
        assertThat(again.plan()).as("same seed, same plan").isEqualTo(restarted.plan());
        SolveResult<PipelinePlan> off = new TimefoldPipelineSolver(fromBaselines.withRestarts(false))
                .solve(instance, settings);
        assertThat(off.statistics().get(TimefoldPipelineSolver.SEARCHES)).isEqualTo(1);
        assertThat(TimefoldPipelineOptions.defaults().restarts()).as("off by default").isFalse();
    }
}
