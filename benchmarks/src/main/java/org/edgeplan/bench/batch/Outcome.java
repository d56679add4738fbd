package org.edgeplan.bench.batch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.edgeplan.Evaluators;
import org.edgeplan.core.Evaluation;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import org.edgeplan.core.Plan;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverSettings;

/**
 * A solver's result together with the evaluator's verdict on its plan, the incumbent trajectory the solver
 * reported and the CPU time it used. The evaluator is the truth: a plan it rejects turns the status into
 * {@code failed}, whatever the solver claimed; a solver that throws is reported as {@code failed}, not propagated.
 *
 * @param solver     solver name
 * @param result     what the solver returned
 * @param evaluation the evaluator's verdict on the plan, {@code null} without a plan
 * @param status     the status after the evaluator's verdict
 * @param message    the solver's message, with the evaluator's objections added
 * @param trajectory (seconds, objective, bound) improvements reported by the solver, then the final point
 * @param cpuSeconds CPU seconds of the solve: of the whole process when measured with {@code processCpu}, else of
 *                   the calling thread only (helper threads of the solver are then not counted)
 */
public record Outcome(String solver, SolveResult<?> result, Evaluation evaluation, SolveStatus status, String message,
                      List<double[]> trajectory, double cpuSeconds) {
    public Outcome {
        trajectory = List.copyOf(trajectory);
    }

    /**
     * Runs {@code solver} on {@code instance}, re-scores its plan and records what it reported on the way. A solver
     * that throws, or runs out of heap (solving or being evaluated), gives a {@code failed} outcome with the reason.
     */
    public static Outcome run(Solver<?, ?> solver, Instance instance, SolverSettings settings, boolean processCpu) {
        return run(solver, instance, settings, processCpu, false);
    }

    /**
     * As {@link #run(Solver, Instance, SolverSettings, boolean)}; with {@code inputErrorsEscape}, an
     * {@link InvalidInputException} (an instance too large for the solver, say) or an {@link OutOfMemoryError} is
     * thrown to the caller instead (the command line's exit status 2 for input it cannot handle).
     */
    public static Outcome run(Solver<?, ?> solver, Instance instance, SolverSettings settings, boolean processCpu,
                              boolean inputErrorsEscape) {
        long start = System.nanoTime();
        try {
            return runGuarded(solver, instance, settings, processCpu, inputErrorsEscape);
        } catch (OutOfMemoryError e) {
            if (inputErrorsEscape) {
                throw e;
            }
            // The solver's tables are unreachable once its frames are gone: there is room for the record again.
            String message = "solver '" + solver.name() + "' failed: " + outOfMemory(e);
            return new Outcome(solver.name(), new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN,
                    (System.nanoTime() - start) / 1e9, Map.of(), message), null, SolveStatus.FAILED, message, List.of(),
                    Double.NaN);
        }
    }

    /** The reason of an {@link OutOfMemoryError}, with the heap it ran out of. */
    public static String outOfMemory(OutOfMemoryError e) {
        return "out of memory (" + (e.getMessage() == null ? "Java heap space" : e.getMessage()) + ", heap "
                + MemoryBudget.size(Runtime.getRuntime().maxMemory()) + ")";
    }

    private static Outcome runGuarded(Solver<?, ?> solver, Instance instance, SolverSettings settings,
                                      boolean processCpu, boolean inputErrorsEscape) {
        List<double[]> points = Collections.synchronizedList(new ArrayList<>());
        SolverSettings observed = settings.withIncumbents((seconds, objective, bound) -> {
            points.add(new double[] {seconds, objective, bound});
            settings.incumbents().improved(seconds, objective, bound);
        });
        double cpuStart = cpuSeconds(processCpu);
        long start = System.nanoTime();
        SolveResult<?> result;
        try {
            result = solver.solveAny(instance, observed);
        } catch (RuntimeException e) {
            if (inputErrorsEscape && e instanceof InvalidInputException) {
                throw e;
            }
            double wall = (System.nanoTime() - start) / 1e9;
            String message = "solver '" + solver.name() + "' failed: " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage());
            return new Outcome(solver.name(), new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN,
                    wall, Map.of(), message), null, SolveStatus.FAILED, message, points, cpuSeconds(processCpu) - cpuStart);
        }
        double cpu = cpuSeconds(processCpu) - cpuStart;
        Plan plan = result.plan();
        List<double[]> trajectory;
        synchronized (points) {
            trajectory = new ArrayList<>(points);
        }
        if (plan == null) {
            return new Outcome(solver.name(), result, null, result.status(), result.message(), trajectory, cpu);
        }
        Evaluation evaluation = Evaluators.evaluate(instance, plan);
        SolveStatus status = result.status();
        String message = result.message();
        if (!evaluation.feasible()) {
            status = SolveStatus.FAILED;
            message = "solver '" + solver.name() + "' returned a plan the evaluator rejects: "
                    + evaluation.violations().get(0);
        } else if (!Double.isNaN(result.solverObjective())
                && Math.abs(result.solverObjective() - evaluation.objective())
                > 1e-6 * Math.max(1.0, Math.abs(evaluation.objective()))) {
            message = (message.isEmpty() ? "" : message + "; ") + String.format(Locale.ROOT,
                    "solver objective %.9g differs from the evaluator's %.9g", result.solverObjective(),
                    evaluation.objective());
        }
        if (evaluation.feasible()) {
            trajectory.add(new double[] {result.wallSeconds(), evaluation.objective(), result.bound()});
        }
        return new Outcome(solver.name(), result, evaluation, status, message, trajectory, cpu);
    }

    /** The status label, with {@code *} when it is proven only for a restricted problem ({@link SolveResult#scope()}). */
    public String statusLabel() {
        return status.label() + (status == SolveStatus.OPTIMAL && !result.scope().isEmpty() ? "*" : "");
    }

    /** The evaluator's objective, NaN without a feasible plan. */
    public double objective() {
        return evaluation == null || !evaluation.feasible() ? Double.NaN : evaluation.objective();
    }

    /** Relative gap (objective − bound) / objective, NaN without a bound or plan. */
    public double gap() {
        double obj = objective();
        if (!result.hasBound() || Double.isNaN(obj)) {
            return Double.NaN;
        }
        return obj == 0 ? 0 : Math.max(0, (obj - result.bound()) / Math.abs(obj));
    }

    private static double cpuSeconds(boolean process) {
        if (process && ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() / 1e9 : Double.NaN;
    }
}
