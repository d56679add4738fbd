package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class PrimalMeasuresTest {
    private static final double NaN = Double.NaN;

    @Test
    void gapIsRelativeToTheReference() {
        assertThat(PrimalMeasures.gap(110, 100)).isCloseTo(0.1, within(1e-12));
        assertThat(PrimalMeasures.gap(300, 100)).isCloseTo(2.0, within(1e-12));
        assertThat(PrimalMeasures.gap(-90, -100)).isCloseTo(0.1, within(1e-12));
        assertThat(PrimalMeasures.gap(NaN, 100)).isEqualTo(1.0);
        assertThat(PrimalMeasures.gap(Double.POSITIVE_INFINITY, 100)).isEqualTo(1.0);
        assertThat(PrimalMeasures.gap(0, 0)).isEqualTo(0.0);
        assertThat(PrimalMeasures.gap(3, 0)).isEqualTo(1.0);
        assertThat(PrimalMeasures.gap(3, NaN)).isNaN();
    }

    private static final List<double[]> STEPS = List.of(new double[] {2, 150, NaN}, new double[] {6, 110, 90},
            new double[] {7, 100.5, 95});

    @Test
    void timeToTargetIsTheFirstPointWithinTheTarget() {
        assertThat(PrimalMeasures.timeToTarget(STEPS, 100.5, 9, 100, 0.01)).isEqualTo(7.0);
        assertThat(PrimalMeasures.timeToTarget(STEPS, 100.5, 9, 100, 0.2)).isEqualTo(6.0);
        assertThat(PrimalMeasures.timeToTarget(STEPS, 100.5, 9, 100, 0.001)).isEqualTo(Double.POSITIVE_INFINITY);
        // No trajectory: the final plan counts at the end of the run.
        assertThat(PrimalMeasures.timeToTarget(List.of(), 100, 3, 100, 0.01)).isEqualTo(3.0);
        assertThat(PrimalMeasures.timeToTarget(STEPS, 100.5, 9, NaN, 0.01)).isNaN();
    }

    @Test
    void primalIntegralOfAStepTrajectory() {
        // T = 10; gap 1 on [0,2), 0.5 on [2,6), 0.1 on [6,10) (final 110 at 8 keeps 0.1): 2 + 2 + 0.4 = 4.4.
        List<double[]> steps = List.of(new double[] {2, 150, NaN}, new double[] {6, 110, NaN});
        assertThat(PrimalMeasures.primalIntegral(steps, 110, 8, 100, 10)).isCloseTo(0.44, within(1e-12));
        // The evaluator's final 100 from second 8: 2 + 2 + 0.1·2 + 0·2 = 4.2.
        assertThat(PrimalMeasures.primalIntegral(steps, 100, 8, 100, 10)).isCloseTo(0.42, within(1e-12));
        // Gaps above 1 count as 1, so a plan three times the reference is as bad as none.
        assertThat(PrimalMeasures.primalIntegral(List.of(new double[] {5, 300, NaN}), 300, 5, 100, 10))
                .isCloseTo(1.0, within(1e-12));
        // No plan at all.
        assertThat(PrimalMeasures.primalIntegral(List.of(), NaN, 10, 100, 10)).isEqualTo(1.0);
        // Optimal at once: 0.
        assertThat(PrimalMeasures.primalIntegral(List.of(new double[] {0, 100, 100}), 100, 0.5, 100, 10))
                .isEqualTo(0.0);
        // Points past the time limit are clipped to it.
        assertThat(PrimalMeasures.primalIntegral(List.of(new double[] {4, 100, NaN}, new double[] {12, 100, NaN}),
                100, 12, 100, 10)).isCloseTo(0.4, within(1e-12));
        assertThat(PrimalMeasures.primalIntegral(steps, 110, 8, 100, 0)).isNaN();
    }
}
