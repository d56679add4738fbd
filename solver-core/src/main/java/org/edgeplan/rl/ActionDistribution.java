package org.edgeplan.rl;

import java.util.SplittableRandom;

/**
 * A factored action distribution over the actor network's output {@code y}: {@code heads} categorical heads over
 * {@code options} choices each (the first {@code heads × options} outputs are logits, head by head), then
 * {@code gaussians} one-dimensional Gaussians (the next {@code gaussians} outputs are the means; the standard
 * deviations are free parameters {@code exp(logStd_g)} independent of the state). The parts are independent given the
 * state, so the log-probability of a joint action is the sum over them.
 *
 * <p>A mask ({@code heads × options} flags, true where the option is allowed, or null for "all allowed") removes
 * options from a head: they get probability 0, are never sampled or chosen as the mode, and carry no gradient; the
 * head is the softmax over its allowed options. Stateless; all arrays are supplied by the caller.
 */
public final class ActionDistribution {
    /** log σ is clamped to this range when used; outside it the gradient with respect to log σ is 0. */
    public static final double MIN_LOG_STD = -6.0;
    public static final double MAX_LOG_STD = 1.0;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final int heads;
    private final int options;
    private final int gaussians;

    /**
     * @param heads     categorical heads
     * @param options   choices per head (at least 1)
     * @param gaussians Gaussian components after the logits
     */
    public ActionDistribution(int heads, int options, int gaussians) {
        if (heads < 0 || options < 1 || gaussians < 0 || heads + gaussians < 1) {
            throw new IllegalArgumentException("an action distribution needs heads >= 0, options >= 1, gaussians >= 0"
                    + " and at least one part, got " + heads + ", " + options + ", " + gaussians);
        }
        this.heads = heads;
        this.options = options;
        this.gaussians = gaussians;
    }

    public int heads() {
        return heads;
    }

    public int options() {
        return options;
    }

    public int gaussians() {
        return gaussians;
    }

    /** Width of the actor output this distribution reads. */
    public int outputSize() {
        return heads * options + gaussians;
    }

    private static double clampLogStd(double s) {
        return Math.max(MIN_LOG_STD, Math.min(MAX_LOG_STD, s));
    }

    private static boolean allowed(boolean[] mask, int index) {
        return mask == null || mask[index];
    }

    /** log-softmax of head {@code h} over its allowed options into {@code out} (length options; −∞ where masked). */
    void logSoftmax(double[] y, boolean[] mask, int h, double[] out) {
        int base = h * options;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < options; k++) {
            if (allowed(mask, base + k)) {
                max = Math.max(max, y[base + k]);
            }
        }
        if (mask != null && max == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("the mask allows no option of head " + h);
        }
        double sum = 0;
        for (int k = 0; k < options; k++) {
            if (allowed(mask, base + k)) {
                sum += Math.exp(y[base + k] - max);
            }
        }
        double logZ = max + Math.log(sum);
        for (int k = 0; k < options; k++) {
            out[k] = allowed(mask, base + k) ? y[base + k] - logZ : Double.NEGATIVE_INFINITY;
        }
    }

    /** Entropy of one head from its log-probabilities (masked options contribute nothing). */
    private static double headEntropy(double[] lp) {
        double h = 0;
        for (double l : lp) {
            if (l != Double.NEGATIVE_INFINITY) {
                h -= Math.exp(l) * l;
            }
        }
        return h;
    }

    /** Draws an action: an option per head into {@code choices}, a value per Gaussian into {@code continuous}. */
    public void sample(double[] y, double[] logStd, boolean[] mask, SplittableRandom random, int[] choices,
                       double[] continuous) {
        double[] lp = new double[options];
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, mask, h, lp);
            double x = random.nextDouble();
            // Rounding can leave the cumulative sum just below x: then the last allowed option is drawn.
            int choice = lastAllowed(mask, h);
            double cumulative = 0;
            for (int k = 0; k < options; k++) {
                cumulative += Math.exp(lp[k]);
                if (x < cumulative) {
                    choice = k;
                    break;
                }
            }
            choices[h] = choice;
        }
        int base = heads * options;
        for (int g = 0; g < gaussians; g++) {
            continuous[g] = y[base + g] + Math.exp(clampLogStd(logStd[g])) * random.nextGaussian();
        }
    }

    private int lastAllowed(boolean[] mask, int h) {
        int k = options - 1;
        while (k > 0 && !allowed(mask, h * options + k)) {
            k--;
        }
        return k;
    }

    /** The most likely action: the arg-max allowed option per head (lowest index on ties), the Gaussians' means. */
    public void mode(double[] y, boolean[] mask, int[] choices, double[] continuous) {
        for (int h = 0; h < heads; h++) {
            int base = h * options;
            int best = -1;
            for (int k = 0; k < options; k++) {
                if (allowed(mask, base + k) && (best < 0 || y[base + k] > y[base + best])) {
                    best = k;
                }
            }
            if (best < 0) {
                throw new IllegalArgumentException("the mask allows no option of head " + h);
            }
            choices[h] = best;
        }
        System.arraycopy(y, heads * options, continuous, 0, gaussians);
    }

    /** log π(a | s) of the joint action. */
    public double logProb(double[] y, double[] logStd, boolean[] mask, int[] choices, double[] continuous) {
        double[] lp = new double[options];
        double total = 0;
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, mask, h, lp);
            total += lp[choices[h]];
        }
        int base = heads * options;
        for (int g = 0; g < gaussians; g++) {
            double s = clampLogStd(logStd[g]);
            double z = (continuous[g] - y[base + g]) / Math.exp(s);
            total += -0.5 * z * z - s - HALF_LOG_TWO_PI;
        }
        return total;
    }

    /** Entropy of the joint distribution (sum over the independent parts). */
    public double entropy(double[] y, double[] logStd, boolean[] mask) {
        double[] lp = new double[options];
        double total = 0;
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, mask, h, lp);
            total += headEntropy(lp);
        }
        for (int g = 0; g < gaussians; g++) {
            total += clampLogStd(logStd[g]) + 0.5 + HALF_LOG_TWO_PI;
        }
        return total;
    }

    /** What one sample contributed to the PPO update, for diagnostics. */
    public record SampleLoss(double loss, double ratio, boolean clipped, double entropy, double logProb) {
    }

    /**
     * The per-sample PPO loss {@code −min(ρA, clip(ρ, 1−ε, 1+ε)A) − c·H(π(·|s))}, with {@code ρ = exp(log π(a|s) −
     * oldLogProb)}, and its gradient: written to {@code dY} (dLoss/dy, overwritten; 0 for masked options) and added to
     * {@code dLogStd} (may be null without Gaussians). {@code weight} scales loss and gradients (1/minibatch size).
     */
    public SampleLoss ppoLoss(double[] y, double[] logStd, boolean[] mask, int[] choices, double[] continuous,
                              double oldLogProb, double advantage, double clipEpsilon, double entropyCoefficient,
                              double weight, double[] dY, double[] dLogStd) {
        double[] lp = new double[options];
        double logProb = 0;
        double entropy = 0;
        // First pass: log-probability and entropy of the categorical heads.
        for (int h = 0; h < heads; h++) {
            logSoftmax(y, mask, h, lp);
            logProb += lp[choices[h]];
            entropy += headEntropy(lp);
        }
        int base = heads * options;
        for (int g = 0; g < gaussians; g++) {
            double s = clampLogStd(logStd[g]);
            double z = (continuous[g] - y[base + g]) / Math.exp(s);
            logProb += -0.5 * z * z - s - HALF_LOG_TWO_PI;
            entropy += s + 0.5 + HALF_LOG_TWO_PI;
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
            logSoftmax(y, mask, h, lp);
            double hh = headEntropy(lp);
            int hb = h * options;
            for (int k = 0; k < options; k++) {
                if (!allowed(mask, hb + k)) {
                    dY[hb + k] = 0.0; // a masked logit does not enter the softmax
                    continue;
                }
                double p = Math.exp(lp[k]);
                double dlp = (k == choices[h] ? 1.0 : 0.0) - p;      // d log π_h(a_h) / d y_k
                double dH = -p * (lp[k] + hh);                       // d H_h / d y_k
                dY[hb + k] = weight * (dLogProb * dlp - entropyCoefficient * dH);
            }
        }
        for (int g = 0; g < gaussians; g++) {
            double raw = logStd[g];
            double s = clampLogStd(raw);
            double var = Math.exp(2 * s);
            double diff = continuous[g] - y[base + g];
            dY[base + g] = weight * dLogProb * diff / var;
            boolean inside = raw > MIN_LOG_STD && raw < MAX_LOG_STD;
            if (dLogStd != null && inside) {
                double dlpds = diff * diff / var - 1.0;
                dLogStd[g] += weight * (dLogProb * dlpds - entropyCoefficient);
            }
        }
        return new SampleLoss(weight * loss, ratio, clipped, entropy, logProb);
    }
}
