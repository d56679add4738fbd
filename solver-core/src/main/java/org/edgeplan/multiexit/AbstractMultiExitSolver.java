package org.edgeplan.multiexit;

import java.util.Objects;

/**
 * A problem-A solver whose name and description are fixed when it is built. The registered exact methods, baselines
 * and formulations extend it and state only their method, in
 * {@link org.edgeplan.core.Solver#solve(org.edgeplan.core.Instance, org.edgeplan.core.SolverSettings,
 * org.edgeplan.core.Deadline)}: the solve is timed by its {@link org.edgeplan.core.Deadline}, which also says when it
 * must end.
 */
public abstract class AbstractMultiExitSolver implements MultiExitSolver {
    private final String name;
    private final String description;

    protected AbstractMultiExitSolver(String name, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }
}
