package org.edgeplan.bench.batch;

/**
 * A run as it comes back from an engine: its record and, for a problem-B run with a plan, the plan as JSON (kept
 * beside the records by {@link RunPlans} so that the report can draw its schedule).
 *
 * @param record   the run's record, as it will be appended
 * @param planJson the plan of a problem-B run ({@code solve --json}'s {@code plan}), or null
 */
public record FinishedRun(RunRecord record, String planJson) {
}
