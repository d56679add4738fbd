package org.edgeplan.multiexit.baselines;

import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.AbstractMultiExitSolver;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.multiexit.exact.SplitBranchAndBound;
import org.edgeplan.multiexit.exits.ExitSetting;
import org.edgeplan.multiexit.exits.ExpectedFlops;

/**
 * The shape shared by the baselines of Ma, Wang, Tang 2025: exits first (by an {@link ExitSetting}, seeded with
 * {@link SolverSettings#seed()}), then splits and shares for that exit set (by a {@link Rule}). The plan is scored by
 * the {@link MultiExitEvaluator}; the solver's own objective is the cost model's {@code cost(splits, shares)}, and
 * tests pin the two together. Results are {@link SolveStatus#FEASIBLE} without a bound (none of these methods proves
 * anything about the joint optimum), or {@link SolveStatus#UNKNOWN} when the rule's plan is (e.g. offloading over
 * a bandwidth of 0). Statistics start with the exit set and its expected FLOPs per task.
 *
 * <p>"EAR" in the paper's names is its even allocation of the edge: "the resources of the edge server evenly
 * distributed across all devices", every device gets {@code 1/M} ({@link MultiExitBaselines#equalShares}), whether it
 * offloads or not.
 *
 * <p>Each registered baseline is a subclass that names its exit setting and rule.
 */
abstract class ExitFirstSolver extends AbstractMultiExitSolver {
    /** What a baseline decides once the exits are set. */
    record Decision(int[] splits, double[] shares, Map<String, Object> statistics, String message) {
        Decision(int[] splits, double[] shares) {
            this(splits, shares, Map.of(), "");
        }
    }

    /** How a baseline chooses splits and shares for the exit set of {@code model}. */
    @FunctionalInterface
    interface Rule {
        /** Splits and shares by {@code deadline}. */
        Decision decide(MultiExitCostModel model, SolverSettings settings, Deadline deadline);
    }

    /** EAR, every device runs the whole model ({@code s_i = N}). */
    static final Rule DEVICE_ONLY_EAR = (model, settings, deadline) -> new Decision(
            MultiExitBaselines.sameSplit(model.deviceCount(), model.layerCount()),
            MultiExitBaselines.equalShares(model.deviceCount()));

    /** EAR, every device offloads the whole model ({@code s_i = 0}). */
    static final Rule EDGE_ONLY_EAR = (model, settings, deadline) -> new Decision(
            MultiExitBaselines.sameSplit(model.deviceCount(), 0), MultiExitBaselines.equalShares(model.deviceCount()));

    /** EAR, each device at its best split for the equal shares ({@link #bestSplitsForEqualShares}). */
    static final Rule BEST_SPLITS_EAR = (model, settings, deadline) -> new Decision(
            bestSplitsForEqualShares(model), MultiExitBaselines.equalShares(model.deviceCount()));

    /**
     * The optimal splits for the exit set by {@link SplitBranchAndBound} (the search of {@code exact-bb}) and the
     * closed-form optimal shares. The message says whether the search for this exit set finished (optimal for the
     * set) or hit the time limit.
     */
    static final Rule OPTIMAL_SPLITS_AND_SHARES = (model, settings, deadline) -> {
        SplitBranchAndBound.Result r = SplitBranchAndBound.solve(model, Double.POSITIVE_INFINITY, deadline);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("nodes", r.nodes());
        stats.put("exitSetLowerBound", r.lowerBound());
        String message = r.complete() ? "splits and shares optimal for this exit set"
                : "time limit before the split search finished";
        return new Decision(r.splits(), OptimalShares.forSplits(model, r.splits()), stats, message);
    };

    private final ExitSetting exitSetting;
    private final Rule rule;

    ExitFirstSolver(String name, String description, ExitSetting exitSetting, Rule rule) {
        super(name, description);
        this.exitSetting = exitSetting;
        this.rule = rule;
    }

    @Override
    public final SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings,
                                                   Deadline deadline) {
        ExitSet exits = exitSetting.choose(instance, settings.seed());
        MultiExitCostModel model = new MultiExitCostModel(instance, exits);
        Decision decision = rule.decide(model, settings, deadline);
        MultiExitPlan plan = new MultiExitPlan(exits, decision.splits(), decision.shares());
        MultiExitEvaluation evaluation = MultiExitEvaluator.evaluate(instance, plan);
        double wall = deadline.elapsedSeconds();
        if (!evaluation.feasible()) {
            return SolveResult.noPlan("the rule's plan is infeasible: " + evaluation.violations().get(0), wall);
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("exits", exits.layers());
        stats.put("expectedFlopsPerTask", new ExpectedFlops(instance).of(exits));
        stats.putAll(decision.statistics());
        double objective = model.cost(decision.splits(), decision.shares());
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, Double.NaN, wall, stats, decision.message());
    }

    /**
     * Each device's best split when every device holds {@code 1/M} of the edge. With the shares fixed the cost is
     * separable, {@code Σ_i g_i(s_i) + a_i(s_i) / r_i}, so the per-device minimum is the exact optimum over splits
     * for equal shares. Ties go to the larger split (less offloading).
     */
    static int[] bestSplitsForEqualShares(MultiExitCostModel model) {
        int m = model.deviceCount();
        double share = 1.0 / m;
        int[] splits = new int[m];
        for (int i = 0; i < m; i++) {
            int best = model.layerCount();
            double bestCost = model.deviceCost(i, best, share);
            for (int s = model.layerCount() - 1; s >= 0; s--) {
                double c = model.deviceCost(i, s, share);
                if (c < bestCost) {
                    bestCost = c;
                    best = s;
                }
            }
            splits[i] = best;
        }
        return splits;
    }
}
