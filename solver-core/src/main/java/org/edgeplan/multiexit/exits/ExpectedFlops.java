package org.edgeplan.multiexit.exits;

import java.util.Objects;

import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;

/**
 * The objective of exit setting: the expected FLOPs of one task, averaged over the instance's devices (each device
 * sends one task stream, so each counts once), wherever the layers run:
 * <pre>
 *   EF(E) = (1/M) Σ_i Σ_{j=1..N} ρ_i,j(E) · (w_j + x_j c_j)
 * </pre>
 * with {@code ρ_i,j} as in the multi-exit model ({@code MultiExitCostModel}; it equals the model's
 * {@code edgeFlops(i, 0)} averaged over i). Because ρ only changes at exits, the sum splits into segments between
 * consecutive exits {@code a < b} (a = 0 or an exit, b the next exit):
 * <pre>
 *   segment(a, b) = S̄(a) · (W(a, b) + c_b),   S̄(a) = (1/M) Σ_i max(0, 1 − Σ_{k ≤ a} q_i,k),
 * </pre>
 * {@code W(a, b) = Σ_{j=a+1..b} w_j}, so {@code EF(E)} is the length of the path {@code 0 → e_1 → … → N} in a
 * DAG on the nodes 0..N. Built once per instance; queries are O(1) per segment.
 */
public final class ExpectedFlops {
    private final int n;
    private final double[] prefixFlops;   // W(0, j)
    private final double[] branchFlops;   // c_j, c_N = 0
    private final double[] survival;      // S̄(a), a = 0..N

    public ExpectedFlops(MultiExitInstance instance) {
        Objects.requireNonNull(instance, "instance");
        MultiExitDnn dnn = instance.dnn();
        n = dnn.layerCount();
        prefixFlops = new double[n + 1];
        branchFlops = new double[n + 1];
        for (int j = 1; j <= n; j++) {
            prefixFlops[j] = prefixFlops[j - 1] + dnn.layerFlops(j);
            branchFlops[j] = dnn.exitBranchFlops(j);
        }
        survival = new double[n + 1];
        int m = instance.deviceCount();
        for (Device d : instance.devices()) {
            double exited = 0;
            for (int a = 0; a <= n; a++) {
                if (a > 0) {
                    exited += d.exitProbability(a);
                }
                // Same clamp as the cost model, so both agree to the last bit on rounded distributions.
                survival[a] += Math.max(0.0, 1.0 - exited) / m;
            }
        }
    }

    /** N. */
    public int layerCount() {
        return n;
    }

    /** Mean probability that a task is still running after an exit at layer a (a = 0: no exit yet, 1). */
    public double survival(int a) {
        return survival[a];
    }

    /** W(a, b) = w_{a+1} + … + w_b, the layer FLOPs between two layers (exit branches not included). */
    public double layerFlopsBetween(int a, int b) {
        return prefixFlops[b] - prefixFlops[a];
    }

    /** c_j, the FLOPs of the exit branch after layer j (0 for j = N). */
    public double branchFlops(int j) {
        return branchFlops[j];
    }

    /** Expected FLOPs of layers a+1..b plus the exit branch at b, when a is the previous exit (or 0). */
    public double segment(int a, int b) {
        if (a < 0 || b <= a || b > n) {
            throw new IllegalArgumentException("segment (" + a + ", " + b + "] outside 0.." + n);
        }
        return survival[a] * (prefixFlops[b] - prefixFlops[a] + branchFlops[b]);
    }

    /** EF(E), the expected FLOPs per task averaged over the devices. */
    public double of(ExitSet exits) {
        if (exits.layerCount() != n) {
            throw new IllegalArgumentException("exit set for " + exits.layerCount() + " layers, model has " + n);
        }
        double total = 0;
        int previous = 0;
        for (int b : exits.layers()) {
            total += segment(previous, b);
            previous = b;
        }
        return total;
    }
}
