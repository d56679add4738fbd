package org.edgeplan.multiexit.baselines;

import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.multiexit.exact.SplitBranchAndBound;

/**
 * Exits by a rule, then the optimal splits for them by {@link SplitBranchAndBound} (the search of {@code exact-bb})
 * and the closed-form optimal shares. The message says whether the search for this exit set finished (optimal for
 * the set) or hit the time limit.
 */
abstract class ExitSetBranchAndBoundSolver extends ExitFirstSolver {
    @Override
    final Decision decide(MultiExitCostModel model, SolverSettings settings, long deadlineNanos) {
        SplitBranchAndBound.Result r = SplitBranchAndBound.solve(model, Double.POSITIVE_INFINITY, deadlineNanos);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("nodes", r.nodes());
        stats.put("exitSetLowerBound", r.lowerBound());
        String message = r.complete() ? "splits and shares optimal for this exit set"
                : "time limit before the split search finished";
        return new Decision(r.splits(), OptimalShares.forSplits(model, r.splits()), stats, message);
    }
}
