package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.AntColonyExitSetting;

/**
 * The paper's "ACO-EAR": ACO exits ({@link AntColonyExitSetting}, our reconstruction), each device's best split for
 * equal shares and the edge split evenly ({@code 1/M}). The paper's list of baselines lost this entry; its results
 * section says ACO-EAR partitions like SPINN-EAR and that its partitioning is "similar or identical" to ACO-DRL's
 * above 10 Mbit/s while its allocation is even. The best split for equal shares is the strongest reading of that.
 */
public final class AcoEarSolver extends ExitFirstSolver {
    public AcoEarSolver() {
        super("aco-ear", "paper baseline ACO-EAR: ACO exits, each device's best split for equal shares, equal edge"
                + " shares 1/M", new AntColonyExitSetting(), BEST_SPLITS_EAR);
    }
}
