package org.edgeplan.ppo;

import java.util.Arrays;

/**
 * Running mean and variance of a vector stream (Welford's update), used to normalise observations and to scale
 * rewards. The statistics are saved with a policy so that it sees the same normalised inputs when it is used.
 */
public final class RunningMeanStd {
    /** Added to the variance before the square root, so that a constant feature normalises to 0, not NaN. */
    public static final double VARIANCE_FLOOR = 1e-8;

    private final double[] mean;
    private final double[] m2;
    private long count;

    public RunningMeanStd(int size) {
        mean = new double[size];
        m2 = new double[size];
    }

    /** Statistics restored from a policy file: {@code variance} is the population variance over {@code count}. */
    public static RunningMeanStd of(double[] mean, double[] variance, long count) {
        if (mean.length != variance.length) {
            throw new IllegalArgumentException("mean and variance differ in length");
        }
        RunningMeanStd r = new RunningMeanStd(mean.length);
        System.arraycopy(mean, 0, r.mean, 0, mean.length);
        for (int k = 0; k < mean.length; k++) {
            r.m2[k] = variance[k] * count;
        }
        r.count = count;
        return r;
    }

    public RunningMeanStd copy() {
        RunningMeanStd c = new RunningMeanStd(mean.length);
        System.arraycopy(mean, 0, c.mean, 0, mean.length);
        System.arraycopy(m2, 0, c.m2, 0, m2.length);
        c.count = count;
        return c;
    }

    public int size() {
        return mean.length;
    }

    public long count() {
        return count;
    }

    /** Adds one observation. */
    public void update(double[] x) {
        count++;
        for (int k = 0; k < mean.length; k++) {
            double d = x[k] - mean[k];
            mean[k] += d / count;
            m2[k] += d * (x[k] - mean[k]);
        }
    }

    /** Adds one scalar observation (size-1 statistics). */
    public void update(double x) {
        count++;
        double d = x - mean[0];
        mean[0] += d / count;
        m2[0] += d * (x - mean[0]);
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Population variance per component (0 before any observation). */
    public double[] variance() {
        double[] v = new double[mean.length];
        if (count > 0) {
            for (int k = 0; k < v.length; k++) {
                v[k] = m2[k] / count;
            }
        }
        return v;
    }

    /** Standard deviation of component {@code k}, floored by {@link #VARIANCE_FLOOR}. */
    public double std(int k) {
        double var = count > 0 ? m2[k] / count : 0.0;
        return Math.sqrt(var + VARIANCE_FLOOR);
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
