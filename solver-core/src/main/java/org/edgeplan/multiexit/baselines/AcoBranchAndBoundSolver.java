package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.AntColonyExitSetting;
import org.edgeplan.multiexit.exits.ExitSetting;

/**
 * ACO exits ({@link AntColonyExitSetting}) with the optimal splits and shares for them (exact-bb's search and the
 * closed-form shares). This is the best any "ACO-DRL" policy could reach, since ACO-DRL learns splits and shares for
 * ACO exits; it stands in for ACO-DRL, whose PPO agent is not part of this branch. Feasible, not optimal: the joint
 * optimum may use other exits (see {@code exact-joint}).
 */
public final class AcoBranchAndBoundSolver extends ExitSetBranchAndBoundSolver {
    @Override
    public String name() {
        return "aco-bb";
    }

    @Override
    public String description() {
        return "ACO exits, then exact splits and optimal shares for them (exact-bb): the ceiling of ACO-DRL";
    }

    @Override
    ExitSetting exitSetting() {
        return new AntColonyExitSetting();
    }
}
