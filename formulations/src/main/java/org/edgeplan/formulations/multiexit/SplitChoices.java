package org.edgeplan.formulations.multiexit;

import java.util.Arrays;

import org.edgeplan.core.Deadline;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.exact.SplitOptions;
import org.edgeplan.multiexit.exact.SplitTable;

/**
 * The split options a formulation of problem A chooses from, for one exit set (a {@link SplitTable}), with a
 * warm-start incumbent and a simple lower bound. The objective of a split vector is
 * {@code Σ_i g_i(s_i) + (Σ_i h_i(s_i))²} (closed-form shares, {@link org.edgeplan.multiexit.OptimalShares}).
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
 * with λ = H of the current vector until it repeats, then 1-opt moves on the true cost. Both, and the pruning by
 * bound, stop at the solve's deadline ({@link #cutShort()}): the incumbent is then the best vector found so far and
 * fewer options are pruned, which keeps every statement above true (only the model gets larger).
 */
public final class SplitChoices extends SplitTable {
    /** Which exact reductions to apply before modelling. */
    public enum Reduction {
        /** Only the finite options (the raw formulation). */
        NONE,
        /** Finite, non-dominated, and not excluded by the incumbent's cost. */
        DOMINANCE_AND_BOUND
    }

    /** Relative slack when comparing a bound with the incumbent, against rounding. */
    private static final double PRUNE_SLACK = 1e-12;
    /** Devices of a 1-opt pass between two looks at the deadline. */
    private static final int DEVICES_PER_CHECK = 64;

    private final MultiExitCostModel model;
    private final int[] incumbent;
    private final double incumbentCost;
    private final double hCap;
    private final boolean cutShort;

    /**
     * The candidate options of {@code table} with the heuristic's incumbent, unreduced by bound: {@link #hCap()} is
     * +Infinity, the raw formulation not tightened.
     */
    private SplitChoices(MultiExitCostModel model, SplitTable table, Deadline deadline) {
        super(table);
        this.model = model;
        Heuristic found = heuristic(gRows(), hRows(), deadline);
        this.incumbent = found.options();
        this.incumbentCost = cost(incumbent);
        this.hCap = Double.POSITIVE_INFINITY;
        this.cutShort = found.cutShort();
    }

    /** The candidates with only the options marked in {@code keep}, which include the incumbent's. */
    private SplitChoices(SplitChoices candidates, Pruned pruned) {
        super(candidates, pruned.keep());
        this.model = candidates.model;
        this.incumbent = renumbered(candidates.incumbent, pruned.keep());
        this.incumbentCost = cost(incumbent);
        this.hCap = hCapBelowIncumbent();
        this.cutShort = candidates.cutShort || pruned.cutShort();
    }

    /**
     * The options of every device under the model's exit set, reduced as asked; the heuristic and the pruning stop at
     * {@code deadline}.
     */
    public static SplitChoices of(MultiExitCostModel model, Reduction reduction, Deadline deadline) {
        if (reduction == Reduction.NONE) {
            return new SplitChoices(model, SplitTable.allFinite(model), deadline);
        }
        SplitChoices candidates = new SplitChoices(model, SplitOptions.of(model), deadline);
        return new SplitChoices(candidates,
                pruneByBound(candidates.gRows(), candidates.hRows(), candidates.incumbent, deadline));
    }

    /** Whether the deadline stopped the heuristic or the pruning before they were done. */
    public boolean cutShort() {
        return cutShort;
    }

    /** The heuristic's vector (option indices) and whether the deadline stopped it. */
    record Heuristic(int[] options, boolean cutShort) {
    }

    /** The options kept by the pruning and whether the deadline stopped it. */
    private record Pruned(boolean[][] keep, boolean cutShort) {
    }

    /** The option indices of {@code options} among the options marked in {@code keep}. */
    private static int[] renumbered(int[] options, boolean[][] keep) {
        int[] out = new int[options.length];
        for (int i = 0; i < options.length; i++) {
            for (int k = 0; k < options[i]; k++) {
                out[i] += keep[i][k] ? 1 : 0;
            }
        }
        return out;
    }

    /**
     * Linearisation steps from the cheapest-g vector, then 1-opt on the true cost, until done or the deadline (checked
     * before every step and pass and every {@value #DEVICES_PER_CHECK} devices of a pass). Deterministic when the
     * deadline does not strike.
     */
    static Heuristic heuristic(double[][] g, double[][] h, Deadline deadline) {
        int m = g.length;
        int[] current = new int[m];
        for (int i = 0; i < m; i++) {
            current[i] = argmin(g[i], h[i], 0.0);
        }
        int[] best = current.clone();
        double bestCost = cost(g, h, best);
        for (int step = 0; step < 50; step++) {
            if (deadline.expired()) {
                return new Heuristic(best, true);
            }
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
        // 1-opt: change one device at a time while that lowers the true cost. The sums over the vector are summed
        // again (in device order) only when it changes, which is what summing them for every device gave.
        for (int pass = 0; pass < 100; pass++) {
            if (deadline.expired()) {
                return new Heuristic(best, true);
            }
            boolean improved = false;
            double gs = 0;
            double hs = 0;
            for (int j = 0; j < m; j++) {
                gs += g[j][best[j]];
                hs += h[j][best[j]];
            }
            for (int i = 0; i < m; i++) {
                if (i % DEVICES_PER_CHECK == DEVICES_PER_CHECK - 1 && deadline.expired()) {
                    return new Heuristic(best, true);
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
                        gs = 0;
                        hs = 0;
                        for (int j = 0; j < m; j++) {
                            gs += g[j][best[j]];
                            hs += h[j][best[j]];
                        }
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return new Heuristic(best, false);
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

    /**
     * Marks the options whose simple bound does not exceed the incumbent's cost; repeats until nothing changes or the
     * deadline (an option kept in vain only makes the model larger).
     */
    private static Pruned pruneByBound(double[][] g, double[][] h, int[] incumbent, Deadline deadline) {
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
            if (deadline.expired()) {
                return new Pruned(keep, true);
            }
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
        return new Pruned(keep, false);
    }

    /** The cost model of the exit set the choices belong to. */
    public MultiExitCostModel model() {
        return model;
    }

    /** Whether device i has a single option left, i.e. is fixed. */
    public boolean fixed(int device) {
        return optionCount(device) == 1;
    }

    /** Devices with a choice left. */
    public int freeDeviceCount() {
        int c = 0;
        for (int i = 0; i < deviceCount(); i++) {
            c += optionCount(i) > 1 ? 1 : 0;
        }
        return c;
    }

    /** The smallest g of device i over its options. */
    public double minG(int device) {
        return Arrays.stream(gRow(device)).min().orElseThrow();
    }

    /** The smallest h of device i over its options. */
    public double minH(int device) {
        return Arrays.stream(hRow(device)).min().orElseThrow();
    }

    /** The largest h of device i over its options. */
    public double maxH(int device) {
        return Arrays.stream(hRow(device)).max().orElseThrow();
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
        for (int i = 0; i < deviceCount(); i++) {
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
        for (int i = 0; i < deviceCount(); i++) {
            gs += minG(i);
        }
        double slack = PRUNE_SLACK * Math.abs(incumbentCost);
        return Math.sqrt(Math.max(0.0, incumbentCost + slack - gs)) * (1 + PRUNE_SLACK) + Math.sqrt(slack);
    }
}
