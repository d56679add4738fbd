package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EstimatorsTest {
    @Test
    void meanAndMedian() {
        assertThat(Estimators.mean(new double[] {1, 2, 6})).isEqualTo(3.0);
        assertThat(Estimators.median(new double[] {6, 1, 2})).isEqualTo(2.0);
        assertThat(Estimators.median(new double[] {4, 1, 2, 10})).isEqualTo(3.0);
        assertThat(Estimators.mean(new double[0])).isNaN();
    }

    @Test
    void tIntervalOfTheMeanUsesTheStudentQuantile() {
        // n = 5, mean 3, s = sqrt(2.5); t(0.975, 4) = 2.776445105 from any t table.
        Interval ci = Estimators.meanInterval(new double[] {1, 2, 3, 4, 5}, 0.95);
        double half = 2.776445105 * Math.sqrt(2.5) / Math.sqrt(5);
        assertThat(half).isCloseTo(1.963243, within(1e-6));
        assertThat(ci.low()).isCloseTo(3 - half, within(1e-8));
        assertThat(ci.high()).isCloseTo(3 + half, within(1e-8));
        assertThat(Estimators.meanInterval(new double[] {7}, 0.95).exists()).isFalse();
        Interval constant = Estimators.meanInterval(new double[] {2, 2, 2}, 0.95);
        assertThat(constant.low()).isEqualTo(2.0);
        assertThat(constant.high()).isEqualTo(2.0);
    }

    @Test
    void medianIntervalFromBinomialOrderStatistics() {
        // n = 10: [x(2), x(9)] covers 1 − 2·11/1024 = 0.979; [x(3), x(8)] only 1 − 2·56/1024 = 0.891.
        Interval ci = Estimators.medianInterval(new double[] {10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.95);
        assertThat(ci).isEqualTo(new Interval(2, 9));
        // n = 6: [min, max] covers 1 − 2/64 = 0.969; n = 5: 1 − 2/32 = 0.9375 < 0.95, no interval.
        assertThat(Estimators.medianInterval(new double[] {3, 1, 4, 1, 5, 9}, 0.95)).isEqualTo(new Interval(1, 9));
        assertThat(Estimators.medianInterval(new double[] {1, 2, 3, 4, 5}, 0.95).exists()).isFalse();
    }

    @Test
    void shiftedGeometricMean() {
        // shift 1: sqrt((1 + 1)(7 + 1)) − 1 = 3; sqrt((0 + 1)(3 + 1)) − 1 = 1.
        assertThat(Estimators.shiftedGeometricMean(new double[] {1, 7}, 1)).isCloseTo(3.0, within(1e-12));
        assertThat(Estimators.shiftedGeometricMean(new double[] {0, 3}, 1)).isCloseTo(1.0, within(1e-12));
        assertThat(Estimators.shiftedGeometricMean(new double[] {5}, 1)).isCloseTo(5.0, within(1e-12));
        assertThat(Estimators.shiftedGeometricMean(new double[0], 1)).isNaN();
    }

    @Test
    void wilcoxonExactPValues() {
        // All five differences positive: W+ = 15, P(W+ = 15) = 1/32, two-sided 2/32.
        double[] r = Estimators.wilcoxonSignedRank(new double[] {1, 2, 3, 4, 5}, new double[5]);
        assertThat(r[0]).isEqualTo(15.0);
        assertThat(r[1]).isCloseTo(0.0625, within(1e-12));
        // Differences −1, 2..8: W− = 1; only {} and {1} give W− ≤ 1, so P = 2/256 one-sided, 4/256 two-sided.
        r = Estimators.wilcoxonSignedRank(new double[] {0, 2, 3, 4, 5, 6, 7, 8}, new double[] {1, 0, 0, 0, 0, 0, 0, 0});
        assertThat(r[0]).isEqualTo(35.0);
        assertThat(r[1]).isCloseTo(4.0 / 256, within(1e-12));
    }

    @Test
    void wilcoxonWithOnlyZeroDifferencesFindsNoDifference() {
        double[] r = Estimators.wilcoxonSignedRank(new double[] {0.1, 0.2}, new double[] {0.1, 0.2});
        assertThat(r[0]).isNaN();
        assertThat(r[1]).isEqualTo(1.0);
    }
}
