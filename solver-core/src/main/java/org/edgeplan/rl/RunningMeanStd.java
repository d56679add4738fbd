package org.edgeplan.rl;

import java.util.Arrays;

/**
 * Running mean and variance of a vector stream (Welford's update), used to normalise observations and to scale
 * rewards. The statistics are saved with a policy so that it sees the same normalised inputs when it is used.
 */
public final class RunningMeanStd {
    /** Added to the variance before the square root, so that a constant feature normalises to 0, not NaN. */
    public static final double VARIANCE_FLOOR = 1e-8;

    private final double[] mean;
    private final double[] var; // population variance, updated in place so that a saved copy restores exactly
    private long count;

    public RunningMeanStd(int size) {
        mean = new double[size];
        var = new double[size];
    }

    /** Statistics restored from a policy file: {@code variance} is the population variance over {@code count}. */
    public static RunningMeanStd of(double[] mean, double[] variance, long count) {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("mean and variance differ in length");
        }
        RunningMeanStd r = new RunningMeanStd(mean.length);
        System.arraycopy(mean, 0, r.mean, 0, mean.length);
        System.arraycopy(variance, 0, r.var, 0, variance.length);
        r.count = count;
        return r;
    }

    public RunningMeanStd copy() {
        return of(mean, var, count);
    }

    public int size() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** Adds one observation (Welford: var_n = var_{n-1} + (d (x - mean_n) - var_{n-1}) / n, d = x - mean_{n-1}). */
    public void update(double[] x) {
        count++;
        for (int k = 0; k < mean.length; k++) {
            add(k, x[k]);
        }
    }

    /** Adds one scalar observation (size-1 statistics). */
    public void update(double x) {
        count++;
        add(0, x);
    }

    private void add(int k, double x) {
        double d = x - mean[k];
        mean[k] += d / count;
        var[k] += (d * (x - mean[k]) - var[k]) / count;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Population variance per component (0 before any observation). */
    public double[] variance() {
        return var.clone();
    }

    /** Standard deviation of component {@code k}, floored by {@link #VARIANCE_FLOOR}. */
    public double std(int k) {
        return Math.sqrt(Math.max(0.0, var[k]) + VARIANCE_FLOOR);
    }

    /** {@code (x - mean) / std}, clipped to {@code [-clip, clip]}, into {@code out}. */
    public void normalise(double[] x, double[] out, double clip) {
        for (int k = 0; k < mean.length; k++) {
            double z = (x[k] - mean[k]) / std(k);
            out[k] = Math.max(-clip, Math.min(clip, z));
        }
    }

    @Override
    public String toString() {
        return "RunningMeanStd[count=" + count + ", mean=" + Arrays.toString(mean) + "]";
    }
}
