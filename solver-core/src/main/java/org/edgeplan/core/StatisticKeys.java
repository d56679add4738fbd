package org.edgeplan.core;

/**
 * Keys of {@link SolveResult#statistics()} that several solvers share, with what their values mean. A key used by one
 * solver only is a constant of that solver; {@link SolveResult#SCOPE} is with the result it qualifies.
 */
public final class StatisticKeys {
    /** Relative gap of the returned plan's objective to the reported bound ({@link SolveResult#relativeGap}). */
    public static final String GAP = "gap";
    /** Which heuristic gave the plan a search started from (its name). */
    public static final String INCUMBENT = "incumbent";
    /** The evaluator's objective of that starting plan. */
    public static final String INCUMBENT_OBJECTIVE = "incumbentObjective";
    /** The evaluator's objective of the model's own solution, before any fallback to another plan. */
    public static final String EVALUATOR_OBJECTIVE = "evaluatorObjective";
    /** A proven lower bound from a relaxation of the problem (problem B: {@code PipelineLowerBound}), or NaN. */
    public static final String RELAXATION_BOUND = "relaxationBound";
    /** Where the reported bound comes from, when not from the solver's own search (e.g. the relaxation's name). */
    public static final String BOUND_FROM = "boundFrom";
    /** The release-group decomposition bound (total latency; absent where it does not apply). */
    public static final String RELEASE_GROUP_BOUND = "releaseGroupBound";
    /** The plan's makespan in seconds (problem B). */
    public static final String MAKESPAN_SECONDS = "makespanSeconds";
    /** The plan's mean request latency in seconds (problem B). */
    public static final String MEAN_LATENCY_SECONDS = "meanLatencySeconds";
    /** The plan's total pipeline-stall time over all nodes, in seconds (problem B). */
    public static final String TOTAL_STALL_SECONDS = "totalStallSeconds";
    /** Threads the solver actually used, when fewer than the settings allowed. */
    public static final String THREADS_USED = "threadsUsed";
    /** Which plan a local search started from (the best heuristic's name). */
    public static final String WARM_START = "warmStart";
    /** The evaluator's objective of the warm start. */
    public static final String WARM_START_OBJECTIVE = "warmStartObjective";

    private StatisticKeys() {
    }
}
