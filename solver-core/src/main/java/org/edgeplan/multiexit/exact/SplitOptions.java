package org.edgeplan.multiexit.exact;

import java.util.ArrayList;
import java.util.Arrays;
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
public final class SplitOptions {
    private final int[][] splits;
    private final double[][] g;
    private final double[][] h;
    private final int finiteOptions;

    private SplitOptions(int[][] splits, double[][] g, double[][] h, int finiteOptions) {
        this.splits = splits;
        this.g = g;
        this.h = h;
        this.finiteOptions = finiteOptions;
    }

    /** The non-dominated finite options of every device under the model's exit set. */
    public static SplitOptions of(MultiExitCostModel model) {
        int m = model.deviceCount();
        int n = model.layerCount();
        int[][] splits = new int[m][];
        double[][] g = new double[m][];
        double[][] h = new double[m][];
        int finite = 0;
        for (int i = 0; i < m; i++) {
            List<Integer> cands = new ArrayList<>();
            for (int s = n; s >= 0; s--) {
                if (Double.isFinite(model.g(i, s))) {
                    cands.add(s);
                }
            }
            finite += cands.size();
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
            g[i] = new double[kept.size()];
            h[i] = new double[kept.size()];
            for (int k = 0; k < kept.size(); k++) {
                g[i][k] = model.g(i, kept.get(k));
                h[i][k] = model.h(i, kept.get(k));
            }
        }
        return new SplitOptions(splits, g, h, finite);
    }

    /** The same devices with only the options marked in {@code keep} (each device keeps at least one). */
    SplitOptions restrict(boolean[][] keep) {
        int m = splits.length;
        int[][] s2 = new int[m][];
        double[][] g2 = new double[m][];
        double[][] h2 = new double[m][];
        for (int i = 0; i < m; i++) {
            int count = 0;
            for (boolean b : keep[i]) {
                count += b ? 1 : 0;
            }
            if (count == 0) {
                throw new IllegalArgumentException("device " + i + " would keep no option");
            }
            s2[i] = new int[count];
            g2[i] = new double[count];
            h2[i] = new double[count];
            int c = 0;
            for (int k = 0; k < keep[i].length; k++) {
                if (keep[i][k]) {
                    s2[i][c] = splits[i][k];
                    g2[i][c] = g[i][k];
                    h2[i][c] = h[i][k];
                    c++;
                }
            }
        }
        return new SplitOptions(s2, g2, h2, finiteOptions);
    }

    /** M. */
    public int deviceCount() {
        return splits.length;
    }

    /** How many options device i has left. */
    public int optionCount(int device) {
        return splits[device].length;
    }

    /** All options left, summed over the devices. */
    public int totalOptions() {
        return Arrays.stream(splits).mapToInt(a -> a.length).sum();
    }

    /** Options with finite cost before dominance was applied, summed over the devices. */
    public int finiteOptions() {
        return finiteOptions;
    }

    /** The split point of option k of device i. */
    public int split(int device, int option) {
        return splits[device][option];
    }

    /** The split vector of a vector of option indices. */
    public int[] splitsOf(int[] options) {
        int[] out = new int[options.length];
        for (int i = 0; i < options.length; i++) {
            out[i] = splits[i][options[i]];
        }
        return out;
    }

    /** g_i of option k. */
    public double g(int device, int option) {
        return g[device][option];
    }

    /** h_i of option k. */
    public double h(int device, int option) {
        return h[device][option];
    }

    /** Σ g + (Σ h)² of a vector of option indices. */
    public double cost(int[] options) {
        double gs = 0;
        double hs = 0;
        for (int i = 0; i < options.length; i++) {
            gs += g[i][options[i]];
            hs += h[i][options[i]];
        }
        return gs + hs * hs;
    }

    /** The g of every option of device i, in option order (not a copy: the exact methods' hot loops read it). */
    double[] gRow(int device) {
        return g[device];
    }

    /** The h of every option of device i, in option order (not a copy). */
    double[] hRow(int device) {
        return h[device];
    }
}
