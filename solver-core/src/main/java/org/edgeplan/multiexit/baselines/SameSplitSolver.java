package org.edgeplan.multiexit.baselines;

import java.util.function.ToIntFunction;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.AbstractMultiExitSolver;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;

/**
 * The fixed-rule problem-A baselines without exit setting: the instance's default exit set, one split for every
 * device, the edge split equally ({@code 1/M}, as the paper's "EAR"). The rule has one plan; it is scored by the
 * {@link MultiExitEvaluator}, whose cost is the objective, or reported as {@code unknown} with the evaluator's reason
 * when it is infeasible.
 */
abstract class SameSplitSolver extends AbstractMultiExitSolver {
    private final ToIntFunction<MultiExitInstance> split;

    /** @param split the split every device takes */
    SameSplitSolver(String name, String description, ToIntFunction<MultiExitInstance> split) {
        super(name, description);
        this.split = split;
    }

    @Override
    public final SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings,
                                                   Deadline deadline) {
        int m = instance.deviceCount();
        MultiExitPlan plan = new MultiExitPlan(instance.defaultExits(),
                MultiExitBaselines.sameSplit(m, split.applyAsInt(instance)), MultiExitBaselines.equalShares(m));
        MultiExitEvaluation evaluation = MultiExitEvaluator.evaluate(instance, plan);
        double wall = deadline.elapsedSeconds();
        if (!evaluation.feasible()) {
            return SolveResult.noPlan("the rule's only plan is infeasible: " + evaluation.violations().get(0), wall);
        }
        return SolveResult.feasible(plan, evaluation.cost(), wall);
    }
}
