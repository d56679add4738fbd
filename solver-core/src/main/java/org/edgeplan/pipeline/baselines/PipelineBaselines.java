package org.edgeplan.pipeline.baselines;

import java.util.List;
import java.util.Map;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/** Shared tail of the problem-B baselines: list-schedule a placement, score it, wrap the result. */
final class PipelineBaselines {
    private static final int MAX_REASONS = 3;

    private PipelineBaselines() {
    }

    static SolveResult<PipelinePlan> scheduleAndScore(PipelineInstance instance, int[] nodeOf, long startNanos) {
        PipelinePlan plan = ListScheduler.schedule(instance, nodeOf);
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, plan);
        double wall = seconds(startNanos);
        if (!evaluation.feasible()) {
            return SolveResult.noPlan(reason(evaluation.violations()), wall);
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, evaluation.objective(), Double.NaN, wall,
                Map.of("makespanSeconds", evaluation.makespanSeconds(),
                        "meanLatencySeconds", evaluation.meanLatencySeconds()), "");
    }

    static String reason(List<String> violations) {
        List<String> shown = violations.subList(0, Math.min(MAX_REASONS, violations.size()));
        String more = violations.size() > MAX_REASONS ? " (+" + (violations.size() - MAX_REASONS) + " more)" : "";
        return "the plan breaks the instance's rules: " + String.join("; ", shown) + more;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
