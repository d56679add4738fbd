package org.edgeplan.bench.report;

/**
 * The runs of one solver on one problem, summarised.
 *
 * @param problem            {@code multi-exit} or {@code pipeline}
 * @param solver             solver name
 * @param runs               number of runs
 * @param withPlan           runs that returned a plan (status optimal or feasible)
 * @param optimal            runs with status optimal (the solver proved optimality)
 * @param gapRuns            runs with a primal gap (a reference exists); the gap statistics are over these, runs
 *                           without a plan counting with gap 1
 * @param meanGap            mean primal gap
 * @param meanGapInterval    95 % Student-t interval of the mean gap
 * @param medianGap          median primal gap
 * @param medianGapInterval  95 % distribution-free (binomial order statistic) interval of the median gap
 * @param sgmWallSeconds     shifted geometric mean of wall seconds, shift {@link Statistics#TIME_SHIFT_SECONDS}
 * @param reachedTarget      runs whose incumbent came within {@link Statistics#TARGET_GAP} of the reference
 * @param medianTimeToTarget median seconds to that target over the gap runs, runs that never reached it counting as
 *                           {@code +∞} (so it is {@code +∞}, "not reached", when fewer than half reached it)
 * @param meanPrimalIntegral mean normalised primal integral, in [0, 1]
 */
public record SolverSummary(String problem, String solver, int runs, int withPlan, int optimal, int gapRuns,
                            double meanGap, Interval meanGapInterval, double medianGap, Interval medianGapInterval,
                            double sgmWallSeconds, int reachedTarget, double medianTimeToTarget,
                            double meanPrimalIntegral) {
    public double planShare() {
        return runs == 0 ? Double.NaN : (double) withPlan / runs;
    }

    public double optimalShare() {
        return runs == 0 ? Double.NaN : (double) optimal / runs;
    }
}
