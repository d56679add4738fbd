package org.edgeplan.formulations.multiexit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.exact.SplitOptions;

/**
 * The split options a formulation of problem A chooses from, for one exit set, with a warm-start incumbent and a
 * simple lower bound. The objective of a split vector is {@code Σ_i g_i(s_i) + (Σ_i h_i(s_i))²} (closed-form shares,
 * {@link org.edgeplan.multiexit.OptimalShares}).
 *
 * <p>Options with {@code g = +Infinity} (data sent over a zero-bandwidth link) are never offered, so a device whose
 * edge is unreachable keeps only the splits that send nothing. With {@link Reduction#DOMINANCE_AND_BOUND} two exact
 * reductions follow: options dominated in both {@code g} and {@code h} are dropped ({@link SplitOptions}), and so is
 * every option whose simple bound {@code G_min − g_min,i + g_ik + (H_min − h_min,i + h_ik)²} exceeds the incumbent's
 * cost (no vector using it can beat the incumbent). At least one optimal vector survives both, so a formulation over
 * the kept options has the same optimum. Devices left with one option are fixed; formulations fold them into
 * constants.
 *
 * <p>The incumbent comes from a small deterministic heuristic: minimise the linearisation {@code g + 2λh} per device
 * with λ = H of the current vector until it repeats, then 1-opt moves on the true cost.
 */
public final class SplitChoices {
    /** Which exact reductions to apply before modelling. */
    public enum Reduction {
        /** Only the finite options (the raw formulation). */
        NONE,
        /** Finite, non-dominated, and not excluded by the incumbent's cost. */
        DOMINANCE_AND_BOUND
    }

    /** Relative slack when comparing a bound with the incumbent, against rounding. */
    private static final double PRUNE_SLACK = 1e-12;

    private final MultiExitCostModel model;
    private final int[][] splits;
    private final double[][] g;
    private final double[][] h;
    private final int[] incumbent;
    private final double incumbentCost;
    private final int finiteOptions;
    private final double hCap;

    private SplitChoices(MultiExitCostModel model, Reduction reduction, int[][] splits, double[][] g, double[][] h,
                         int[] incumbent, int finiteOptions) {
        this.model = model;
        this.splits = splits;
        this.g = g;
        this.h = h;
        this.incumbent = incumbent;
        this.incumbentCost = cost(g, h, incumbent);
        this.finiteOptions = finiteOptions;
        // Only the reduced choices may drop vectors worse than the incumbent; the raw formulation stays untightened.
        this.hCap = reduction == Reduction.NONE ? Double.POSITIVE_INFINITY : hCapBelowIncumbent();
    }

    /** The options of every device under the model's exit set, reduced as asked. */
    public static SplitChoices of(MultiExitCostModel model, Reduction reduction) {
        int m = model.deviceCount();
        int n = model.layerCount();
        int[][] splits = new int[m][];
        double[][] g = new double[m][];
        double[][] h = new double[m][];
        int finite = 0;
        SplitOptions dominance = reduction == Reduction.DOMINANCE_AND_BOUND ? SplitOptions.of(model) : null;
        for (int i = 0; i < m; i++) {
            List<Integer> kept = new ArrayList<>();
            for (int s = 0; s <= n; s++) {
                if (Double.isFinite(model.g(i, s))) {
                    finite++;
                    if (dominance == null) {
                        kept.add(s);
                    }
                }
            }
            if (dominance != null) {
                for (int k = 0; k < dominance.optionCount(i); k++) {
                    kept.add(dominance.split(i, k));
                }
            }
            splits[i] = kept.stream().mapToInt(Integer::intValue).toArray();
            g[i] = new double[splits[i].length];
            h[i] = new double[splits[i].length];
            for (int k = 0; k < splits[i].length; k++) {
                g[i][k] = model.g(i, splits[i][k]);
                h[i][k] = model.h(i, splits[i][k]);
            }
        }
        int[] start = heuristic(g, h);
        if (reduction == Reduction.DOMINANCE_AND_BOUND) {
            boolean[][] keep = pruneByBound(g, h, start);
            int[][] s2 = new int[m][];
            double[][] g2 = new double[m][];
            double[][] h2 = new double[m][];
            int[] start2 = new int[m];
            for (int i = 0; i < m; i++) {
                int count = 0;
                for (boolean b : keep[i]) {
                    count += b ? 1 : 0;
                }
                s2[i] = new int[count];
                g2[i] = new double[count];
                h2[i] = new double[count];
                int c = 0;
                for (int k = 0; k < keep[i].length; k++) {
                    if (keep[i][k]) {
                        if (k == start[i]) {
                            start2[i] = c;
                        }
                        s2[i][c] = splits[i][k];
                        g2[i][c] = g[i][k];
                        h2[i][c] = h[i][k];
                        c++;
                    }
                }
            }
            return new SplitChoices(model, reduction, s2, g2, h2, start2, finite);
        }
        return new SplitChoices(model, reduction, splits, g, h, start, finite);
    }

    /** Σ g + (Σ h)² of a vector of option indices, summed in device order. */
    static double cost(double[][] g, double[][] h, int[] options) {
        double gs = 0;
        double hs = 0;
        for (int i = 0; i < options.length; i++) {
            gs += g[i][options[i]];
            hs += h[i][options[i]];
        }
        return gs + hs * hs;
    }

    /** Linearisation steps from the cheapest-g vector, then 1-opt on the true cost. Deterministic. */
    static int[] heuristic(double[][] g, double[][] h) {
        int m = g.length;
        int[] current = new int[m];
        for (int i = 0; i < m; i++) {
            current[i] = argmin(g[i], h[i], 0.0);
        }
        int[] best = current.clone();
        double bestCost = cost(g, h, best);
        for (int step = 0; step < 50; step++) {
            double lambda = 0;
            for (int i = 0; i < m; i++) {
                lambda += h[i][current[i]];
            }
            int[] next = new int[m];
            for (int i = 0; i < m; i++) {
                next[i] = argmin(g[i], h[i], lambda);
            }
            if (Arrays.equals(next, current)) {
                break;
            }
            current = next;
            double c = cost(g, h, current);
            if (c < bestCost) {
                bestCost = c;
                best = current.clone();
            }
        }
        // 1-opt: change one device at a time while that lowers the true cost.
        for (int pass = 0; pass < 100; pass++) {
            boolean improved = false;
            for (int i = 0; i < m; i++) {
                double gs = 0;
                double hs = 0;
                for (int j = 0; j < m; j++) {
                    gs += g[j][best[j]];
                    hs += h[j][best[j]];
                }
                double gRest = gs - g[i][best[i]];
                double hRest = hs - h[i][best[i]];
                int bestK = best[i];
                double bestHere = bestCost;
                for (int k = 0; k < g[i].length; k++) {
                    double hh = hRest + h[i][k];
                    double c = gRest + g[i][k] + hh * hh;
                    if (c < bestHere * (1 - 1e-15)) {
                        bestHere = c;
                        bestK = k;
                    }
                }
                if (bestK != best[i]) {
                    int[] trial = best.clone();
                    trial[i] = bestK;
                    double exact = cost(g, h, trial);
                    if (exact < bestCost) {
                        best = trial;
                        bestCost = exact;
                        improved = true;
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return best;
    }

    private static int argmin(double[] g, double[] h, double lambda) {
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int k = 0; k < g.length; k++) {
            double v = g[k] + 2 * lambda * h[k];
            if (v < bestValue) {
                bestValue = v;
                best = k;
            }
        }
        return best;
    }

    /** Marks the options whose simple bound does not exceed the incumbent's cost; repeats until nothing changes. */
    private static boolean[][] pruneByBound(double[][] g, double[][] h, int[] incumbent) {
        int m = g.length;
        double ub = cost(g, h, incumbent);
        double limit = ub + PRUNE_SLACK * Math.abs(ub);
        boolean[][] keep = new boolean[m][];
        for (int i = 0; i < m; i++) {
            keep[i] = new boolean[g[i].length];
            Arrays.fill(keep[i], true);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            double[] gMin = new double[m];
            double[] hMin = new double[m];
            double gSum = 0;
            double hSum = 0;
            for (int i = 0; i < m; i++) {
                gMin[i] = Double.POSITIVE_INFINITY;
                hMin[i] = Double.POSITIVE_INFINITY;
                for (int k = 0; k < g[i].length; k++) {
                    if (keep[i][k]) {
                        gMin[i] = Math.min(gMin[i], g[i][k]);
                        hMin[i] = Math.min(hMin[i], h[i][k]);
                    }
                }
                gSum += gMin[i];
                hSum += hMin[i];
            }
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < g[i].length; k++) {
                    if (!keep[i][k] || k == incumbent[i]) {
                        continue;
                    }
                    double hh = hSum - hMin[i] + h[i][k];
                    double bound = gSum - gMin[i] + g[i][k] + hh * hh;
                    if (bound > limit) {
                        keep[i][k] = false;
                        changed = true;
                    }
                }
            }
        }
        return keep;
    }

    /** The cost model of the exit set the choices belong to. */
    public MultiExitCostModel model() {
        return model;
    }

    /** M. */
    public int deviceCount() {
        return splits.length;
    }

    /** Options left for device i (at least 1). */
    public int optionCount(int device) {
        return splits[device].length;
    }

    /** Whether device i has a single option left, i.e. is fixed. */
    public boolean fixed(int device) {
        return splits[device].length == 1;
    }

    /** Devices with a choice left. */
    public int freeDeviceCount() {
        int c = 0;
        for (int[] s : splits) {
            c += s.length > 1 ? 1 : 0;
        }
        return c;
    }

    /** Options left, summed over devices. */
    public int totalOptions() {
        return Arrays.stream(splits).mapToInt(a -> a.length).sum();
    }

    /** Options with finite cost before any reduction, summed over devices. */
    public int finiteOptions() {
        return finiteOptions;
    }

    /** The split point of option k of device i. */
    public int split(int device, int option) {
        return splits[device][option];
    }

    /** The split vector of a vector of option indices. */
    public int[] splitsOf(int[] options) {
        int[] out = new int[options.length];
        for (int i = 0; i < options.length; i++) {
            out[i] = splits[i][options[i]];
        }
        return out;
    }

    /** g_i of option k. */
    public double g(int device, int option) {
        return g[device][option];
    }

    /** h_i of option k. */
    public double h(int device, int option) {
        return h[device][option];
    }

    /** Σ g + (Σ h)² of a vector of option indices. */
    public double cost(int[] options) {
        return cost(g, h, options);
    }

    /** The smallest g of device i over its options. */
    public double minG(int device) {
        return Arrays.stream(g[device]).min().orElseThrow();
    }

    /** The smallest h of device i over its options. */
    public double minH(int device) {
        return Arrays.stream(h[device]).min().orElseThrow();
    }

    /** The largest h of device i over its options. */
    public double maxH(int device) {
        return Arrays.stream(h[device]).max().orElseThrow();
    }

    /** The warm-start incumbent as option indices. */
    public int[] incumbentOptions() {
        return incumbent.clone();
    }

    /** The incumbent's cost Σ g + (Σ h)². */
    public double incumbentCost() {
        return incumbentCost;
    }

    /** {@code Σ_i min g_i + (Σ_i min h_i)²}: a lower bound on the optimum, valid because an optimal vector survives. */
    public double simpleLowerBound() {
        double gs = 0;
        double hs = 0;
        for (int i = 0; i < splits.length; i++) {
            gs += minG(i);
            hs += minH(i);
        }
        return gs + hs * hs;
    }

    /**
     * An upper bound on {@code H = Σ h} over every vector at least as good as the incumbent:
     * {@code H² ≤ cost − G ≤ incumbent − Σ min g}. +Infinity without {@link Reduction#DOMINANCE_AND_BOUND}, so the
     * raw formulation is not tightened.
     */
    public double hCap() {
        return hCap;
    }

    /** {@code sqrt(incumbent − Σ min g)}, widened by the pruning slack against rounding. */
    private double hCapBelowIncumbent() {
        double gs = 0;
        for (int i = 0; i < splits.length; i++) {
            gs += minG(i);
        }
        double slack = PRUNE_SLACK * Math.abs(incumbentCost);
        return Math.sqrt(Math.max(0.0, incumbentCost + slack - gs)) * (1 + PRUNE_SLACK) + Math.sqrt(slack);
    }
}
