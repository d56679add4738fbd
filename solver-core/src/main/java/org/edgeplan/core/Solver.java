package org.edgeplan.core;

/**
 * The one contract of every method, exact or heuristic. Implementations are stateless, registered
 * through {@link java.util.ServiceLoader} (file {@code META-INF/services/org.edgeplan.core.Solver}) and
 * found by {@link #name()} in the {@link SolverRegistry}.
 *
 * @param <I> the instance type of the problem it solves
 * @param <P> the plan type it returns
 */
public interface Solver<I extends Instance, P extends Plan> {
    /** Unique name used on the command line, e.g. {@code device-only}. */
    String name();

    /** One line: what the method does and where it comes from. */
    String description();

    /** The problem family this solver accepts. */
    ProblemKind problem();

    /** The instance class this solver accepts. */
    Class<I> instanceType();

    /**
     * Solves the instance within the settings' limits. Never throws for an instance that has no feasible
     * plan: it returns {@link SolveStatus#INFEASIBLE} with a reason when it can prove that none exists, and
     * {@link SolveStatus#UNKNOWN} with a reason when it merely found none.
     */
    SolveResult<P> solve(I instance, SolverSettings settings);

    /** Type-checked entry point for callers that only know the instance as {@link Instance}. */
    default SolveResult<P> solveAny(Instance instance, SolverSettings settings) {
        if (!instanceType().isInstance(instance)) {
            throw new InvalidInputException("solver '" + name() + "' solves " + problem().label()
                    + " instances, but '" + instance.name() + "' is a " + instance.kind().label() + " instance");
        }
        return solve(instanceType().cast(instance), settings);
    }
}
