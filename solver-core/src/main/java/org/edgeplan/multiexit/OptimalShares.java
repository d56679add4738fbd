package org.edgeplan.multiexit;

/**
 * Closed-form optimal edge shares for a fixed split vector (our derivation, checked in tests): minimising
 * {@code Σ a_i / r_i} subject to {@code Σ r_i ≤ 1} gives {@code r_i = sqrt(a_i) / Σ_k sqrt(a_k)} and the edge term
 * {@code (Σ_i sqrt(a_i))²}.
 */
public final class OptimalShares {
    private OptimalShares() {
    }

    /**
     * The optimal shares for these splits. Devices that send nothing to the edge get 0. When the latency weight is 0
     * the edge term is free, and the devices that use the edge split it equally.
     */
    public static double[] forSplits(MultiExitCostModel model, int[] splits) {
        int m = model.deviceCount();
        double[] shares = new double[m];
        double hSum = 0;
        int users = 0;
        for (int i = 0; i < m; i++) {
            if (model.needsEdge(i, splits[i])) {
                users++;
                hSum += model.h(i, splits[i]);
            }
        }
        if (users == 0) {
            return shares;
        }
        for (int i = 0; i < m; i++) {
            if (model.needsEdge(i, splits[i])) {
                shares[i] = hSum > 0 ? model.h(i, splits[i]) / hSum : 1.0 / users;
            }
        }
        return shares;
    }

    /** The minimum total cost over shares for these splits: Σ g_i + (Σ h_i)². */
    public static double costForSplits(MultiExitCostModel model, int[] splits) {
        double g = 0;
        double h = 0;
        for (int i = 0; i < model.deviceCount(); i++) {
            g += model.g(i, splits[i]);
            h += model.h(i, splits[i]);
        }
        return g + h * h;
    }

    /** A plan with these splits and their optimal shares. */
    public static MultiExitPlan plan(MultiExitCostModel model, int[] splits) {
        return new MultiExitPlan(model.exits(), splits, forSplits(model, splits));
    }
}
