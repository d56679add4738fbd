package org.edgeplan.multiexit.ppo;

import java.util.SplittableRandom;

/**
 * The policy's action distribution over the actor network's output {@code y}: one categorical head per device over
 * the split points 0..N (the first {@code heads × options} outputs are logits, device by device), and, for the
 * learned-share variant, one Gaussian per device over a share logit {@code u_i} (the next {@code heads} outputs are
 * the means, the standard deviations are free parameters {@code exp(logStd_i)} independent of the state). The
 * devices' choices are independent given the state, so the log-probability of a joint action is the sum over the
 * heads. Stateless; all arrays are supplied by the caller.
 */
public final class ActionDistribution {
    /** log σ is clamped to this range when used; outside it the gradient with respect to log σ is 0. */
    public static final double MIN_LOG_STD = -6.0;
    public static final double MAX_LOG_STD = 1.0;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final int heads;
    private final int options;
    private final boolean gaussian;

    /**
     * @param heads    devices M
     * @param options  split points per device, N + 1
     * @param gaussian whether a share logit per device follows the logits
     */
    public ActionDistribution(int heads, int options, boolean gaussian) {
        this.heads = heads;
        this.options = options;
        this.gaussian = gaussian;
    }

    public int heads() {
        return heads;
    }

    public int options() {
        return options;
    }

    public boolean hasShares() {
        return gaussian;
    }

    /** Width of the actor output this distribution reads. */
    public int outputSize() {
        return heads * options + (gaussian ? heads : 0);
    }

    private static double clampLogStd(double s) {
        return Math.max(MIN_LOG_STD, Math.min(MAX_LOG_STD, s));
    }

    /** log-softmax of head {@code h} into {@code out} (length options). */
    void logSoftmax(double[] y, int h, double[] out) {
        int base = h * options;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < options; k++) {
            max = Math.max(max, y[base + k]);
        }
        double sum = 0;
        for (int k = 0; k < options; k++) {
            sum += Math.exp(y[base + k] - max);
        }
        double logZ = max + Math.log(sum);
        for (int k = 0; k < options; k++) {
            out[k] = y[base + k] - logZ;
        }
    }

    /** Draws an action: a split per head into {@code splits}, a share logit per head into {@code u} (if any). */
    public void sample(double[] y, double[] logStd, SplittableRandom random, int[] splits, double[] u) {
        double[] lp = new double[options];
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, h, lp);
            double x = random.nextDouble();
            int choice = options - 1;
            double cumulative = 0;
            for (int k = 0; k < options; k++) {
                cumulative += Math.exp(lp[k]);
                if (x < cumulative) {
                    choice = k;
                    break;
                }
            }
            splits[h] = choice;
        }
        if (gaussian) {
            int base = heads * options;
            for (int h = 0; h < heads; h++) {
                u[h] = y[base + h] + Math.exp(clampLogStd(logStd[h])) * random.nextGaussian();
            }
        }
    }

    /** The most likely action: the arg-max split per head (lowest index on ties), the mean share logit. */
    public void mode(double[] y, int[] splits, double[] u) {
        for (int h = 0; h < heads; h++) {
            int base = h * options;
            int best = 0;
            for (int k = 1; k < options; k++) {
                if (y[base + k] > y[base + best]) {
                    best = k;
                }
            }
            splits[h] = best;
        }
        if (gaussian) {
            System.arraycopy(y, heads * options, u, 0, heads);
        }
    }

    /** log π(a | s) of the joint action. */
    public double logProb(double[] y, double[] logStd, int[] splits, double[] u) {
        double[] lp = new double[options];
        double total = 0;
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, h, lp);
            total += lp[splits[h]];
        }
        if (gaussian) {
            int base = heads * options;
            for (int h = 0; h < heads; h++) {
                double s = clampLogStd(logStd[h]);
                double z = (u[h] - y[base + h]) / Math.exp(s);
                total += -0.5 * z * z - s - HALF_LOG_TWO_PI;
            }
        }
        return total;
    }

    /** Entropy of the joint distribution (sum over the independent heads). */
    public double entropy(double[] y, double[] logStd) {
        double[] lp = new double[options];
        double total = 0;
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, h, lp);
            for (int k = 0; k < options; k++) {
                total -= Math.exp(lp[k]) * lp[k];
            }
        }
        if (gaussian) {
            for (int h = 0; h < heads; h++) {
                total += clampLogStd(logStd[h]) + 0.5 + HALF_LOG_TWO_PI;
            }
        }
        return total;
    }

    /** What one sample contributed to the PPO update, for diagnostics. */
    public record SampleLoss(double loss, double ratio, boolean clipped, double entropy, double logProb) {
    }

    /**
     * The per-sample PPO loss {@code −min(ρA, clip(ρ, 1−ε, 1+ε)A) − c·H(π(·|s))}, with {@code ρ = exp(log π(a|s) −
     * oldLogProb)}, and its gradient: written to {@code dY} (dLoss/dy, overwritten) and added to {@code dLogStd}
     * (may be null without shares). {@code weight} scales loss and gradients (1/minibatch size).
     */
    public SampleLoss ppoLoss(double[] y, double[] logStd, int[] splits, double[] u, double oldLogProb,
                              double advantage, double clipEpsilon, double entropyCoefficient, double weight,
                              double[] dY, double[] dLogStd) {
        double[] lp = new double[options];
        double logProb = 0;
        double entropy = 0;
        // First pass: log-probability and entropy of the categorical heads.
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, h, lp);
            logProb += lp[splits[h]];
            double hh = 0;
            for (int k = 0; k < options; k++) {
                hh -= Math.exp(lp[k]) * lp[k];
            }
            entropy += hh;
        }
        int base = heads * options;
        if (gaussian) {
            for (int h = 0; h < heads; h++) {
                double s = clampLogStd(logStd[h]);
                double z = (u[h] - y[base + h]) / Math.exp(s);
                logProb += -0.5 * z * z - s - HALF_LOG_TWO_PI;
                entropy += s + 0.5 + HALF_LOG_TWO_PI;
            }
        }
        double ratio = Math.exp(logProb - oldLogProb);
        double clippedRatio = Math.max(1 - clipEpsilon, Math.min(1 + clipEpsilon, ratio));
        double surrogate = ratio * advantage;
        double clippedSurrogate = clippedRatio * advantage;
        boolean clipped = surrogate > clippedSurrogate;
        double loss = -Math.min(surrogate, clippedSurrogate) - entropyCoefficient * entropy;
        // dLoss/dlogπ: −Aρ where the unclipped term is the minimum, 0 where the clipped one is (it is flat in ρ).
        double dLogProb = clipped ? 0.0 : -advantage * ratio;
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, h, lp);
            double hh = 0;
            for (int k = 0; k < options; k++) {
                hh -= Math.exp(lp[k]) * lp[k];
            }
            int hb = h * options;
            for (int k = 0; k < options; k++) {
                double p = Math.exp(lp[k]);
                double dlp = (k == splits[h] ? 1.0 : 0.0) - p;       // d log π_h(a_h) / d y_k
                double dH = -p * (lp[k] + hh);                       // d H_h / d y_k
                dY[hb + k] = weight * (dLogProb * dlp - entropyCoefficient * dH);
            }
        }
        if (gaussian) {
            for (int h = 0; h < heads; h++) {
                double raw = logStd[h];
                double s = clampLogStd(raw);
                double var = Math.exp(2 * s);
                double diff = u[h] - y[base + h];
                dY[base + h] = weight * dLogProb * diff / var;
                boolean inside = raw > MIN_LOG_STD && raw < MAX_LOG_STD;
                if (dLogStd != null && inside) {
                    double dlpds = diff * diff / var - 1.0;
                    dLogStd[h] += weight * (dLogProb * dlpds - entropyCoefficient);
                }
            }
        }
        return new SampleLoss(weight * loss, ratio, clipped, entropy, logProb);
    }
}
