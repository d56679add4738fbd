package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.AntColonyExitSetting;

/**
 * The paper's "ACO-edge only-EAR": ACO exits ({@link AntColonyExitSetting}, our reconstruction), every device
 * offloads the whole model ({@code s_i = 0}), the edge split evenly ({@code 1/M}). Infeasible when a device cannot
 * reach the edge.
 */
public final class AcoEdgeOnlyEarSolver extends ExitFirstSolver {
    public AcoEdgeOnlyEarSolver() {
        super("aco-edge-only-ear", "paper baseline ACO-edge only-EAR: ACO exits, s_i = 0, equal edge shares 1/M",
                new AntColonyExitSetting(), EDGE_ONLY_EAR);
    }
}
