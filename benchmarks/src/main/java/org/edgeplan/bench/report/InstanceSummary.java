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
 */
public record InstanceSummary(String instance, String problem, BestKnown bestKnown, double batchBest,
                              double reference, String referenceKind, boolean provenInBatch,
                              Map<String, Double> bestBySolver, Map<String, Double> gapBySolver) {
}
