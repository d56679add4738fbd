package org.edgeplan.multiexit.exact;

import org.edgeplan.core.Deadline;
import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * The depth-first branch and bound that {@link SplitBranchAndBound}'s Pareto search replaced, kept as a test oracle
 * and for the ablation in {@code ExactSolversBenchmarkTest}: from the same {@link SplitRoot} and in the same device
 * and child order ({@link SplitSearch}), children by reduced cost, node bound
 * {@code max(L(λ*) + Σ rc, simple, re-maximised Lagrangian)}; identical devices take nondecreasing options, which
 * removes their symmetric vectors. Exact, but on many near-identical devices it explodes where the Pareto search
 * does not.
 */
final class DepthFirstSplitSearch extends SplitSearch {
    private static final int TIME_CHECK_MASK = 1023;

    /** Whether the device at this depth has the same option rows as the one before (symmetry). */
    private final boolean[] sameAsPrevious;
    /** Option index per depth on the current path. */
    private final int[] assigned;

    private DepthFirstSplitSearch(SplitRoot root, Deadline deadline, boolean nodeLagrangian) {
        super(root, deadline, nodeLagrangian);
        sameAsPrevious = new boolean[free];
        for (int p = 1; p < free; p++) {
            sameAsPrevious[p] = compareRows(opts, device[p - 1], device[p]) == 0;
        }
        assigned = new int[free];
    }

    /** As {@code SplitBranchAndBound.solve(model, cutoff, deadline, config)}, but depth-first. */
    static SplitBranchAndBound.Result solve(MultiExitCostModel model, double cutoff, Deadline deadline,
                                            SplitBranchAndBound.Config config) {
        SplitRoot root = SplitRoot.of(model, cutoff, config.fixing(), config.heuristic(), deadline);
        if (root.settled()) {
            return root.settledResult();
        }
        DepthFirstSplitSearch search = new DepthFirstSplitSearch(root, deadline, config.nodeLagrangian());
        search.run();
        return root.finish(search);
    }

    @Override
    void run() {
        double rootSimple = simpleBound(0, fixedG, fixedH);
        dfs(0, fixedG, fixedH, lagrRoot, Math.max(lagrRoot, rootSimple));
    }

    private void dfs(int depth, double gp, double hp, double lagr, double bound) {
        if ((nodes++ & TIME_CHECK_MASK) == 0 && deadline.expired()) {
            aborted = true;
        }
        if (aborted) {
            openMin = Math.min(openMin, bound);
            return;
        }
        if (depth == free) {
            double cost = gp + hp * hp;
            if (cost < ub) {
                ub = cost;
                int[] choice = base.clone();
                for (int p = 0; p < free; p++) {
                    choice[device[p]] = assigned[p];
                }
                incumbent = opts.splitsOf(choice);
            } else {
                minPruned = Math.min(minPruned, cost);
            }
            return;
        }
        double[] gRow = g[depth];
        double[] hRow = h[depth];
        double[] rcRow = rc[depth];
        int[] opt = option[depth];
        int floor = sameAsPrevious[depth] ? assigned[depth - 1] : -1;
        for (int c = 0; c < gRow.length; c++) {
            if (opt[c] < floor) {
                continue; // symmetric to a vector already covered
            }
            double cg = gp + gRow[c];
            double ch = hp + hRow[c];
            double cl = lagr + rcRow[c];
            double b = Math.max(cl, simpleBound(depth + 1, cg, ch));
            if (aborted) {
                openMin = Math.min(openMin, b);
                continue;
            }
            double limit = ub - SplitBranchAndBound.tolerance(ub);
            if (b >= limit) {
                minPruned = Math.min(minPruned, b);
                continue;
            }
            if (nodeLagrangian && depth + 1 < free) {
                events.maximise(depth + 1, cg, ch);
                b = Math.max(b, events.lastValue);
                if (b >= limit) {
                    minPruned = Math.min(minPruned, b);
                    continue;
                }
            }
            assigned[depth] = opt[c];
            dfs(depth + 1, cg, ch, cl, b);
        }
    }
}
