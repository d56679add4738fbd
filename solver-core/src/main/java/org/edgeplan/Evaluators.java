package org.edgeplan;

import org.edgeplan.core.Evaluation;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.Plan;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/** Dispatches a plan to the one evaluator of its problem: the only place where plans get their score. */
public final class Evaluators {
    private Evaluators() {
    }

    /** Scores {@code plan} on {@code instance}; a plan of the other problem family is bad input. */
    public static Evaluation evaluate(Instance instance, Plan plan) {
        if (instance instanceof MultiExitInstance a && plan instanceof MultiExitPlan p) {
            return MultiExitEvaluator.evaluate(a, p);
        }
        if (instance instanceof PipelineInstance b && plan instanceof PipelinePlan p) {
            return PipelineEvaluator.evaluate(b, p);
        }
        throw new InvalidInputException("a " + plan.kind().label() + " plan cannot be evaluated on the "
                + instance.kind().label() + " instance '" + instance.name() + "'");
    }
}
