package org.edgeplan.bench.report;

import java.util.List;

/**
 * Measures of one run's plans against a reference objective (minimisation): the primal gap, the time to reach a
 * target gap and the primal integral. Pure functions of numbers so that tests check them by hand.
 */
public final class PrimalMeasures {
    /** The gap a run without a plan counts with, and the gap before the first incumbent in the primal integral. */
    public static final double NO_PLAN_GAP = 1.0;

    private PrimalMeasures() {
    }

    /**
     * Relative primal gap {@code (objective − reference) / |reference|}, not capped: a plan twice as slow as the
     * optimum has gap 1. {@link #NO_PLAN_GAP} when {@code objective} is NaN or infinite (no plan) or when the
     * reference is 0 and the objective is not; 0 when both are 0; {@code NaN} when there is no reference.
     */
    public static double gap(double objective, double reference) {
        if (Double.isNaN(reference)) {
            return Double.NaN;
        }
        if (!Double.isFinite(objective)) {
            return NO_PLAN_GAP;
        }
        if (reference == 0) {
            return objective == 0 ? 0 : NO_PLAN_GAP;
        }
        return (objective - reference) / Math.abs(reference);
    }

    /**
     * Seconds until the incumbent was first within {@code relativeTarget} of the reference
     * ({@code objective ≤ reference + relativeTarget·|reference|}): the first such trajectory point, else the end of
     * the run ({@code wallSeconds}) when the final objective meets the target (a solver that reports no
     * trajectory). {@code +∞} when the target was not reached, {@code NaN} without a reference.
     *
     * @param trajectory     (seconds, objective, bound) points in time order; points without an objective are skipped
     * @param finalObjective the evaluator's score of the final plan, NaN without one
     */
    public static double timeToTarget(List<double[]> trajectory, double finalObjective, double wallSeconds,
                                      double reference, double relativeTarget) {
        if (Double.isNaN(reference)) {
            return Double.NaN;
        }
        double target = reference + relativeTarget * Math.abs(reference);
        for (double[] p : trajectory) {
            if (p.length >= 2 && Double.isFinite(p[1]) && p[1] <= target) {
                return Math.max(0, p[0]);
            }
        }
        if (Double.isFinite(finalObjective) && finalObjective <= target) {
            return Double.isFinite(wallSeconds) ? Math.max(0, wallSeconds) : Double.NaN;
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * Berthold's primal integral, normalised: {@code (1/T) ∫₀ᵀ p(t) dt} where {@code p(t)} is the primal gap of the
     * incumbent at time {@code t}, capped to [0, 1] (as Berthold's gap function is bounded by 1), and 1 before the
     * first incumbent. The incumbent steps at each trajectory point; the final plan (the evaluator's
     * {@code finalObjective}) holds from {@code wallSeconds} to {@code T}, so a run that stops early keeps its last
     * gap. 0 means the reference from the start; 1 means no plan within the horizon.
     *
     * @param horizonSeconds {@code T}: the run's time limit; {@code NaN} result when it is not positive and finite
     */
    public static double primalIntegral(List<double[]> trajectory, double finalObjective, double wallSeconds,
                                        double reference, double horizonSeconds) {
        if (Double.isNaN(reference) || !(horizonSeconds > 0) || Double.isInfinite(horizonSeconds)) {
            return Double.NaN;
        }
        double area = 0;
        double previousTime = 0;
        double previousGap = NO_PLAN_GAP;
        for (double[] p : trajectory) {
            if (p.length < 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                continue;
            }
            double t = Math.min(horizonSeconds, Math.max(previousTime, p[0]));
            area += previousGap * (t - previousTime);
            previousTime = t;
            previousGap = cappedGap(p[1], reference);
        }
        if (Double.isFinite(finalObjective)) {
            double end = Double.isFinite(wallSeconds) ? wallSeconds : previousTime;
            double t = Math.min(horizonSeconds, Math.max(previousTime, end));
            area += previousGap * (t - previousTime);
            previousTime = t;
            previousGap = cappedGap(finalObjective, reference);
        }
        area += previousGap * (horizonSeconds - previousTime);
        return area / horizonSeconds;
    }

    private static double cappedGap(double objective, double reference) {
        return Math.min(1, Math.max(0, gap(objective, reference)));
    }
}
