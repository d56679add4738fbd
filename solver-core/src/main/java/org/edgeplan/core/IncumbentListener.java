package org.edgeplan.core;

/**
 * Told by anytime solvers each time they find a better plan or a better bound, so that batch runs can record
 * incumbent trajectories (time to target, primal integral). Called from the solver's thread(s); implementations
 * must be thread-safe and quick.
 */
@FunctionalInterface
public interface IncumbentListener {
    /** Ignores every report. */
    IncumbentListener NONE = (seconds, objective, bound) -> {
    };

    /**
     * @param seconds   wall-clock seconds since the solve started
     * @param objective the new incumbent's objective (the solver's own; {@code NaN} if only the bound moved)
     * @param bound     the best proven lower bound so far, {@code NaN} when the method has none
     */
    void improved(double seconds, double objective, double bound);
}
