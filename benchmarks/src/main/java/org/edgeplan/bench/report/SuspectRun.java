package org.edgeplan.bench.report;

/**
 * A run whose numbers contradict what is known: a bug in a solver, its bound, the evaluator or the best-known
 * file, to be looked at before any table is believed.
 *
 * @param instance instance name
 * @param solver   solver name
 * @param seed     seed
 * @param kind     {@code beats proven optimum}, {@code bound above a known plan} or
 *                 {@code optimality claim refuted}
 * @param message  one line with the numbers
 */
public record SuspectRun(String instance, String solver, long seed, String kind, String message) {
    @Override
    public String toString() {
        return instance + " / " + solver + " seed " + seed + ": " + kind + ": " + message;
    }
}
