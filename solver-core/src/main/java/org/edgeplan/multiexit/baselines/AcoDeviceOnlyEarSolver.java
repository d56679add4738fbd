package org.edgeplan.multiexit.baselines;

import org.edgeplan.multiexit.exits.AntColonyExitSetting;

/**
 * The paper's "ACO-device only-EAR": ACO exits ({@link AntColonyExitSetting}, our reconstruction), every device
 * runs the whole model ({@code s_i = N}), the edge split evenly ({@code 1/M}; unused).
 */
public final class AcoDeviceOnlyEarSolver extends ExitFirstSolver {
    public AcoDeviceOnlyEarSolver() {
        super("aco-device-only-ear", "paper baseline ACO-device only-EAR: ACO exits, s_i = N, equal edge shares 1/M",
                new AntColonyExitSetting(), DEVICE_ONLY_EAR);
    }
}
