package org.edgeplan.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.StatisticKeys;

/**
 * The common tail of the problem-B methods that construct one plan (baselines, heuristics): the evaluator's verdict
 * becomes the result, {@link SolveStatus#FEASIBLE} with the evaluator's objective, no bound, the method's statistics
 * plus makespan and mean latency; or {@link SolveStatus#UNKNOWN} with the evaluator's first reasons (a method whose
 * plan breaks a rule proves nothing about the instance).
 */
public final class PipelineResults {
    private PipelineResults() {
    }

    /**
     * @param method     prefix of the reason when the plan is infeasible (the solver's name), or empty for none
     * @param deadline the solve's deadline (its start times the result)
     */
    public static SolveResult<PipelinePlan> scored(String method, PipelinePlan plan, PipelineEvaluation evaluation,
                                                   Deadline deadline, Map<String, Object> statistics) {
        if (!evaluation.feasible()) {
            String prefix = method.isEmpty() ? "" : method + ": ";
            return SolveResult.noPlan(prefix + "the plan breaks the instance's rules: "
                    + evaluation.violationSummary(), deadline.elapsedSeconds());
        }
        Map<String, Object> stats = new LinkedHashMap<>(statistics);
        stats.put(StatisticKeys.MAKESPAN_SECONDS, evaluation.makespanSeconds());
        stats.put(StatisticKeys.MEAN_LATENCY_SECONDS, evaluation.meanLatencySeconds());
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, evaluation.objective(), Double.NaN,
                deadline.elapsedSeconds(), stats, "");
    }
}
