package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.MinFlopsExitSetting;

/**
 * The exit set of least expected FLOPs ({@link MinFlopsExitSetting}, exact) with the optimal splits and shares for
 * it (exact-bb's search and the closed-form shares, {@link ExitFirstSolver#OPTIMAL_SPLITS_AND_SHARES}). Compared with
 * {@code exact-joint} it shows what "exits first, by FLOPs" costs against choosing exits for the plan's cost.
 * Feasible, not optimal.
 */
public final class MinFlopsBranchAndBoundSolver extends ExitFirstSolver {
    public MinFlopsBranchAndBoundSolver() {
        super("min-flops-bb", "exact least-FLOPs exit set, then exact splits and optimal shares for it (exact-bb)",
                new MinFlopsExitSetting(), OPTIMAL_SPLITS_AND_SHARES);
    }
}
