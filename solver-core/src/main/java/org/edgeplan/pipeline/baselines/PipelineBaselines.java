package org.edgeplan.pipeline.baselines;

import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineResults;

/** Shared tail of the problem-B baselines: list-schedule a placement, then score it ({@link PipelineResults}). */
final class PipelineBaselines {
    private PipelineBaselines() {
    }

    static SolveResult<PipelinePlan> scheduleAndScore(PipelineInstance instance, int[] nodeOf, Deadline deadline) {
        PipelinePlan plan = ListScheduler.schedule(instance, nodeOf);
        return PipelineResults.scored("", plan, PipelineEvaluator.evaluate(instance, plan), deadline, Map.of());
    }
}
