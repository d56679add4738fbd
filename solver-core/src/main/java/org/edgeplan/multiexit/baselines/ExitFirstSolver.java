package org.edgeplan.multiexit.baselines;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.MultiExitSolver;
import org.edgeplan.multiexit.exits.ExitSetting;
import org.edgeplan.multiexit.exits.ExpectedFlops;

/**
 * The shape shared by the baselines of Ma, Wang, Tang 2025: exits first (by an {@link ExitSetting}, seeded with
 * {@link SolverSettings#seed()}), then splits and shares for that exit set. The plan is scored by the
 * {@link MultiExitEvaluator}; the solver's own objective is the cost model's {@code cost(splits, shares)}, and tests
 * pin the two together. Results are {@link SolveStatus#FEASIBLE} without a bound (none of these methods proves
 * anything about the joint optimum), or {@link SolveStatus#UNKNOWN} when the rule's plan is (e.g. offloading over
 * a bandwidth of 0). Statistics start with the exit set and its expected FLOPs per task.
 *
 * <p>"EAR" in the paper's names is its even allocation of the edge: "the resources of the edge server evenly
 * distributed across all devices", every device gets {@code 1/M} ({@link #equalShares}), whether it offloads or not.
 */
abstract class ExitFirstSolver implements MultiExitSolver {
    /** What a baseline decides once the exits are set. */
    record Decision(int[] splits, double[] shares, Map<String, Object> statistics, String message) {
        Decision(int[] splits, double[] shares) {
            this(splits, shares, Map.of(), "");
        }
    }

    /** The rule that places the exits. */
    abstract ExitSetting exitSetting();

    /** Splits and shares for the exit set of {@code model}, within {@code deadlineNanos} ({@link System#nanoTime()}). */
    abstract Decision decide(MultiExitCostModel model, SolverSettings settings, long deadlineNanos);

    @Override
    public final SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings) {
        long start = System.nanoTime();
        long deadline = start + (long) Math.min(settings.timeLimitSeconds() * 1e9, Long.MAX_VALUE / 4);
        ExitSet exits = exitSetting().choose(instance, settings.seed());
        MultiExitCostModel model = new MultiExitCostModel(instance, exits);
        Decision decision = decide(model, settings, deadline);
        MultiExitPlan plan = new MultiExitPlan(exits, decision.splits(), decision.shares());
        MultiExitEvaluation evaluation = MultiExitEvaluator.evaluate(instance, plan);
        double wall = (System.nanoTime() - start) / 1e9;
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

    /** EAR: {@code 1/M} of the edge for every device. */
    static double[] equalShares(int deviceCount) {
        double[] shares = new double[deviceCount];
        Arrays.fill(shares, 1.0 / deviceCount);
        return shares;
    }

    /** The same split for every device. */
    static int[] sameSplit(int deviceCount, int split) {
        int[] splits = new int[deviceCount];
        Arrays.fill(splits, split);
        return splits;
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
