package org.edgeplan.multiexit.baselines;

/**
 * Problem A baseline: every device offloads the whole DNN ({@code s_i = 0}) and gets an equal edge share
 * {@code 1/M}, as in the paper's "edge only-EAR". Infeasible when a device cannot reach the edge (bandwidth 0).
 */
public final class MultiExitEdgeOnlySolver extends SameSplitSolver {
    public MultiExitEdgeOnlySolver() {
        super("edge-only", "every device offloads the whole model (s_i = 0), default exit set, equal edge shares 1/M",
                instance -> 0);
    }
}
