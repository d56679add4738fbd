package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
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

    @Test
    void restartsOnlyWithoutAMoveCountAndNeverWorseThanTheWarmStart() {
        PipelineInstance instance = ScaledPipelines.of("vgg5", 2, 1, 3, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        // Each search stops after 0.5 s without a better plan; the solve goes on while the best plan improved in the
        // last 1.5 s and ends when it did not. The time limit is only a cap: on a loaded machine Timefold's start-up
        // alone took seconds, which left a 3 s limit no time for a restart.
        SolverSettings settings = new SolverSettings(20, 1, 1);
        TimefoldPipelineOptions fromBaselines = TimefoldPipelineOptions.defaults().withUnimprovedSeconds(1.5)
                .withWarmStart(List.of(new org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver())).withRestarts(true);
        SolveResult<PipelinePlan> restarted = new TimefoldPipelineSolver(fromBaselines).solve(instance, settings);
        assertThat(((Number) restarted.statistics().get("searches")).intValue()).isGreaterThan(1);
        assertThat(restarted.solverObjective()).isEqualTo(PipelineEvaluator.objective(instance, restarted.plan()))
                .isLessThanOrEqualTo(((Number) restarted.statistics().get("warmStartObjective")).doubleValue());
        SolveResult<PipelinePlan> counted = new TimefoldPipelineSolver(fromBaselines.reproducible(3000))
                .solve(instance, settings);
        assertThat(counted.statistics().get("searches")).isEqualTo(1);
        SolveResult<PipelinePlan> off = new TimefoldPipelineSolver(fromBaselines.withRestarts(false))
                .solve(instance, settings);
        assertThat(off.statistics().get("searches")).isEqualTo(1);
        assertThat(TimefoldPipelineOptions.defaults().restarts()).as("off by default").isFalse();
    }
}
