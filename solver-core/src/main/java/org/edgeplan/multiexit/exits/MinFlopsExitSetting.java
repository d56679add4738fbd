package org.edgeplan.multiexit.exits;

import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;

/**
 * The exact exit set of least expected FLOPs ({@link ExpectedFlops}): a shortest path from node 0 to node N in the
 * segment DAG by dynamic programming over the last exit, O(N²). Ties go to the set found first (fewer, earlier
 * exits as the scan runs from low to high previous exit), so the result is deterministic; the seed is not used.
 */
public final class MinFlopsExitSetting implements ExitSetting {
    @Override
    public String name() {
        return "min-flops";
    }

    @Override
    public ExitSet choose(MultiExitInstance instance, long seed) {
        return choose(new ExpectedFlops(instance));
    }

    /** The least-EF exit set for these precomputed tables. */
    public static ExitSet choose(ExpectedFlops flops) {
        int n = flops.layerCount();
        double[] best = new double[n + 1];  // best[b]: least EF of layers 1..b when b carries an exit
        int[] previous = new int[n + 1];
        for (int b = 1; b <= n; b++) {
            best[b] = Double.POSITIVE_INFINITY;
            for (int a = 0; a < b; a++) {
                double value = best[a] + flops.segment(a, b);
                if (value < best[b]) {
                    best[b] = value;
                    previous[b] = a;
                }
            }
        }
        long mask = 0;
        for (int b = n; b > 0; b = previous[b]) {
            mask |= 1L << b;
        }
        return ExitSet.fromMask(n, mask);
    }
}
