package org.edgeplan.formulations.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.TinyPipelines;

class TimeScaledInstanceTest {

    @Test
    void everyObjectiveScalesByTheFactorAndPlansCarryOver() {
        PipelineInstance medium = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/medium.json"));
        PipelinePlan plan = new PipelineEdgeOnlySolver().solve(medium, new SolverSettings(10, 0, 1)).plan();
        double original = PipelineEvaluator.objective(medium, plan);
        for (double k : new double[] {10, 1000}) {
            PipelineInstance scaled = TimeScaledInstance.of(medium, k);
            assertThat(PipelineEvaluator.objective(scaled, plan)).isCloseTo(k * original, within(1e-9 * k * original));
        }
        for (long seed = 1; seed <= 10; seed++) {
            PipelineInstance tiny = TinyPipelines.random(900 + seed, 8, TinyPipelines.Features.ALL);
            double exact = ExhaustiveOracle.solve(tiny).objective();
            double scaledExact = ExhaustiveOracle.solve(TimeScaledInstance.of(tiny, 100)).objective();
            if (Double.isFinite(exact)) {
                assertThat(scaledExact).isCloseTo(100 * exact, within(1e-9 * 100 * Math.max(1, exact)));
            } else {
                assertThat(scaledExact).isInfinite();
            }
        }
    }

    @Test
    void factorPutsTheHorizonBetweenOneHundredAndOneThousandUnits() {
        assertThat(TimeScaledInstance.factorFor(0.05)).isEqualTo(1e4);
        assertThat(TimeScaledInstance.factorFor(0.2)).isEqualTo(1e3);
        assertThat(TimeScaledInstance.factorFor(36)).isEqualTo(10);
        assertThat(TimeScaledInstance.factorFor(131)).isEqualTo(1);
        assertThat(TimeScaledInstance.factorFor(5000)).isEqualTo(1);
        assertThat(TimeScaledInstance.factorFor(Double.POSITIVE_INFINITY)).isEqualTo(1);
    }
}
