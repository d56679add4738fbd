package org.edgeplan.bench.report;

/**
 * Two solvers compared on the primal gap over the (instance, seed) pairs both ran, by a two-sided Wilcoxon
 * signed-rank test.
 *
 * @param problem          the problem both solved
 * @param solverA          first solver
 * @param solverB          second solver
 * @param pairs            common (instance, seed) pairs with a gap for both
 * @param medianDifference median of {@code gap(A) − gap(B)}: negative when A tends to find better plans
 * @param statistic        the signed-rank statistic W+ of {@code gap(A) − gap(B)}; NaN when every difference is 0
 * @param pValue           two-sided p-value; 1 when every difference is 0
 */
public record PairedComparison(String problem, String solverA, String solverB, int pairs, double medianDifference,
                               double statistic, double pValue) {
}
