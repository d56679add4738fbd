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
 * Problem A by complete enumeration, the test oracle: every split vector of the instance's default exit set, each
 * with its closed-form optimal shares ({@link OptimalShares}), cost {@code Σ g_i + (Σ h_i)²}. Splits with infinite
 * cost (data sent over a zero-bandwidth link) are left out, nothing else is. When the number of vectors (the product
 * over devices of their finite splits, at most {@code (N+1)^M}) exceeds {@link #MAX_VECTORS} the solver refuses
 * with {@link SolveStatus#UNKNOWN}; when the time limit strikes it returns the best vector so far as
 * {@link SolveStatus#FEASIBLE} without a bound.
 */
public final class BruteForceSolver extends AbstractMultiExitSolver {
    /** The largest enumeration attempted: 10^9 vectors, a few seconds at a few nanoseconds each. */
    public static final double MAX_VECTORS = 1e9;

    public BruteForceSolver() {
        super("brute-force",
                "enumerates every split vector of the default exit set with closed-form shares (test oracle)");
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        int m = model.deviceCount();
        SplitTable table = SplitTable.allFinite(model);
        double count = 1;
        for (int i = 0; i < m; i++) {
            count *= table.optionCount(i);
        }
        if (count > MAX_VECTORS) {
            return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, Double.NaN, deadline.elapsedSeconds(),
                    Map.of("vectors", count), String.format(Locale.ROOT,
                            "brute force refuses %.3g split vectors (limit %.0g)", count, MAX_VECTORS));
        }
        double[][] g = table.gRows();
        double[][] h = table.hRows();
        // Odometer over option indices; prefix sums in device order so each cost is summed like costForSplits.
        int[] digit = new int[m];
        double[] prefixG = new double[m + 1];
        double[] prefixH = new double[m + 1];
        int[] best = new int[m];
        double bestCost = Double.POSITIVE_INFINITY;
        int from = 0;
        long visited = 0;
        boolean timedOut = false;
        while (true) {
            for (int i = from; i < m; i++) {
                prefixG[i + 1] = prefixG[i] + g[i][digit[i]];
                prefixH[i + 1] = prefixH[i] + h[i][digit[i]];
            }
            double hs = prefixH[m];
            double cost = prefixG[m] + hs * hs;
            if (cost < bestCost) {
                bestCost = cost;
                System.arraycopy(digit, 0, best, 0, m);
            }
            visited++;
            if ((visited & 0xFFFFF) == 0 && deadline.expired()) {
                timedOut = true;
                break;
            }
            int p = m - 1;
            while (p >= 0 && ++digit[p] == g[p].length) {
                digit[p] = 0;
                p--;
            }
            if (p < 0) {
                break;
            }
            from = p;
        }
        int[] bestSplits = table.splitsOf(best);
        MultiExitPlan plan = OptimalShares.plan(model, bestSplits);
        double objective = OptimalShares.costForSplits(model, bestSplits);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put(SolveResult.SCOPE, "exit set " + instance.defaultExits());
        stats.put("vectors", count);
        stats.put("visited", visited);
        if (timedOut) {
            return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, Double.NaN, deadline.elapsedSeconds(), stats,
                    "time limit after " + visited + " of " + (long) count + " split vectors");
        }
        return new SolveResult<>(plan, SolveStatus.OPTIMAL, objective, objective, deadline.elapsedSeconds(), stats,
                "all " + visited + " split vectors enumerated");
    }
}
