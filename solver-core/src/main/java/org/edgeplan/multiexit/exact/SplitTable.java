package org.edgeplan.multiexit.exact;

import java.util.Arrays;

import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * Split options per device for one exit set, each with the two cost terms of the closed-form-share objective:
 * {@code g} (weighted local compute and transfer) and {@code h} (the square root of the edge term's coefficient), so
 * that a vector of option indices costs {@code Σ_i g_i + (Σ_i h_i)²}. {@link #allFinite} is every split with finite
 * cost (what brute force enumerates); the exact search's {@link SplitOptions} and the formulations' split choices
 * extend it, keeping fewer options or in another order. Immutable: the rows handed to subclasses are not copies and
 * must not be changed.
 */
public class SplitTable {
    private final int[][] splits;
    private final double[][] g;
    private final double[][] h;
    private final int finiteOptions;

    /**
     * The options {@code splits[i]} of every device i, in that order, with their g and h from the model.
     *
     * @param finiteOptions options with finite cost before any reduction, summed over the devices
     */
    protected SplitTable(MultiExitCostModel model, int[][] splits, int finiteOptions) {
        int m = splits.length;
        this.splits = splits;
        g = new double[m][];
        h = new double[m][];
        for (int i = 0; i < m; i++) {
            g[i] = new double[splits[i].length];
            h[i] = new double[splits[i].length];
            for (int k = 0; k < splits[i].length; k++) {
                g[i][k] = model.g(i, splits[i][k]);
                h[i][k] = model.h(i, splits[i][k]);
            }
        }
        this.finiteOptions = finiteOptions;
    }

    /** The same options as {@code table} (the rows are shared, not copied). */
    protected SplitTable(SplitTable table) {
        splits = table.splits;
        g = table.g;
        h = table.h;
        finiteOptions = table.finiteOptions;
    }

    /** The same devices with only the options marked in {@code keep}, in order; each device keeps at least one. */
    protected SplitTable(SplitTable table, boolean[][] keep) {
        int m = table.splits.length;
        splits = new int[m][];
        g = new double[m][];
        h = new double[m][];
        for (int i = 0; i < m; i++) {
            int count = 0;
            for (boolean b : keep[i]) {
                count += b ? 1 : 0;
            }
            if (count == 0) {
                throw new IllegalArgumentException("device " + i + " would keep no option");
            }
            splits[i] = new int[count];
            g[i] = new double[count];
            h[i] = new double[count];
            int c = 0;
            for (int k = 0; k < keep[i].length; k++) {
                if (keep[i][k]) {
                    splits[i][c] = table.splits[i][k];
                    g[i][c] = table.g[i][k];
                    h[i][c] = table.h[i][k];
                    c++;
                }
            }
        }
        finiteOptions = table.finiteOptions;
    }

    /**
     * Every split with finite cost ({@code g < +Infinity}; a split that sends data over a zero-bandwidth link has
     * none), in increasing order of split, for every device.
     */
    public static SplitTable allFinite(MultiExitCostModel model) {
        int[][] splits = finiteSplits(model);
        return new SplitTable(model, splits, Arrays.stream(splits).mapToInt(a -> a.length).sum());
    }

    /** The splits with finite cost of every device, in increasing order. */
    static int[][] finiteSplits(MultiExitCostModel model) {
        int m = model.deviceCount();
        int n = model.layerCount();
        int[][] splits = new int[m][];
        for (int i = 0; i < m; i++) {
            int[] row = new int[n + 1];
            int count = 0;
            for (int s = 0; s <= n; s++) {
                if (Double.isFinite(model.g(i, s))) {
                    row[count++] = s;
                }
            }
            splits[i] = Arrays.copyOf(row, count);
        }
        return splits;
    }

    /** M. */
    public final int deviceCount() {
        return splits.length;
    }

    /** How many options device i has left (at least 1). */
    public final int optionCount(int device) {
        return splits[device].length;
    }

    /** All options left, summed over the devices. */
    public final int totalOptions() {
        return Arrays.stream(splits).mapToInt(a -> a.length).sum();
    }

    /** Options with finite cost before any reduction, summed over the devices. */
    public final int finiteOptions() {
        return finiteOptions;
    }

    /** The split point of option k of device i. */
    public final int split(int device, int option) {
        return splits[device][option];
    }

    /** The split vector of a vector of option indices. */
    public final int[] splitsOf(int[] options) {
        int[] out = new int[options.length];
        for (int i = 0; i < options.length; i++) {
            out[i] = splits[i][options[i]];
        }
        return out;
    }

    /** g_i of option k. */
    public final double g(int device, int option) {
        return g[device][option];
    }

    /** h_i of option k. */
    public final double h(int device, int option) {
        return h[device][option];
    }

    /** Σ g + (Σ h)² of a vector of option indices. */
    public final double cost(int[] options) {
        return cost(g, h, options);
    }

    /** Σ g + (Σ h)² of a vector of option indices over these rows, summed in device order. */
    protected static double cost(double[][] g, double[][] h, int[] options) {
        double gs = 0;
        double hs = 0;
        for (int i = 0; i < options.length; i++) {
            gs += g[i][options[i]];
            hs += h[i][options[i]];
        }
        return gs + hs * hs;
    }

    /** The g of every option of device i, in option order (not a copy: the exact methods' hot loops read it). */
    protected final double[] gRow(int device) {
        return g[device];
    }

    /** The h of every option of device i, in option order (not a copy). */
    protected final double[] hRow(int device) {
        return h[device];
    }

    /** The g rows of all devices, {@code [device][option]} (not a copy). */
    protected final double[][] gRows() {
        return g;
    }

    /** The h rows of all devices (not a copy). */
    protected final double[][] hRows() {
        return h;
    }
}
