package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;
import org.edgeplan.testing.TinyPipelines;

/**
 * {@link PipelineLowerBound} is never above CP-SAT's proven optimum on seeded tiny instances (static and dynamic,
 * both objectives, exclusive links, memory and queue limits, missing channels).
 */
class PipelineLowerBoundCpSatTest {
    private static final SolverSettings SETTINGS = new SolverSettings(5, 1, 1);

    @Test
    void boundIsAtMostTheProvenOptimum() {
        PipelineCpSatSolver solver = new PipelineCpSatSolver().alwaysSearch();
        int optimal = 0;
        int tight = 0;
        for (long seed = 101; seed <= 124; seed++) {
            PipelineInstance instance = TinyPipelines.random(seed, 8, TinyPipelines.Features.ALL);
            SolveResult<PipelinePlan> result = solver.solve(instance, SETTINGS);
            if (result.status() != SolveStatus.OPTIMAL) {
                continue;
            }
            optimal++;
            double optimum = PipelineEvaluator.objective(instance, result.plan());
            PipelineLowerBound bound = PipelineLowerBound.of(instance);
            assertThat(bound.seconds()).as("seed %d: %s", seed, bound).isLessThanOrEqualTo(optimum);
            if (bound.seconds() >= optimum - 1e-6) {
                tight++;
            }
        }
        System.out.printf("lower bound vs cp-sat: %d proven optima, bound tight on %d%n", optimal, tight);
        assertThat(optimal).isGreaterThanOrEqualTo(18);
    }
}
