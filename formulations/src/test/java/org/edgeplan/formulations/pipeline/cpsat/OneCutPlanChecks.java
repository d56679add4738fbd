package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.instances.KnownOptimumPipelines;
import org.edgeplan.testing.ExhaustiveOracle;

/** Assertions shared by the tests of the one-cut models ({@link SingleCutModel}, {@link CutLoadModel}). */
final class OneCutPlanChecks {
    private OneCutPlanChecks() {
    }

    /**
     * A plan of a known-optimum construction: present, accepted by the evaluator, and at T up to the models' time
     * resolution (never below it).
     */
    static void reachesT(KnownOptimumPipelines.Construction k, PipelinePlan plan) {
        String name = k.instance().name();
        assertThat(plan).as(name).isNotNull();
        PipelineEvaluation e = PipelineEvaluator.evaluate(k.instance(), plan);
        assertThat(e.feasible()).as(name).isTrue();
        assertThat(e.objective()).as(name).isGreaterThanOrEqualTo(k.optimumSeconds() * (1 - 1e-9))
                .isLessThanOrEqualTo(k.optimumSeconds() * (1 + 1e-4));
    }

    /** Accepted by the evaluator and never below the enumerated optimum of a tiny instance. */
    static void feasibleAndNotBelowTheOptimum(PipelineInstance inst, PipelinePlan plan, String what) {
        PipelineEvaluation e = PipelineEvaluator.evaluate(inst, plan);
        assertThat(e.feasible()).as(what).isTrue();
        assertThat(e.objective()).as(what).isGreaterThanOrEqualTo(ExhaustiveOracle.solve(inst).objective() * (1 - 1e-9));
    }

    /** Each request runs whole or is cut once (its subtasks, in id order, change node at most once). */
    static void eachRequestCutAtMostOnce(PipelineInstance inst, PipelinePlan plan, String what) {
        CompiledPipeline c = new CompiledPipeline(inst);
        int[] nodeOf = plan.nodeOf(c.subtaskCount());
        for (int r = 0; r < c.requestCount(); r++) {
            int changes = 0;
            for (int id = c.firstSubtaskOf(r) + 1; id <= c.lastSubtaskOf(r); id++) {
                changes += nodeOf[id] != nodeOf[id - 1] ? 1 : 0;
            }
            assertThat(changes).as("%s request %d", what, r).isLessThanOrEqualTo(1);
        }
    }
}
