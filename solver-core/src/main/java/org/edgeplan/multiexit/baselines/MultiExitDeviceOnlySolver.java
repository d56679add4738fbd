package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.MultiExitInstance;

/**
 * Problem A baseline: every device runs the whole DNN ({@code s_i = N}) under the instance's default exit set;
 * the edge is split equally, as in the paper's "device only-EAR" (the shares do not matter, nothing is offloaded).
 * Always feasible.
 */
public final class MultiExitDeviceOnlySolver extends SameSplitSolver {
    public MultiExitDeviceOnlySolver() {
        super("device-only", "every device runs the whole model (s_i = N), default exit set, equal edge shares",
                MultiExitInstance::layerCount);
    }
}
