package org.edgeplan.multiexit.exact;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.AbstractMultiExitSolver;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;

/**
 * Problem A, exact for the instance's default exit set: optimal split points with closed-form shares, by the
 * Lagrangian branch and bound of {@link SplitBranchAndBound}. {@link SolveStatus#OPTIMAL} means the search
 * finished, so the plan is optimal up to a relative gap of {@link SplitBranchAndBound#RELATIVE_TOLERANCE}; on the
 * time limit the result is {@link SolveStatus#FEASIBLE} with the best proven lower bound in {@code bound}.
 */
public final class MultiExitBranchAndBoundSolver extends AbstractMultiExitSolver {
    public MultiExitBranchAndBoundSolver() {
        super("exact-bb", "exact split points for the default exit set: dominance, Lagrangian bound, reduced-cost"
                + " fixing, branch and bound");
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        SplitBranchAndBound.Result r = SplitBranchAndBound.solve(model, Double.POSITIVE_INFINITY, deadline);
        MultiExitPlan plan = OptimalShares.plan(model, r.splits());
        double objective = OptimalShares.costForSplits(model, r.splits());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put(SolveResult.SCOPE, "exit set " + instance.defaultExits());
        stats.putAll(statistics(r));
        double wall = deadline.elapsedSeconds();
        if (r.complete()) {
            return new SolveResult<>(plan, SolveStatus.OPTIMAL, objective, Math.min(objective, r.lowerBound()), wall,
                    stats, "search complete (relative tolerance " + SplitBranchAndBound.RELATIVE_TOLERANCE + ")");
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, Math.min(objective, r.lowerBound()), wall,
                stats, String.format(Locale.ROOT, "time limit; relative gap %.3g",
                        (objective - r.lowerBound()) / Math.abs(objective)));
    }

    private static Map<String, Object> statistics(SplitBranchAndBound.Result r) {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("nodes", r.nodes());
        stats.put("finiteOptions", r.finiteOptions());
        stats.put("optionsAfterDominance", r.optionsAfterDominance());
        stats.put("optionsAfterFixing", r.optionsAfterFixing());
        stats.put("freeDevices", r.freeDevices());
        stats.put("lambda", r.lambda());
        stats.put("rootLowerBound", r.rootLowerBound());
        stats.put("heuristicObjective", r.heuristicObjective());
        return stats;
    }
}
