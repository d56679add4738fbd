package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.AntColonyExitSetting;

/**
 * ACO exits ({@link AntColonyExitSetting}) with the optimal splits and shares for them (exact-bb's search and the
 * closed-form shares, {@link ExitFirstSolver#OPTIMAL_SPLITS_AND_SHARES}). This is the best any "ACO-DRL" policy could
 * reach, since ACO-DRL learns splits and shares for ACO exits: the ceiling of solver {@code aco-drl}
 * ({@link org.edgeplan.multiexit.ppo.AcoDrlSolver}, the same colony and seed, then the PPO agent). Feasible, not
 * optimal: the joint optimum may use other exits (see {@code exact-joint}).
 */
public final class AcoBranchAndBoundSolver extends ExitFirstSolver {
    public AcoBranchAndBoundSolver() {
        super("aco-bb", "ACO exits, then exact splits and optimal shares for them (exact-bb): the ceiling of ACO-DRL",
                new AntColonyExitSetting(), OPTIMAL_SPLITS_AND_SHARES);
    }
}
