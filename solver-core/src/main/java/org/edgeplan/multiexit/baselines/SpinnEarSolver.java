package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.SpinnExitSetting;

/**
 * The paper's "SPINN-EAR": exits every 15 % of the FLOPs ({@link SpinnExitSetting}), equal edge shares {@code 1/M},
 * and the split "partitioned accordingly", which the paper does not detail. It says ACO-EAR and SPINN-EAR "adopt
 * the same model partitioning strategy", so both take each device's best split for the equal shares (exact for
 * equal shares, see {@link ExitFirstSolver#bestSplitsForEqualShares}).
 */
public final class SpinnEarSolver extends ExitFirstSolver {
    public SpinnEarSolver() {
        super("spinn-ear", "paper baseline SPINN-EAR: exits every 15 % of the FLOPs, each device's best split for"
                + " equal shares, equal edge shares 1/M", new SpinnExitSetting(), BEST_SPLITS_EAR);
    }
}
