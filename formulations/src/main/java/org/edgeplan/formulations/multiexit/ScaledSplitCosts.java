package org.edgeplan.formulations.multiexit;

/**
 * Integer-scaled costs of problem A for an integer model with an exact square (CP-SAT), and how far the integer
 * objective can be from the true one.
 *
 * <p>With scale σ, for every device with a choice ("free") and option k: {@code G_ik = round(σ² (g_ik − min_k g_ik))},
 * {@code R_ik = round(σ (h_ik − min_k h_ik))}; the fixed devices and the per-device minima go into the constants
 * {@code Gc} (kept as a double, exact) and {@code Sc = round(σ Hc)}. The integer objective of a vector is
 * {@code Z = Σ G_i + S²} with {@code S = Sc + Σ R_i}, and the true cost is {@code C = G + H²}.
 *
 * <p>Error bound (derived here): with per-option rounding errors {@code eg_ik = G_ik/σ² − Δg_ik} and
 * {@code eh_ik = R_ik/σ − Δh_ik}, and {@code Δ = Sc/σ − Hc + Σ eh} (so {@code S/σ = H + Δ}),
 * <pre>
 *   Z/σ² + Gc − C = Σ eg + 2HΔ + Δ².
 * </pre>
 * Σ eg lies in [EG⁻, EG⁺] (sums of per-device minima and maxima), Δ in [Δ⁻, Δ⁺] likewise, H in [H_lo, H_hi]. The
 * right side is linear in H and convex in Δ, so its maximum over the box is at a corner: that is
 * {@link #errorAbove()} (ε↑, how far Z/σ² + Gc can exceed C). Dropping Δ² ≥ 0 and taking the bilinear minimum at
 * the corners gives {@link #errorBelow()} (ε↓). Each |eg| ≤ 1/(2σ²) and |eh| ≤ 1/(2σ), so roughly
 * {@code ε ≤ (F + 1) H_hi / σ}, F the number of free devices. A safety term of 1e-12 times the magnitudes covers
 * the floating-point evaluation of these sums.
 *
 * <p>Consequences used by the solver: for the optimal vector s*, {@code C* ≥ Z(s*)/σ² + Gc − ε↑ ≥ Z_lb/σ² + Gc − ε↑}
 * for any proven lower bound {@code Z_lb} of the integer model, so that is an honest bound on the true optimum; and a
 * vector optimal for Z is within {@code ε↑ + ε↓} of the true optimum.
 *
 * <p>σ is the largest scale for which CP-SAT's overflow checks (the sum over a linear expression's terms of each
 * term's largest absolute value must fit in 64 bits) pass with room to spare: the objective's sum
 * {@code Σ_ik G_ik + S_max²} and the S definition's stay below {@code range} (default 2^61, a factor 4 below
 * {@link Long#MAX_VALUE}). The objective is bounded term by term over all options, not by {@code Σ_i max_k G_ik}
 * over per-device cost variables: CP-SAT's presolve substitutes such variables back into the objective and then
 * rejects the model as a possible overflow. {@code H_hi} is capped by {@link SplitChoices#hCap()} when reductions are
 * on, which both tightens S and allows a larger σ.
 */
public final class ScaledSplitCosts {
    /** The default bound on every integer sum in the model, a factor 4 below {@link Long#MAX_VALUE}. */
    public static final long DEFAULT_RANGE = 1L << 61;

    private static final double FP_SAFETY = 1e-12;

    private final int[] free;
    private final double scale;
    private final long[][] gInt;
    private final long[][] hInt;
    private final double gConstant;
    private final long sConstant;
    private final long sMin;
    private final long sMax;
    private final double errorAbove;
    private final double errorBelow;

    private ScaledSplitCosts(int[] free, double scale, long[][] gInt, long[][] hInt, double gConstant, long sConstant,
                             long sMin, long sMax, double errorAbove, double errorBelow) {
        this.free = free;
        this.scale = scale;
        this.gInt = gInt;
        this.hInt = hInt;
        this.gConstant = gConstant;
        this.sConstant = sConstant;
        this.sMin = sMin;
        this.sMax = sMax;
        this.errorAbove = errorAbove;
        this.errorBelow = errorBelow;
    }

    /** Scales with the default range 2^61. */
    public static ScaledSplitCosts of(SplitChoices choices) {
        return of(choices, DEFAULT_RANGE);
    }

    /** Scales so that every integer sum of the model stays below {@code range} (at least 2^20). */
    public static ScaledSplitCosts of(SplitChoices choices, long range) {
        if (range < (1L << 20)) {
            throw new IllegalArgumentException("range must be at least 2^20, got " + range);
        }
        int m = choices.deviceCount();
        int freeCount = choices.freeDeviceCount();
        int[] free = new int[freeCount];
        double gConstant = 0;
        double hConstant = 0;
        double deltaGSum = 0;
        double deltaHMaxSum = 0;
        int f = 0;
        for (int i = 0; i < m; i++) {
            double gMin = choices.minG(i);
            double hMin = choices.minH(i);
            gConstant += gMin;
            hConstant += hMin;
            if (!choices.fixed(i)) {
                free[f++] = i;
                for (int k = 0; k < choices.optionCount(i); k++) {
                    deltaGSum += choices.g(i, k) - gMin;
                }
                deltaHMaxSum += choices.maxH(i) - hMin;
            }
        }
        double hAll = hConstant + deltaHMaxSum;
        double hHigh = Math.max(hConstant, Math.min(hAll, choices.hCap()));
        double magnitude = deltaGSum + hHigh * hHigh;
        double scale = magnitude > 0 ? 0.9 * Math.sqrt(range / magnitude) : 1.0;
        if (!(scale > 0) || Double.isInfinite(scale)) {
            scale = 1.0;
        }
        int[] incumbent = choices.incumbentOptions();
        for (int attempt = 0; attempt < 200; attempt++) {
            long[][] gInt = new long[freeCount][];
            long[][] hInt = new long[freeCount][];
            long sConstant = Math.round(Math.min(scale * hConstant, (double) range));
            long sAll = sConstant;
            long sDefinition = sConstant;
            long gSum = 0;
            long sIncumbent = sConstant;
            try {
                for (int t = 0; t < freeCount; t++) {
                    int i = free[t];
                    int options = choices.optionCount(i);
                    gInt[t] = new long[options];
                    hInt[t] = new long[options];
                    double gMin = choices.minG(i);
                    double hMin = choices.minH(i);
                    long hMaxInt = 0;
                    for (int k = 0; k < options; k++) {
                        gInt[t][k] = roundChecked(scale * scale * (choices.g(i, k) - gMin), range);
                        hInt[t][k] = roundChecked(scale * (choices.h(i, k) - hMin), range);
                        gSum = Math.addExact(gSum, gInt[t][k]);
                        hMaxInt = Math.max(hMaxInt, hInt[t][k]);
                        sDefinition = Math.addExact(sDefinition, hInt[t][k]);
                    }
                    sAll = Math.addExact(sAll, hMaxInt);
                    sIncumbent = Math.addExact(sIncumbent, hInt[t][incumbent[i]]);
                }
                long sMax = sAll;
                if (Double.isFinite(choices.hCap())) {
                    double capped = Math.ceil(scale * choices.hCap()) + freeCount + 2;
                    if (capped < sMax) {
                        sMax = Math.max((long) capped, sIncumbent);
                    }
                }
                long sMin = sConstant;
                long objectiveSum = Math.addExact(gSum, Math.multiplyExact(sMax, sMax));
                long definitionSum = Math.addExact(sDefinition, sMax);
                if (objectiveSum <= range && definitionSum <= range) {
                    double[] errors = errors(choices, free, scale, gInt, hInt, hConstant, sConstant, hHigh, hAll);
                    return new ScaledSplitCosts(free, scale, gInt, hInt, gConstant, sConstant, sMin, sMax, errors[0],
                            errors[1]);
                }
            } catch (ArithmeticException e) {
                // Too large: try a smaller scale.
            }
            scale *= 0.9;
        }
        throw new IllegalStateException("no integer scale keeps the model below " + range);
    }

    private static long roundChecked(double value, long range) {
        if (!(value <= range)) {
            throw new ArithmeticException("coefficient " + value + " exceeds the range");
        }
        return Math.round(value);
    }

    private static double[] errors(SplitChoices choices, int[] free, double scale, long[][] gInt, long[][] hInt,
                                   double hConstant, long sConstant, double hHigh, double hAll) {
        double egLow = 0;
        double egHigh = 0;
        double dLow = sConstant / scale - hConstant;
        double dHigh = dLow;
        double magnitude = Math.abs(hConstant) + hAll * hAll;
        for (int t = 0; t < free.length; t++) {
            int i = free[t];
            double gMin = choices.minG(i);
            double hMin = choices.minH(i);
            double eg0 = Double.POSITIVE_INFINITY;
            double eg1 = Double.NEGATIVE_INFINITY;
            double eh0 = Double.POSITIVE_INFINITY;
            double eh1 = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < gInt[t].length; k++) {
                double eg = gInt[t][k] / (scale * scale) - (choices.g(i, k) - gMin);
                double eh = hInt[t][k] / scale - (choices.h(i, k) - hMin);
                eg0 = Math.min(eg0, eg);
                eg1 = Math.max(eg1, eg);
                eh0 = Math.min(eh0, eh);
                eh1 = Math.max(eh1, eh);
                magnitude += choices.g(i, k) - gMin;
            }
            egLow += eg0;
            egHigh += eg1;
            dLow += eh0;
            dHigh += eh1;
        }
        double hLow = hConstant;
        double up = Double.NEGATIVE_INFINITY;
        double down = Double.POSITIVE_INFINITY;
        for (double hh : new double[] {hLow, hHigh}) {
            for (double d : new double[] {dLow, dHigh}) {
                up = Math.max(up, 2 * hh * d + d * d);
            }
        }
        for (double hh : new double[] {hLow, hAll}) {
            for (double d : new double[] {dLow, dHigh}) {
                down = Math.min(down, 2 * hh * d);
            }
        }
        double safety = FP_SAFETY * (magnitude + choices.incumbentCost());
        double above = Math.max(0.0, egHigh + up) + safety;
        double below = Math.max(0.0, -(egLow + down)) + safety;
        return new double[] {above, below};
    }

    /** σ. */
    public double scale() {
        return scale;
    }

    /**
     * Z/σ² + Gc: an integer objective converted back to cost units (Gc: the g of the fixed devices plus every free
     * device's smallest g).
     */
    public double toCost(long integerObjective) {
        return integerObjective / (scale * scale) + gConstant;
    }

    /** The free devices (original indices), in the order of {@link #gInt(int, int)}'s first index. */
    public int[] freeDevices() {
        return free.clone();
    }

    /** G_ik of free device number t (index into {@link #freeDevices()}) and option k. */
    public long gInt(int freeIndex, int option) {
        return gInt[freeIndex][option];
    }

    /** R_ik of free device number t and option k. */
    public long hInt(int freeIndex, int option) {
        return hInt[freeIndex][option];
    }

    /** Sc = round(σ Hc), Hc the h of the fixed devices plus every free device's smallest h. */
    public long sConstant() {
        return sConstant;
    }

    /** The integer objective Z of a vector of option indices (over all devices), computed exactly. */
    public long integerObjective(int[] options) {
        long gs = 0;
        long s = sConstant;
        for (int t = 0; t < free.length; t++) {
            gs = Math.addExact(gs, gInt[t][options[free[t]]]);
            s = Math.addExact(s, hInt[t][options[free[t]]]);
        }
        return Math.addExact(gs, Math.multiplyExact(s, s));
    }

    /** The smallest value of S. */
    public long sMin() {
        return sMin;
    }

    /** The largest value of S the model allows (capped when reductions are on, always ≥ the incumbent's S). */
    public long sMax() {
        return sMax;
    }

    /** The honest lower bound on the true optimum implied by a proven lower bound of the integer model. */
    public double honestLowerBound(long integerLowerBound) {
        return toCost(integerLowerBound) - errorAbove;
    }

    /**
     * ε↑: the integer objective, converted back, exceeds the true cost by at most this, for every vector whose H is
     * within the capped range, which includes every vector at least as good as the warm start (all vectors when the
     * choices are unreduced).
     */
    public double errorAbove() {
        return errorAbove;
    }

    /** ε↓: the true cost of any vector exceeds its converted integer objective by at most this. */
    public double errorBelow() {
        return errorBelow;
    }

    /** The scaling error bound: max(ε↑, ε↓). */
    public double errorBound() {
        return Math.max(errorAbove, errorBelow);
    }
}
