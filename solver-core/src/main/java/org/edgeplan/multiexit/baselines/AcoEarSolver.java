package org.edgeplan.multiexit.baselines;

import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;
import org.edgeplan.multiexit.exits.ExitSetting;

/**
 * The paper's "ACO-EAR": ACO exits ({@link AntColonyExitSetting}, our reconstruction), each device's best split for
 * equal shares and the edge split evenly ({@code 1/M}). The paper's list of baselines lost this entry; its results
 * section says ACO-EAR partitions like SPINN-EAR and that its partitioning is "similar or identical" to ACO-DRL's
 * above 10 Mbit/s while its allocation is even. The best split for equal shares is the strongest reading of that.
 */
public final class AcoEarSolver extends ExitFirstSolver {
    @Override
    public String name() {
        return "aco-ear";
    }

    @Override
    public String description() {
        return "paper baseline ACO-EAR: ACO exits, each device's best split for equal shares, equal edge shares 1/M";
    }

    @Override
    ExitSetting exitSetting() {
        return new AntColonyExitSetting();
    }

    @Override
    Decision decide(MultiExitCostModel model, SolverSettings settings, long deadlineNanos) {
        return new Decision(bestSplitsForEqualShares(model), equalShares(model.deviceCount()));
    }
}
