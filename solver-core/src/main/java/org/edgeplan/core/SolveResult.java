package org.edgeplan.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a solver returns. The solver's own objective is kept beside the plan; callers re-score the plan
 * with the problem's evaluator, and tests pin the two together.
 *
 * @param plan            the best plan found, or {@code null} when there is none (infeasible, failed, unknown)
 * @param status          the outcome
 * @param solverObjective the objective as the solver computed it, {@code NaN} when it has none
 * @param bound           a proven lower bound on the optimum, {@code NaN} when the method has none
 * @param wallSeconds     wall-clock time spent in {@code solve}
 * @param statistics      a few method-specific figures (iterations, nodes, ...), insertion-ordered
 * @param message         a one-line explanation (why infeasible, what failed), or empty
 */
public record SolveResult<P extends Plan>(P plan, SolveStatus status, double solverObjective, double bound,
                                          double wallSeconds, Map<String, Object> statistics, String message) {
    /**
     * Statistics key of a restricted problem: when present, the status {@code optimal} and the bound hold only
     * among plans with the restriction it names (e.g. {@code "exit set [13]"} for a problem-A method that keeps the
     * instance's default exit set), not for the instance's whole problem. Absent: they hold for the whole problem.
     */
    public static final String SCOPE = "scope";

    public SolveResult {
        Objects.requireNonNull(status, "status");
        statistics = statistics == null || statistics.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
        message = message == null ? "" : message;
        if (status.hasPlan() && plan == null) {
            throw new IllegalArgumentException("status " + status + " needs a plan");
        }
    }

    /** A heuristic result: feasible, no bound. */
    public static <P extends Plan> SolveResult<P> feasible(P plan, double solverObjective, double wallSeconds) {
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, solverObjective, Double.NaN, wallSeconds, Map.of(), "");
    }

    /**
     * The method found no feasible plan, which proves nothing about the instance (a heuristic whose rule fails, a
     * search stopped by its time limit); {@code reason} says why. Use {@link #infeasible} only with a proof.
     */
    public static <P extends Plan> SolveResult<P> noPlan(String reason, double wallSeconds) {
        return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, Double.NaN, wallSeconds, Map.of(), reason);
    }

    /** No plan exists (proven: by a complete method, or because the instance itself rules every plan out). */
    public static <P extends Plan> SolveResult<P> infeasible(String reason, double wallSeconds) {
        return new SolveResult<>(null, SolveStatus.INFEASIBLE, Double.NaN, Double.NaN, wallSeconds, Map.of(), reason);
    }

    /**
     * The relative gap {@code (objective - bound) / |objective|} of a plan to a proven lower bound, at least 0; NaN
     * without a bound or without a finite objective.
     */
    public static double relativeGap(double objective, double bound) {
        if (Double.isNaN(bound) || !Double.isFinite(objective)) {
            return Double.NaN;
        }
        return Math.max(0.0, (objective - bound) / Math.max(1e-12, Math.abs(objective)));
    }

    /** The restriction the status and bound are proven under, or empty when they hold for the whole problem. */
    public String scope() {
        Object scope = statistics.get(SCOPE);
        return scope == null ? "" : scope.toString();
    }

    public boolean hasBound() {
        return !Double.isNaN(bound);
    }
}
