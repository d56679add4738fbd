package org.edgeplan.multiexit.baselines;

import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;
import org.edgeplan.multiexit.exits.ExitSetting;

/**
 * The paper's "ACO-device only-EAR": ACO exits ({@link AntColonyExitSetting}, our reconstruction), every device
 * runs the whole model ({@code s_i = N}), the edge split evenly ({@code 1/M}; unused).
 */
public final class AcoDeviceOnlyEarSolver extends ExitFirstSolver {
    @Override
    public String name() {
        return "aco-device-only-ear";
    }

    @Override
    public String description() {
        return "paper baseline ACO-device only-EAR: ACO exits, s_i = N, equal edge shares 1/M";
    }

    @Override
    ExitSetting exitSetting() {
        return new AntColonyExitSetting();
    }

    @Override
    Decision decide(MultiExitCostModel model, SolverSettings settings, long deadlineNanos) {
        int m = model.deviceCount();
        return new Decision(sameSplit(m, model.layerCount()), equalShares(m));
    }
}
