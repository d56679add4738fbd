package org.edgeplan.multiexit.exact;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.AbstractMultiExitSolver;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;

/**
 * Problem A, exact over the exit set too: the best exit set E (all 2^(N−1) sets that contain N), split points and
 * closed-form shares. Every exit set gets its Lagrangian lower bound ({@link LagrangianBound}); the sets are then
 * solved by {@link SplitBranchAndBound} in increasing order of that bound, with the incumbent as cutoff, and every
 * set whose bound cannot beat the incumbent is settled without search. {@link SolveStatus#OPTIMAL} only when every
 * exit set was settled (to the relative tolerance {@link SplitBranchAndBound#RELATIVE_TOLERANCE}); otherwise
 * {@link SolveStatus#FEASIBLE} with the least bound of the unsettled sets. Refuses ({@link SolveStatus#UNKNOWN})
 * models with more than {@link #MAX_LAYERS} layers.
 */
public final class JointExitSplitSolver extends AbstractMultiExitSolver {
    /** Up to 2^20 exit sets are enumerated. */
    public static final int MAX_LAYERS = 21;

    public JointExitSplitSolver() {
        super("exact-joint", "exact exit set, split points and shares: every exit set bounded, the promising ones"
                + " solved by exact-bb");
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        int n = instance.layerCount();
        if (n > MAX_LAYERS) {
            return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, Double.NaN, deadline.elapsedSeconds(), Map.of(),
                    "exact-joint enumerates 2^(N-1) exit sets and refuses N = " + n + " > " + MAX_LAYERS);
        }
        int sets = 1 << (n - 1);
        double[] bound = new double[sets];
        boolean timedOut = false;
        int bounded = 0;
        for (int e = 0; e < sets; e++) {
            if (e > 0 && deadline.expired()) {
                timedOut = true;
                break;
            }
            MultiExitCostModel model = new MultiExitCostModel(instance, exitSet(n, e));
            bound[e] = LagrangianBound.of(model).value();
            bounded++;
        }
        int[] order = IndexOrder.ascending(bound, bounded);
        double best = Double.POSITIVE_INFINITY;
        int[] bestSplits = null;
        ExitSet bestExits = null;
        double openBound = Double.POSITIVE_INFINITY;
        double settledBound = Double.POSITIVE_INFINITY; // least proven bound over the settled sets
        int solved = 0;
        int skipped = 0;
        long nodes = 0;
        for (int idx = 0; idx < bounded; idx++) {
            int e = order[idx];
            if (bound[e] >= best - SplitBranchAndBound.tolerance(best)) {
                skipped += bounded - idx; // sorted: no later set can beat the incumbent either
                settledBound = Math.min(settledBound, bound[e]);
                break;
            }
            if (timedOut || deadline.expired()) {
                timedOut = true;
                openBound = Math.min(openBound, bound[e]);
                continue;
            }
            ExitSet exits = exitSet(n, e);
            MultiExitCostModel model = new MultiExitCostModel(instance, exits);
            SplitBranchAndBound.Result r = SplitBranchAndBound.solve(model, best, deadline);
            solved++;
            nodes += r.nodes();
            if (r.splits() != null && r.objective() < best) {
                best = r.objective();
                bestSplits = r.splits();
                bestExits = exits;
            }
            if (!r.complete()) {
                timedOut = true;
                openBound = Math.min(openBound, r.lowerBound());
            } else {
                settledBound = Math.min(settledBound, r.lowerBound());
            }
        }
        if (bounded < sets) {
            // Sets never bounded: only the trivial bound 0 holds (every cost term is nonnegative).
            openBound = Math.min(openBound, 0.0);
        }
        if (bestSplits == null) {
            // Out of time before any set was solved: fall back to device-only under the default exit set, which is
            // always feasible, with whatever bound was proven.
            bestExits = instance.defaultExits();
            bestSplits = new int[instance.deviceCount()];
            Arrays.fill(bestSplits, n);
            timedOut = true;
        }
        MultiExitCostModel model = new MultiExitCostModel(instance, bestExits);
        MultiExitPlan plan = OptimalShares.plan(model, bestSplits);
        double objective = OptimalShares.costForSplits(model, bestSplits);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("exitSets", sets);
        stats.put("exitSetsBounded", bounded);
        stats.put("exitSetsSolved", solved);
        stats.put("exitSetsSkippedByBound", skipped);
        stats.put("nodes", nodes);
        double wall = deadline.elapsedSeconds();
        if (!timedOut) {
            return new SolveResult<>(plan, SolveStatus.OPTIMAL, objective, Math.min(objective, settledBound), wall,
                    stats,
                    "all " + sets + " exit sets settled (relative tolerance " + SplitBranchAndBound.RELATIVE_TOLERANCE
                            + ")");
        }
        double proven = Math.min(objective, Math.min(openBound, settledBound));
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, proven, wall, stats,
                "time limit; " + solved + " exit sets solved, " + skipped + " skipped by bound, of " + sets);
    }

    /** The exit set of index e: bit j−1 of e set means layer j (1..N−1) has an exit; N always has one. */
    static ExitSet exitSet(int n, int e) {
        return ExitSet.fromMask(n, ((long) e) << 1);
    }
}
