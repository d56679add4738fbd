package org.edgeplan.multiexit.baselines;

import java.util.Arrays;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.MultiExitSolver;

/**
 * Problem A baseline: every device runs the whole DNN ({@code s_i = N}) under the instance's default exit set;
 * the edge is split equally, as in the paper's "device only-EAR" (the shares do not matter, nothing is offloaded).
 * Always feasible.
 */
public final class MultiExitDeviceOnlySolver implements MultiExitSolver {
    @Override
    public String name() {
        return "device-only";
    }

    @Override
    public String description() {
        return "every device runs the whole model (s_i = N), default exit set, equal edge shares";
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings) {
        long start = System.nanoTime();
        int m = instance.deviceCount();
        int[] splits = new int[m];
        Arrays.fill(splits, instance.layerCount());
        double[] shares = new double[m];
        Arrays.fill(shares, 1.0 / m);
        MultiExitPlan plan = new MultiExitPlan(instance.defaultExits(), splits, shares);
        return MultiExitBaselines.result(instance, plan, start);
    }
}
