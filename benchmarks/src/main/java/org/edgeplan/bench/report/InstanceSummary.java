package org.edgeplan.bench.report;

import java.util.Map;

import org.edgeplan.bench.batch.BestKnown;

/**
 * One instance of the batch: its reference objective and each solver's best plan.
 *
 * @param instance       instance name
 * @param problem        problem
 * @param bestKnown      the entry of the best-known file, {@code null} when none
 * @param batchBest      best objective of any plan in this batch, NaN when none
 * @param reference      the value gaps are measured against
 * @param referenceKind  {@code proven optimum} (a proven best-known value), {@code best known} (an unproven
 *                       best-known value no run beat), {@code improved} (a run of this batch beat the unproven
 *                       best-known value: the batch best is the reference), {@code batch best} (no best-known entry),
 *                       or {@code none} (no plan known)
 * @param provenInBatch  whether some run of this batch proved optimality (status optimal)
 * @param bestBySolver   per solver, its best objective over seeds (NaN when it found no plan), sorted by solver
 * @param gapBySolver    per solver, the gap of that best objective
 * @param bestBound      the best proven lower bound: the best-known file's (including relaxation bounds merged in by
 *                       {@link RelaxationBounds}) or a run's of this batch (runs with a scope excluded), NaN when none
 * @param boundSource    who gave {@code bestBound}
 */
public record InstanceSummary(String instance, String problem, BestKnown bestKnown, double batchBest,
                              double reference, String referenceKind, boolean provenInBatch,
                              Map<String, Double> bestBySolver, Map<String, Double> gapBySolver,
                              double bestBound, String boundSource) {
    /** How far the reference may be above the optimum: {@code (reference - bestBound) / |reference|}, NaN without a bound. */
    public double referenceGapToBound() {
        if (!Double.isFinite(bestBound) || !Double.isFinite(reference) || reference == 0) {
            return Double.NaN;
        }
        return Math.max(0.0, (reference - bestBound) / Math.abs(reference));
    }
}
