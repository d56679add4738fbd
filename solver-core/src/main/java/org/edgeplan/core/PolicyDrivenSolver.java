package org.edgeplan.core;

import java.nio.file.Path;

/**
 * A solver that can act from a stored policy (a trained network) instead of its default behaviour, e.g.
 * {@code edgeplan solve X --solver ppo --policy policy.json}. The registry's instance stays policy-free; this returns
 * a configured copy.
 */
public interface PolicyDrivenSolver {
    /**
     * This solver acting from the policy in {@code file}. Throws {@link InvalidInputException} (one line) when the
     * file is missing, malformed, or holds a policy of another solver.
     */
    Solver<?, ?> withPolicy(Path file);

    /**
     * Throws {@link InvalidInputException} (one line) when this solver's policy cannot act on {@code instance} (e.g. it
     * was trained for another number of devices), so that callers can report bad input before solving.
     */
    default void requireApplicable(Instance instance) {
    }
}
