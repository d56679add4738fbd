package org.edgeplan.multiexit.baselines;

import java.util.Arrays;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.MultiExitSolver;

/**
 * Problem A baseline: every device offloads the whole DNN ({@code s_i = 0}) and gets an equal edge share
 * {@code 1/M}, as in the paper's "edge only-EAR". Infeasible when a device cannot reach the edge (bandwidth 0).
 */
public final class MultiExitEdgeOnlySolver implements MultiExitSolver {
    @Override
    public String name() {
        return "edge-only";
    }

    @Override
    public String description() {
        return "every device offloads the whole model (s_i = 0), default exit set, equal edge shares 1/M";
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings) {
        long start = System.nanoTime();
        int m = instance.deviceCount();
        double[] shares = new double[m];
        Arrays.fill(shares, 1.0 / m);
        MultiExitPlan plan = new MultiExitPlan(instance.defaultExits(), new int[m], shares);
        return MultiExitBaselines.result(instance, plan, start);
    }
}
