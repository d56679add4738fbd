package org.edgeplan.multiexit.exact;

import org.edgeplan.core.Deadline;
import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * The root of the split search for one exit set, before any branching: the options left after dominance
 * ({@link SplitOptions}), the exact Lagrangian bound, the first incumbent and reduced-cost fixing (steps 1-3 of
 * {@link SplitBranchAndBound}). A search over the devices still left with a choice ({@link SplitSearch}) starts from
 * it, and {@link #finish} turns the search's outcome into the {@link SplitBranchAndBound.Result}.
 *
 * @param options               the options after fixing (after dominance when fixing is off)
 * @param finiteOptions         options with finite cost, summed over devices
 * @param optionsAfterDominance options left after dominance
 * @param lambda                λ* of the last Lagrangian bound maximised
 * @param lagrangian            the Lagrangian bound at {@code lambda} over {@code options}
 * @param rootBound             the best Lagrangian bound over all fixing rounds
 * @param heuristicObjective    cost of the first incumbent (Lagrangian argmin vectors + 1-opt, or device-only)
 * @param reducedCosts          {@code rc_i(k) = g_ik + 2λh_ik − min_k' (g_ik' + 2λh_ik')} of {@code options}
 * @param upperBound            the incumbent's cost, at most the cutoff
 * @param incumbentSplits       the incumbent's split vector, or null when none beats the cutoff
 * @param minPruned             the least bound of an option removed by fixing
 * @param settled               true when fixing removed every option of a device: nothing can beat the incumbent
 */
record SplitRoot(SplitOptions options, int finiteOptions, int optionsAfterDominance, double lambda, double lagrangian,
                 double rootBound, double heuristicObjective, double[][] reducedCosts, double upperBound,
                 int[] incumbentSplits, double minPruned, boolean settled) {
    private static final int MAX_FIXING_ROUNDS = 20;

    /**
     * The root of the model's exit set for a search that must beat {@code cutoff}. The 1-opt passes and the fixing
     * rounds stop at {@code deadline} (each is linear in the options; what they found so far stays valid: fixing is
     * optional for exactness).
     *
     * @param fixing         apply reduced-cost fixing (else only dominance)
     * @param heuristicStart start from the best Lagrangian argmin vector + 1-opt (else from device-only)
     */
    static SplitRoot of(MultiExitCostModel model, double cutoff, boolean fixing, boolean heuristicStart,
                        Deadline deadline) {
        SplitOptions all = SplitOptions.of(model);
        int m = all.deviceCount();
        int afterDominance = all.totalOptions();

        // Exact Lagrangian dual and the best Lagrangian argmin vector, then 1-opt.
        SplitOptions opts = all;
        HullEvents rootEvents = HullEvents.of(opts);
        rootEvents.maximise(0, 0, 0);
        double lambda = rootEvents.lastLambda;
        double lagr = LagrangianBound.valueAt(opts, lambda);
        double rootBound = lagr;
        int[] choice;
        if (heuristicStart) {
            choice = rootEvents.bestArgminVector();
            localSearch(opts, choice, deadline);
        } else {
            choice = new int[m];
            for (int i = 0; i < m; i++) {
                choice[i] = opts.optionCount(i) - 1; // least g: device-only whenever it is not dominated
            }
        }
        double heuristic = opts.cost(choice);
        int[] incumbentSplits = heuristic < cutoff ? opts.splitsOf(choice) : null;
        double ub = Math.min(heuristic, cutoff);
        double minPruned = Double.POSITIVE_INFINITY;

        // Reduced-cost fixing, repeated while it removes options.
        double[][] rc = reducedCosts(opts, lambda);
        for (int round = 0; fixing && round < MAX_FIXING_ROUNDS && !deadline.expired(); round++) {
            boolean[][] keep = new boolean[m][];
            boolean removed = false;
            double limit = ub - SplitBranchAndBound.tolerance(ub);
            for (int i = 0; i < m; i++) {
                keep[i] = new boolean[opts.optionCount(i)];
                boolean any = false;
                for (int k = 0; k < keep[i].length; k++) {
                    double b = lagr + rc[i][k];
                    if (b < limit) {
                        keep[i][k] = true;
                        any = true;
                    } else {
                        minPruned = Math.min(minPruned, b);
                        removed = true;
                    }
                }
                if (!any) {
                    // Nothing in this device can beat the incumbent: the whole search is settled.
                    return new SplitRoot(opts, all.finiteOptions(), afterDominance, lambda, lagr, rootBound,
                            heuristic, rc, ub, incumbentSplits, minPruned, true);
                }
            }
            if (!removed) {
                break;
            }
            opts = opts.restrict(keep);
            HullEvents ev = HullEvents.of(opts);
            ev.maximise(0, 0, 0);
            lambda = ev.lastLambda;
            lagr = LagrangianBound.valueAt(opts, lambda);
            rootBound = Math.max(rootBound, lagr);
            int[] c2 = ev.bestArgminVector();
            localSearch(opts, c2, deadline);
            double cost2 = opts.cost(c2);
            if (heuristicStart && cost2 < ub) {
                ub = cost2;
                incumbentSplits = opts.splitsOf(c2);
            }
            rc = reducedCosts(opts, lambda);
        }
        return new SplitRoot(opts, all.finiteOptions(), afterDominance, lambda, lagr, rootBound, heuristic, rc, ub,
                incumbentSplits, minPruned, false);
    }

    /** The result when fixing settled the search: the incumbent (if any beats the cutoff) is optimal. */
    SplitBranchAndBound.Result settledResult() {
        return new SplitBranchAndBound.Result(incumbentSplits, upperBound,
                Math.min(upperBound, Math.max(rootBound, minPruned)), true, 0, finiteOptions, optionsAfterDominance,
                0, 0, lambda, rootBound, heuristicObjective);
    }

    /** The result of a search that started from this root; its lower bound also covers what fixing pruned. */
    SplitBranchAndBound.Result finish(SplitSearch search) {
        double lower;
        double bestFound = search.ub;
        if (search.aborted) {
            lower = Math.min(Math.min(minPruned, search.minPruned), search.openMin);
        } else {
            lower = Math.min(minPruned, search.minPruned);
        }
        lower = Math.min(bestFound, Math.max(rootBound, lower));
        return new SplitBranchAndBound.Result(search.incumbent, bestFound, lower, !search.aborted, search.nodes,
                finiteOptions, optionsAfterDominance, options.totalOptions(), search.free, lambda, rootBound,
                heuristicObjective);
    }

    private static double[][] reducedCosts(SplitOptions opts, double lambda) {
        int m = opts.deviceCount();
        double[][] rc = new double[m][];
        for (int i = 0; i < m; i++) {
            double[] g = opts.gRow(i);
            double[] h = opts.hRow(i);
            double min = LagrangianBound.minReduced(g, h, lambda);
            rc[i] = new double[g.length];
            for (int k = 0; k < g.length; k++) {
                rc[i][k] = Math.max(0.0, g[k] + 2 * lambda * h[k] - min);
            }
        }
        return rc;
    }

    /** 1-opt: move single devices to their best option given the others, until no move improves or the deadline. */
    private static void localSearch(SplitOptions opts, int[] choice, Deadline deadline) {
        int m = choice.length;
        for (int pass = 0; pass < 50 && !deadline.expired(); pass++) {
            double gs = 0;
            double hs = 0;
            for (int i = 0; i < m; i++) {
                gs += opts.g(i, choice[i]);
                hs += opts.h(i, choice[i]);
            }
            double total = gs + hs * hs;
            boolean improved = false;
            for (int i = 0; i < m; i++) {
                int cur = choice[i];
                double gCur = opts.g(i, cur);
                double hCur = opts.h(i, cur);
                double others = hs - hCur;
                int best = cur;
                double bestDelta = -SplitBranchAndBound.RELATIVE_TOLERANCE * 1e-3 * total;
                for (int k = 0; k < opts.optionCount(i); k++) {
                    double hk = opts.h(i, k);
                    double delta = opts.g(i, k) - gCur + (hk - hCur) * (2 * others + hk + hCur);
                    if (delta < bestDelta) {
                        bestDelta = delta;
                        best = k;
                    }
                }
                if (best != cur) {
                    choice[i] = best;
                    hs = others + opts.h(i, best);
                    improved = true;
                }
            }
            if (!improved) {
                return;
            }
        }
    }
}
