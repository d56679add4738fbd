package org.edgeplan.multiexit.exact;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.edgeplan.core.Deadline;

/**
 * A search over the devices that still have a choice after the {@link SplitRoot}, and what it found. The devices
 * are searched in order of their h-spread, largest first (ties: identical option rows next to each other, then by
 * index), and each device's options ("children") in order of their reduced cost. The production search is the
 * Pareto search of {@link SplitBranchAndBound}; the depth-first branch and bound it replaced extends this class in
 * the tests, as an oracle and for the ablation.
 */
abstract class SplitSearch {
    /** Devices with a choice left, i.e. the search depth. */
    final int free;
    /** The device at each depth. */
    final int[] device;
    /** g of each child, {@code [depth][child]}, children sorted by reduced cost. */
    final double[][] g;
    /** h of each child. */
    final double[][] h;
    /** Reduced cost of each child. */
    final double[][] rc;
    /** Option index (h order in {@link SplitOptions}) of each child. */
    final int[][] option;
    /** Σ of the least g of the devices from each depth on. */
    final double[] sufMinG;
    /** Σ of the least h of the devices from each depth on. */
    final double[] sufMinH;
    /** The Lagrangian dual over the devices in search order. */
    final HullEvents events;
    /** The root's Lagrangian bound. */
    final double lagrRoot;
    /** Σ g of the devices with one option left, summed in device order. */
    final double fixedG;
    /** Σ h of the devices with one option left. */
    final double fixedH;
    /** Option index per device: 0 for every device, the only one of the fixed devices. */
    final int[] base;
    final SplitOptions opts;
    /** When the search must stop. */
    final Deadline deadline;
    /** Re-maximise the Lagrangian bound over λ below every node. */
    final boolean nodeLagrangian;

    /** The incumbent's cost, or the cutoff while there is none. */
    double ub;
    /** The incumbent's split vector, or null. */
    int[] incumbent;
    long nodes;
    /** True when the deadline (or a size guard) stopped the search. */
    boolean aborted;
    /** The least bound of a node pruned against the incumbent. */
    double minPruned = Double.POSITIVE_INFINITY;
    /** The least bound of a node left open when the search stopped. */
    double openMin = Double.POSITIVE_INFINITY;

    SplitSearch(SplitRoot root, Deadline deadline, boolean nodeLagrangian) {
        SplitOptions opts = root.options();
        this.opts = opts;
        this.nodeLagrangian = nodeLagrangian;
        int m = opts.deviceCount();
        this.lagrRoot = root.lagrangian();
        this.ub = root.upperBound();
        this.incumbent = root.incumbentSplits();
        this.deadline = deadline;
        double[][] rcAll = root.reducedCosts();
        base = new int[m];
        double fg = 0;
        double fh = 0;
        Integer[] freeList = IntStream.range(0, m).filter(i -> opts.optionCount(i) > 1).boxed()
                .toArray(Integer[]::new);
        for (int i = 0; i < m; i++) {
            if (opts.optionCount(i) == 1) {
                fg += opts.g(i, 0);
                fh += opts.h(i, 0);
            }
        }
        // Constant part in device order for reproducible rounding.
        fixedG = fg;
        fixedH = fh;
        Comparator<Integer> bySpread = Comparator.comparingDouble(
                (Integer i) -> -(opts.h(i, opts.optionCount(i) - 1) - opts.h(i, 0)));
        Arrays.sort(freeList, bySpread.thenComparing((x, y) -> compareRows(opts, x, y)).thenComparing(x -> x));
        free = freeList.length;
        device = new int[free];
        g = new double[free][];
        h = new double[free][];
        rc = new double[free][];
        option = new int[free][];
        double[][] gRows = new double[free][];
        double[][] hRows = new double[free][];
        for (int p = 0; p < free; p++) {
            int i = freeList[p];
            device[p] = i;
            gRows[p] = opts.gRow(i);
            hRows[p] = opts.hRow(i);
            int k = opts.optionCount(i);
            int[] order = IndexOrder.ascending(rcAll[i], k);
            g[p] = new double[k];
            h[p] = new double[k];
            rc[p] = new double[k];
            option[p] = new int[k];
            for (int c = 0; c < k; c++) {
                option[p][c] = order[c];
                g[p][c] = gRows[p][order[c]];
                h[p][c] = hRows[p][order[c]];
                rc[p][c] = rcAll[i][order[c]];
            }
        }
        sufMinG = new double[free + 1];
        sufMinH = new double[free + 1];
        for (int p = free - 1; p >= 0; p--) {
            sufMinG[p] = sufMinG[p + 1] + gRows[p][gRows[p].length - 1];
            sufMinH[p] = sufMinH[p + 1] + hRows[p][0];
        }
        events = new HullEvents(gRows, hRows);
    }

    /** Searches until done, the deadline or a size guard; leaves the outcome in the fields. */
    abstract void run();

    /** {@code G_p + Σ min g + (H_p + Σ min h)²} over the devices from {@code depth} on. */
    final double simpleBound(int depth, double gp, double hp) {
        double hs = hp + sufMinH[depth];
        return gp + sufMinG[depth] + hs * hs;
    }

    /** Orders devices by option count, then g row, then h row; 0 for identical option rows. */
    static int compareRows(SplitOptions opts, int x, int y) {
        int c = Integer.compare(opts.optionCount(x), opts.optionCount(y));
        if (c != 0) {
            return c;
        }
        c = Arrays.compare(opts.gRow(x), opts.gRow(y));
        return c != 0 ? c : Arrays.compare(opts.hRow(x), opts.hRow(y));
    }
}
