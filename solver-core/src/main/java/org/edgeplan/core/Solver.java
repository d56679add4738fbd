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
     * Solves the instance within the settings' limits, the time limit counted from now: {@code solve(instance,
     * settings, Deadline.start(settings))}.
     */
    default SolveResult<P> solve(I instance, SolverSettings settings) {
        return solve(instance, settings, Deadline.start(settings));
    }

    /**
     * Solves the instance by {@code deadline} (the settings' time limit is not read again). Never throws for an
     * instance that has no feasible plan: it returns {@link SolveStatus#INFEASIBLE} with a reason when it can prove
     * that none exists, and {@link SolveStatus#UNKNOWN} with a reason when it merely found none.
     *
     * <p>The deadline rule: every loop whose work grows with the instance checks {@link Deadline#expired()}; once it
     * has, the solver stops and returns the best plan so far ({@link SolveStatus#FEASIBLE}, with the bound it proved,
     * if any) or no plan ({@link SolveStatus#UNKNOWN} with the reason), never {@link SolveStatus#OPTIMAL} unless the
     * proof is complete. Work done once per solve whose size does not depend on the time left (reading the instance,
     * one pass of a constructive heuristic over every subtask) may finish first, and should be linear or near linear
     * in the instance.
     */
    SolveResult<P> solve(I instance, SolverSettings settings, Deadline deadline);

    /** Type-checked entry point for callers that only know the instance as {@link Instance}. */
    default SolveResult<P> solveAny(Instance instance, SolverSettings settings) {
        return solveAny(instance, settings, Deadline.start(settings));
    }

    /** Type-checked entry point with a given deadline. */
    default SolveResult<P> solveAny(Instance instance, SolverSettings settings, Deadline deadline) {
        if (!instanceType().isInstance(instance)) {
            throw new InvalidInputException("solver '" + name() + "' solves " + problem().label()
                    + " instances, but '" + instance.name() + "' is a " + instance.kind().label() + " instance");
        }
        return solve(instanceType().cast(instance), settings, deadline);
    }
}
