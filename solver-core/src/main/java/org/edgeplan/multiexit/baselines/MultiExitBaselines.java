package org.edgeplan.multiexit.baselines;

import org.edgeplan.core.SolveResult;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;

/** Shared ending of the fixed-rule problem A baselines: score the plan, or say why it is infeasible. */
final class MultiExitBaselines {
    private MultiExitBaselines() {
    }

    static SolveResult<MultiExitPlan> result(MultiExitInstance instance, MultiExitPlan plan, long startNanos) {
        MultiExitEvaluation evaluation = MultiExitEvaluator.evaluate(instance, plan);
        double wall = (System.nanoTime() - startNanos) / 1e9;
        if (!evaluation.feasible()) {
            return SolveResult.noPlan("the rule's only plan is infeasible: " + evaluation.violations().get(0), wall);
        }
        return SolveResult.feasible(plan, evaluation.cost(), wall);
    }
}
