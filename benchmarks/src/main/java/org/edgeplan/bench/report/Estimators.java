package org.edgeplan.bench.report;

import java.util.Arrays;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.WilcoxonSignedRankTest;

/**
 * The summary statistics of a report, each a small pure function so that tests can check them against values
 * computed by hand.
 */
public final class Estimators {
    private Estimators() {
    }

    /** Arithmetic mean; {@code NaN} for an empty sample. */
    public static double mean(double[] sample) {
        if (sample.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double v : sample) {
            sum += v;
        }
        return sum / sample.length;
    }

    /** Median (mean of the two middle values for an even size); {@code NaN} for an empty sample. */
    public static double median(double[] sample) {
        if (sample.length == 0) {
            return Double.NaN;
        }
        double[] s = sample.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Student-t interval for the mean: {@code mean ± t(1 − (1 − confidence)/2, n − 1) · s / √n} with the sample
     * standard deviation {@code s}. It assumes the mean is roughly normal, which the central limit theorem gives for
     * the sample sizes of a benchmark batch (tens of runs and more); for a handful of skewed gaps it is rough.
     * {@link Interval#NONE} when {@code n < 2}.
     */
    public static Interval meanInterval(double[] sample, double confidence) {
        int n = sample.length;
        if (n < 2) {
            return Interval.NONE;
        }
        double mean = mean(sample);
        double squares = 0;
        for (double v : sample) {
            squares += (v - mean) * (v - mean);
        }
        double standardError = Math.sqrt(squares / (n - 1)) / Math.sqrt(n);
        double t = TDistribution.of(n - 1).inverseSurvivalProbability((1 - confidence) / 2);
        return new Interval(mean - t * standardError, mean + t * standardError);
    }

    /**
     * Distribution-free interval for the median from order statistics: {@code [x(k), x(n−k+1)]} with the largest
     * {@code k} whose coverage {@code 1 − 2·P(B ≤ k − 1)}, {@code B ~ Binomial(n, 1/2)}, is at least
     * {@code confidence}. Exact whatever the distribution (conservative for ties). {@link Interval#NONE} when even
     * {@code [min, max]} does not reach the confidence (n ≤ 5 at 95 %).
     */
    public static Interval medianInterval(double[] sample, double confidence) {
        int n = sample.length;
        if (n == 0) {
            return Interval.NONE;
        }
        BinomialDistribution b = BinomialDistribution.of(n, 0.5);
        int k = 0;
        while (k + 1 <= (n + 1) / 2 && 1 - 2 * b.cumulativeProbability(k) >= confidence) {
            k++;
        }
        if (k == 0) {
            return Interval.NONE;
        }
        double[] s = sample.clone();
        Arrays.sort(s);
        return new Interval(s[k - 1], s[n - k]);
    }

    /**
     * Shifted geometric mean {@code exp(mean(ln(v + shift))) − shift} of non-negative values: the usual summary of
     * solving times (Achterberg's thesis, the MIPLIB reports), where the shift keeps tiny times from dominating the
     * ratio between solvers. {@code NaN} for an empty sample.
     */
    public static double shiftedGeometricMean(double[] values, double shift) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double logs = 0;
        for (double v : values) {
            logs += Math.log(Math.max(0, v) + shift);
        }
        return Math.exp(logs / values.length) - shift;
    }

    /**
     * Two-sided Wilcoxon signed-rank test of the paired differences {@code a[i] − b[i]} (commons-statistics: exact
     * p-value for at most 50 pairs without ties or zero differences, else the normal approximation with tie
     * correction; zero differences take part in the ranking and are left out of the rank sum, Pratt's treatment).
     * When every difference is zero there is nothing to test: statistic {@code NaN}, p-value 1.
     *
     * @return {statistic W+, two-sided p-value}
     */
    public static double[] wilcoxonSignedRank(double[] a, double[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException("paired samples of sizes " + a.length + " and " + b.length);
        }
        boolean allZero = true;
        for (int i = 0; i < a.length && allZero; i++) {
            allZero = a[i] - b[i] == 0;
        }
        if (allZero) {
            // commons-statistics refuses a sample whose differences are all zero.
            return new double[] {Double.NaN, 1.0};
        }
        WilcoxonSignedRankTest.Result r = WilcoxonSignedRankTest.withDefaults().test(a, b);
        return new double[] {r.getStatistic(), r.getPValue()};
    }
}
