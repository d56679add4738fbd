package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.ExitSetting;
import org.edgeplan.multiexit.exits.MinFlopsExitSetting;

/**
 * The exit set of least expected FLOPs ({@link MinFlopsExitSetting}, exact) with the optimal splits and shares for
 * it (exact-bb's search and the closed-form shares). Compared with {@code exact-joint} it shows what "exits first, by
 * FLOPs" costs against choosing exits for the plan's cost. Feasible, not optimal.
 */
public final class MinFlopsBranchAndBoundSolver extends ExitSetBranchAndBoundSolver {
    @Override
    public String name() {
        return "min-flops-bb";
    }

    @Override
    public String description() {
        return "exact least-FLOPs exit set, then exact splits and optimal shares for it (exact-bb)";
    }

    @Override
    ExitSetting exitSetting() {
        return new MinFlopsExitSetting();
    }
}
