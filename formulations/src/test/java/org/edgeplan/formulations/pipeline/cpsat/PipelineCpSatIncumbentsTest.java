package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.IncumbentListener;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.testing.TinyPipelines;

/** CP-SAT reports its improving solutions, each with its bound, ending at the objective it returns. */
class PipelineCpSatIncumbentsTest {

    @Test
    void trajectoryImprovesStrictlyAndEndsAtTheReturnedObjective() {
        int withSeveral = 0;
        for (PipelineInstance inst : List.of(
                ScaledPipelines.of("vgg5", 2, 1, 2, PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY),
                ScaledPipelines.of("vgg5", 2, 2, 2, PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN),
                TinyPipelines.random(4242, 8, TinyPipelines.Features.PLAIN))) {
            List<double[]> points = new ArrayList<>();
            IncumbentListener listener = (seconds, objective, bound) -> points.add(new double[] {seconds, objective,
                    bound});
            SolveResult<PipelinePlan> r = new PipelineCpSatSolver().alwaysSearch().solve(inst,
                    new SolverSettings(30, 0, 1).withIncumbents(listener));
            assertThat(r.status()).as(inst.name() + ": " + r.message()).isEqualTo(SolveStatus.OPTIMAL);
            assertThat(points).as(inst.name()).isNotEmpty();
            for (int i = 1; i < points.size(); i++) {
                assertThat(points.get(i)[0]).isGreaterThanOrEqualTo(points.get(i - 1)[0]);
                assertThat(points.get(i)[1]).isLessThan(points.get(i - 1)[1]);
            }
            for (double[] p : points) {
                if (!Double.isNaN(p[2])) {
                    assertThat(p[2]).as("bound at %s s", p[0]).isLessThanOrEqualTo(p[1] + 1e-9);
                    assertThat(p[2]).isLessThanOrEqualTo(r.solverObjective() + 1e-9);
                }
            }
            double last = points.get(points.size() - 1)[1];
            // The returned objective is CP-SAT's last solution (or better, when the evaluator closes idle gaps).
            assertThat(r.solverObjective()).isLessThanOrEqualTo(last + 1e-9 * Math.max(1, Math.abs(last)));
            assertThat(last).isCloseTo(r.solverObjective(), org.assertj.core.api.Assertions.within(1e-6));
            withSeveral += points.size() > 1 ? 1 : 0;
        }
        assertThat(withSeveral).as("instances where CP-SAT improved on its hint").isPositive();
    }
}
