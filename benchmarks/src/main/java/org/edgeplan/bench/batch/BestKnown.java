package org.edgeplan.bench.batch;

/**
 * The best known value of one instance, kept in {@code instances/best-known.json} keyed by instance name.
 *
 * @param instance  instance name
 * @param objective best known objective (the evaluator's score of a plan that was found)
 * @param proven    whether {@code objective} is a proven optimum (a solver's proof, or a published optimum)
 * @param bound     the best proven lower bound known, {@code NaN} when none
 * @param solver    who found the objective (a solver name, or {@code published})
 * @param source    where it comes from: a suite and date, or a citation
 */
public record BestKnown(String instance, double objective, boolean proven, double bound, String solver,
                        String source) {
}
