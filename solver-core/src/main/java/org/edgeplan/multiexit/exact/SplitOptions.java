package org.edgeplan.multiexit.exact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * The split options of every device that can be part of an optimal plan for one exit set: finite cost
 * {@code g_i(s)} and not dominated. Because {@code cost(s) = Σ g_i(s_i) + (Σ h_i(s_i))²} is nondecreasing in every
 * {@code g_i} and every {@code h_i ≥ 0}, an option whose {@code g} and {@code h} are both no smaller than another
 * option's is never needed. Options with {@code g = +Infinity} (data sent over a zero-bandwidth link) are dropped.
 *
 * <p>Per device the options are sorted by {@code h} ascending, so {@code g} is strictly descending: option 0 has the
 * least edge work, the last option the least local cost. Of two options with equal {@code (g, h)} the larger split
 * (more work on the device) is kept.
 */
public final class SplitOptions extends SplitTable {
    private SplitOptions(MultiExitCostModel model, int[][] splits, int finiteOptions) {
        super(model, splits, finiteOptions);
    }

    private SplitOptions(SplitOptions options, boolean[][] keep) {
        super(options, keep);
    }

    /** The non-dominated finite options of every device under the model's exit set. */
    public static SplitOptions of(MultiExitCostModel model) {
        int[][] finite = SplitTable.finiteSplits(model);
        int m = finite.length;
        int[][] splits = new int[m][];
        int finiteOptions = 0;
        for (int i = 0; i < m; i++) {
            List<Integer> cands = new ArrayList<>();
            for (int k = finite[i].length - 1; k >= 0; k--) {
                cands.add(finite[i][k]);
            }
            finiteOptions += cands.size();
            final int dev = i;
            // h ascending, then g ascending, then larger split first (the list is already built from s = N down).
            cands.sort(Comparator.<Integer>comparingDouble(s -> model.h(dev, s)).thenComparingDouble(s -> model.g(dev, s)));
            List<Integer> kept = new ArrayList<>();
            double bestG = Double.POSITIVE_INFINITY;
            for (int s : cands) {
                if (model.g(i, s) < bestG) {
                    kept.add(s);
                    bestG = model.g(i, s);
                }
            }
            splits[i] = kept.stream().mapToInt(Integer::intValue).toArray();
        }
        return new SplitOptions(model, splits, finiteOptions);
    }

    /** The same devices with only the options marked in {@code keep} (each device keeps at least one). */
    SplitOptions restrict(boolean[][] keep) {
        return new SplitOptions(this, keep);
    }
}
