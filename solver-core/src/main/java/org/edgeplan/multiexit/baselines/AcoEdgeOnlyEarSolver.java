package org.edgeplan.multiexit.baselines;

import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;
import org.edgeplan.multiexit.exits.ExitSetting;

/**
 * The paper's "ACO-edge only-EAR": ACO exits ({@link AntColonyExitSetting}, our reconstruction), every device
 * offloads the whole model ({@code s_i = 0}), the edge split evenly ({@code 1/M}). Infeasible when a device cannot
 * reach the edge.
 */
public final class AcoEdgeOnlyEarSolver extends ExitFirstSolver {
    @Override
    public String name() {
        return "aco-edge-only-ear";
    }

    @Override
    public String description() {
        return "paper baseline ACO-edge only-EAR: ACO exits, s_i = 0, equal edge shares 1/M";
    }

    @Override
    ExitSetting exitSetting() {
        return new AntColonyExitSetting();
    }

    @Override
    Decision decide(MultiExitCostModel model, SolverSettings settings, long deadlineNanos) {
        int m = model.deviceCount();
        return new Decision(sameSplit(m, 0), equalShares(m));
    }
}
