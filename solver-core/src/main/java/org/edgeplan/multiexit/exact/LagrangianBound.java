package org.edgeplan.multiexit.exact;

import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * The Lagrangian lower bound of problem A for a fixed exit set: with {@code H² ≥ 2λH − λ²},
 * {@code L(λ) = Σ_i min_s (g_i(s) + 2λ h_i(s)) − λ²} bounds every split vector's cost from below. {@link #of}
 * maximises it exactly over λ ≥ 0 (hull breakpoints); the maximum equals the optimum of the convexified problem.
 *
 * @param lambda the maximising λ* (it equals Σ h of a Lagrangian argmin at λ*, or lies on a breakpoint)
 * @param value  L(λ*), a lower bound on the optimal cost
 */
public record LagrangianBound(double lambda, double value) {
    /** The bound of the model's exit set. */
    public static LagrangianBound of(MultiExitCostModel model) {
        return of(SplitOptions.of(model));
    }

    /** The bound over these options. */
    public static LagrangianBound of(SplitOptions options) {
        HullEvents events = HullEvents.of(options);
        events.maximise(0, 0, 0);
        double l = events.lastLambda;
        return new LagrangianBound(l, valueAt(options, l));
    }

    /** L(λ) evaluated directly: Σ_i min_k (g + 2λh) − λ². */
    public static double valueAt(SplitOptions options, double lambda) {
        double sum = 0;
        for (int i = 0; i < options.deviceCount(); i++) {
            sum += minReduced(options.gRow(i), options.hRow(i), lambda);
        }
        return sum - lambda * lambda;
    }

    static double minReduced(double[] g, double[] h, double lambda) {
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < g.length; k++) {
            best = Math.min(best, g[k] + 2 * lambda * h[k]);
        }
        return best;
    }
}
