package org.edgeplan.multiexit;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.edgeplan.core.InvalidInputException;

/**
 * A chain DNN of N logical layers, each of which may carry an early exit. Layers are numbered 1..N
 * as in the model; index 0 stands for the input.
 */
public final class MultiExitDnn {
    private final String name;
    private final List<String> layerNames;
    private final double[] layerFlops;      // [1..N], [0] unused
    private final double[] outputBytes;     // [0..N], [0] = input bytes
    private final double[] exitBranchFlops; // [1..N], exitBranchFlops[N] = 0

    /**
     * @param name            model name, e.g. {@code vgg16-224}
     * @param inputBytes      D_0, bytes of one input sample
     * @param layerNames      N names
     * @param layerFlops      w_1..w_N (FLOPs)
     * @param outputBytes     D_1..D_N (bytes)
     * @param exitBranchFlops c_1..c_N (FLOPs of the exit branch after each layer; c_N must be 0)
     */
    public MultiExitDnn(String name, double inputBytes, List<String> layerNames, double[] layerFlops,
                        double[] outputBytes, double[] exitBranchFlops) {
        this.name = Objects.requireNonNull(name, "name");
        int n = layerNames.size();
        if (n == 0) {
            throw new InvalidInputException("model '" + name + "': needs at least one layer");
        }
        if (n > 62) {
            throw new InvalidInputException("model '" + name + "': at most 62 logical layers are supported, got " + n);
        }
        if (layerFlops.length != n || outputBytes.length != n || exitBranchFlops.length != n) {
            throw new InvalidInputException("model '" + name + "': layer arrays disagree in length");
        }
        requireNonNegative(inputBytes, "input bytes");
        this.layerNames = List.copyOf(layerNames);
        this.layerFlops = new double[n + 1];
        this.outputBytes = new double[n + 1];
        this.exitBranchFlops = new double[n + 1];
        this.outputBytes[0] = inputBytes;
        for (int j = 1; j <= n; j++) {
            String where = "layer " + j + " (" + layerNames.get(j - 1) + ")";
            this.layerFlops[j] = requireNonNegative(layerFlops[j - 1], where + " flops");
            this.outputBytes[j] = requireNonNegative(outputBytes[j - 1], where + " output bytes");
            this.exitBranchFlops[j] = requireNonNegative(exitBranchFlops[j - 1], where + " exit branch flops");
        }
        // The final classifier is part of layer N: its exit branch costs nothing extra.
        this.exitBranchFlops[n] = 0.0;
    }

    private double requireNonNegative(double value, String what) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidInputException("model '" + name + "': " + what + " must be a finite number >= 0, got " + value);
        }
        return value;
    }

    public String name() {
        return name;
    }

    /** N, the number of logical layers. */
    public int layerCount() {
        return layerNames.size();
    }

    /** Name of layer j (1-based). */
    public String layerName(int j) {
        return layerNames.get(j - 1);
    }

    public List<String> layerNames() {
        return layerNames;
    }

    /** w_j, FLOPs of layer j (1-based). */
    public double layerFlops(int j) {
        checkLayer(j);
        return layerFlops[j];
    }

    /** D_j, bytes leaving layer j; j = 0 is the input. */
    public double outputBytes(int j) {
        if (j < 0 || j > layerCount()) {
            throw new IndexOutOfBoundsException("layer " + j);
        }
        return outputBytes[j];
    }

    /** c_j, FLOPs of the exit branch after layer j (0 for j = N). */
    public double exitBranchFlops(int j) {
        checkLayer(j);
        return exitBranchFlops[j];
    }

    /** Total FLOPs of all layers, without exit branches. */
    public double totalFlops() {
        return Arrays.stream(layerFlops).sum();
    }

    /** Equal when name, layer names and every number are equal (used by round-trip checks). */
    @Override
    public boolean equals(Object o) {
        return o instanceof MultiExitDnn d && d.name.equals(name) && d.layerNames.equals(layerNames)
                && Arrays.equals(d.layerFlops, layerFlops) && Arrays.equals(d.outputBytes, outputBytes)
                && Arrays.equals(d.exitBranchFlops, exitBranchFlops);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, layerNames, Arrays.hashCode(layerFlops), Arrays.hashCode(outputBytes),
                Arrays.hashCode(exitBranchFlops));
    }

    @Override
    public String toString() {
        return "MultiExitDnn[" + name + ", " + layerCount() + " layers]";
    }

    private void checkLayer(int j) {
        if (j < 1 || j > layerCount()) {
            throw new IndexOutOfBoundsException("layer " + j + " of " + layerCount());
        }
    }
}
