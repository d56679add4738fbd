package org.edgeplan.multiexit.instances;

import java.util.SplittableRandom;

import org.edgeplan.profiles.SplitChain;

/**
 * The exit probabilities q_j of the generated families: an <em>assumption</em> of this toolkit, not a measurement and
 * not taken from a paper. A device's tasks are a mix of easy ones, a share {@code easyShare} of which an exit branch
 * could settle before the last split point, and hard ones that need the final classifier. The share settled by the
 * branch after split point j grows with the work done so far:
 * {@code F(j) = easyShare · (cumulative MACs to j / total MACs)^shape} for j < N, so q_j = F(j) − F(j−1) and
 * q_N = 1 − F(N−1). {@code shape} < 1 front-loads the exits (easy data, as in the early-exit literature's
 * observation that shallow exits already classify many inputs), {@code shape} > 1 defers them. Each device draws
 * {@code easyShare} uniformly from [{@link #minEasyShare}, {@link #maxEasyShare}] and {@code shape} log-uniformly
 * from [{@link #minShape}, {@link #maxShape}]. Probabilities are rounded to whole millionths (q_N takes the
 * remainder), so they sum to exactly 1 in millionths and print briefly.
 *
 * @param minEasyShare least share of tasks an early exit could settle, in [0, 1]
 * @param maxEasyShare largest share, in [minEasyShare, 1]
 * @param minShape     least curve exponent, > 0
 * @param maxShape     largest curve exponent, ≥ minShape
 */
public record ExitProbabilityModel(double minEasyShare, double maxEasyShare, double minShape, double maxShape) {
    /** The model of the shipped families: 30-80 % easy tasks, exponents 0.5-2. */
    public static final ExitProbabilityModel DEFAULT = new ExitProbabilityModel(0.3, 0.8, 0.5, 2.0);

    private static final long MILLION = 1_000_000L;

    public ExitProbabilityModel {
        if (!(minEasyShare >= 0) || !(maxEasyShare <= 1) || !(minEasyShare <= maxEasyShare)) {
            throw new IllegalArgumentException("exit model: easy shares must satisfy 0 <= min <= max <= 1, got "
                    + minEasyShare + ", " + maxEasyShare);
        }
        if (!(minShape > 0) || !(minShape <= maxShape) || Double.isInfinite(maxShape)) {
            throw new IllegalArgumentException("exit model: shapes must satisfy 0 < min <= max < infinity, got "
                    + minShape + ", " + maxShape);
        }
    }

    /** One device's q_1..q_N, drawing its easy share and shape from {@code random} (two draws). */
    public double[] sample(SplitChain chain, SplittableRandom random) {
        double easy = minEasyShare + (maxEasyShare - minEasyShare) * random.nextDouble();
        double shape = minShape * Math.pow(maxShape / minShape, random.nextDouble());
        return probabilities(chain, easy, shape);
    }

    /**
     * q_1..q_N for a given easy share and shape, in whole millionths.
     *
     * @throws IllegalArgumentException when easyShare is outside [0, 1] or shape is not positive and finite
     */
    public static double[] probabilities(SplitChain chain, double easyShare, double shape) {
        if (!(easyShare >= 0 && easyShare <= 1)) {
            throw new IllegalArgumentException("exit model: easy share must lie in [0, 1], got " + easyShare);
        }
        if (!(shape > 0) || Double.isInfinite(shape)) {
            throw new IllegalArgumentException("exit model: shape must be positive and finite, got " + shape);
        }
        int n = chain.splitPointCount();
        double total = chain.totalMacs();
        long[] cumulative = new long[n]; // F(j) in millionths, j = 0..N-1
        long done = 0;
        for (int j = 1; j < n; j++) {
            done += chain.point(j).macs();
            cumulative[j] = Math.round(MILLION * easyShare * Math.pow(done / total, shape));
        }
        double[] q = new double[n];
        for (int j = 1; j < n; j++) {
            q[j - 1] = (cumulative[j] - cumulative[j - 1]) / (double) MILLION;
        }
        q[n - 1] = (MILLION - cumulative[n - 1]) / (double) MILLION;
        return q;
    }
}
