package org.edgeplan.multiexit;

import java.util.Objects;

/**
 * The expected-cost tables of problem A for one exit set, precomputed once so that a plan is scored in O(M).
 *
 * <p>For device i and split s: {@code g(i, s)} is the weighted cost of local compute and transfer,
 * {@code a(i, s) = wT · E[edge FLOPs] / F} the coefficient of the edge term, so that
 * {@code cost = Σ_i g(i, s_i) + a(i, s_i) / r_i}. Tables are indexed {@code [i][s]}, s = 0..N.
 * This is the reconstruction in {@code docs/models/multi-exit-model.md}.
 */
public final class MultiExitCostModel {
    private final MultiExitInstance instance;
    private final ExitSet exits;
    private final int m;
    private final int n;
    private final double[][] rho;            // [i][j], j = 1..N+1
    private final double[][] localSeconds;   // [i][s]
    private final double[][] transferSeconds;
    private final double[][] edgeFlops;      // expected FLOPs run on the edge
    private final double[][] g;
    private final double[][] a;

    public MultiExitCostModel(MultiExitInstance instance, ExitSet exits) {
        this(instance, exits, Objects.requireNonNull(instance, "instance").layerCount());
    }

    /**
     * A relaxation for branching on the exit set: tables that are lower bounds, entry by entry, on those of every
     * exit set that agrees with {@code prefix} on layers {@code 1..decidedBelow−1} (the later layers' exits are
     * undecided; N always has one). Why they are lower bounds: every table is a sum of nonnegative terms
     * {@code ρ_j · work_j} (FLOPs) or {@code ρ_{s+1} · bytes} with nonnegative weights, {@code ρ_j} is smallest when
     * layer j−1 has an exit (a task leaves at the first exit at or after its own layer, so the last exit at or before
     * j−1 is then j−1 itself, the largest possible), and {@code work_j} is smallest without the exit branch. So each
     * undecided layer gets both its smallest run probability and its work without branch, whichever exit set they come
     * from; with {@code decidedBelow = N} this is the exit set's own model. Every bound that is nondecreasing in the
     * tables (the Lagrangian bound is) computed on it is a lower bound for all exit sets of the subtree.
     */
    public static MultiExitCostModel relaxation(MultiExitInstance instance, ExitSet prefix, int decidedBelow) {
        if (decidedBelow < 1 || decidedBelow > instance.layerCount()) {
            throw new IllegalArgumentException("decidedBelow must lie in 1.." + instance.layerCount() + ", got "
                    + decidedBelow);
        }
        return new MultiExitCostModel(instance, prefix, decidedBelow);
    }

    private MultiExitCostModel(MultiExitInstance instance, ExitSet exits, int decidedBelow) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.exits = Objects.requireNonNull(exits, "exits");
        if (exits.layerCount() != instance.layerCount()) {
            throw new IllegalArgumentException("exit set for " + exits.layerCount() + " layers, model has "
                    + instance.layerCount());
        }
        MultiExitDnn dnn = instance.dnn();
        m = instance.deviceCount();
        n = dnn.layerCount();
        rho = new double[m][n + 2];
        localSeconds = new double[m][n + 1];
        transferSeconds = new double[m][n + 1];
        edgeFlops = new double[m][n + 1];
        g = new double[m][n + 1];
        a = new double[m][n + 1];
        double wT = instance.latencyWeight();
        double wE = instance.energyWeight();
        double edgeSpeed = instance.edgeSpeedFlopsPerSecond();
        // work[j] = w_j + x_j c_j: the FLOPs of layer j plus its exit branch when it has one.
        double[] work = new double[n + 1];
        for (int j = 1; j <= n; j++) {
            boolean decided = j < decidedBelow || j == n;
            work[j] = dnn.layerFlops(j) + (decided && exits.contains(j) ? dnn.exitBranchFlops(j) : 0.0);
        }
        for (int i = 0; i < m; i++) {
            Device d = instance.devices().get(i);
            // rho_i,j = 1 - sum_{k <= phi(j-1)} q_i,k: a task leaves at the first exit at or after its own layer.
            double exited = 0;
            int counted = 0;
            for (int j = 1; j <= n + 1; j++) {
                int phi = j - 1 >= decidedBelow ? j - 1 : exits.lastExitAtOrBefore(j - 1);
                while (counted < phi) {
                    counted++;
                    exited += d.exitProbability(counted);
                }
                rho[i][j] = j == n + 1 ? 0.0 : Math.max(0.0, 1.0 - exited);
            }
            double[] suffix = new double[n + 2];
            for (int j = n; j >= 1; j--) {
                suffix[j] = suffix[j + 1] + rho[i][j] * work[j];
            }
            double localFlops = 0;
            for (int s = 0; s <= n; s++) {
                if (s > 0) {
                    localFlops += rho[i][s] * work[s];
                }
                double tLoc = localFlops / d.speedFlopsPerSecond();
                double tTr;
                if (s == n || rho[i][s + 1] == 0.0) {
                    tTr = 0.0;
                } else if (d.bandwidthBitsPerSecond() == 0.0) {
                    // No link: the edge is unreachable, even when the activation at this split has 0 bytes.
                    tTr = Double.POSITIVE_INFINITY;
                } else {
                    tTr = rho[i][s + 1] * 8.0 * dnn.outputBytes(s) / d.bandwidthBitsPerSecond();
                }
                localSeconds[i][s] = tLoc;
                transferSeconds[i][s] = tTr;
                edgeFlops[i][s] = suffix[s + 1];
                g[i][s] = wT * (tLoc + tTr) + wE * (d.computePowerWatts() * tLoc + d.transmitPowerWatts() * tTr);
                a[i][s] = wT * suffix[s + 1] / edgeSpeed;
            }
        }
    }

    public MultiExitInstance instance() {
        return instance;
    }

    public ExitSet exits() {
        return exits;
    }

    public int deviceCount() {
        return m;
    }

    public int layerCount() {
        return n;
    }

    /** rho_i,j: probability that layer j (1..N+1) runs for a task of device i. */
    public double layerRunProbability(int device, int layer) {
        return rho[device][layer];
    }

    public double localSeconds(int device, int split) {
        return localSeconds[device][split];
    }

    public double transferSeconds(int device, int split) {
        return transferSeconds[device][split];
    }

    /** Expected FLOPs that device i's task runs on the edge for split s. */
    public double edgeFlops(int device, int split) {
        return edgeFlops[device][split];
    }

    /** Whether split s sends work to the edge (so the device needs a positive share). */
    public boolean needsEdge(int device, int split) {
        return edgeFlops[device][split] > 0.0;
    }

    /** g_i(s): weighted local + transfer cost (+Infinity when the edge is unreachable and needed). */
    public double g(int device, int split) {
        return g[device][split];
    }

    /** a_i(s) = wT · E[edge FLOPs] / F. */
    public double a(int device, int split) {
        return a[device][split];
    }

    /** h_i(s) = sqrt(a_i(s)); with optimal shares the edge term is (Σ h_i)². */
    public double h(int device, int split) {
        return Math.sqrt(a[device][split]);
    }

    /**
     * The total cost of a plan under this exit set, or +Infinity if it is infeasible. Allocation-free: this is
     * the hot path of every search method.
     */
    public double cost(int[] splits, double[] shares) {
        double total = 0;
        double shareSum = 0;
        for (int i = 0; i < m; i++) {
            int s = splits[i];
            if (s < 0 || s > n) {
                return Double.POSITIVE_INFINITY;
            }
            double r = shares[i];
            if (!(r >= 0) || r > 1) {
                return Double.POSITIVE_INFINITY;
            }
            shareSum += r;
            total += deviceCost(i, s, r);
        }
        return shareSum <= 1.0 + SHARE_TOLERANCE ? total : Double.POSITIVE_INFINITY;
    }

    /** Tolerance on Σ r_i ≤ 1, for rounding in plans written as decimal text. */
    public static final double SHARE_TOLERANCE = 1e-9;

    /** The weighted cost of one device for split s and share r (+Infinity if infeasible). */
    public double deviceCost(int device, int split, double share) {
        double cost = g[device][split];
        if (edgeFlops[device][split] > 0.0) {
            if (!(share > 0)) {
                return Double.POSITIVE_INFINITY;
            }
            cost += a[device][split] / share;
        }
        return cost;
    }
}
