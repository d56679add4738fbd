package org.edgeplan.multiexit.baselines;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;

/**
 * The paper's "FP-AR" (fixed partitioning, resource allocation): ACO exits ({@link AntColonyExitSetting}), every
 * device split after layer {@link #SPLIT} ("the partitioning layer for each model is randomly set to 6"; after layer
 * N when the model is shorter), and the best of {@link #SAMPLES} random allocations of the edge ("1000 exhaustive
 * search iterations, and the optimal resource allocation scheme is selected").
 *
 * <p>Each allocation is drawn uniformly from the simplex over the devices that run layers on the edge (flat
 * Dirichlet: normalised standard exponentials); devices with nothing to offload get 0. The draws come from a
 * {@link SplittableRandom} seeded from {@link SolverSettings#seed()}, so a seed gives one plan. Statistics: the
 * best and the mean cost of the samples, and for comparison the cost of the same splits with the closed-form
 * optimal shares ({@link OptimalShares}), which no sample can beat.
 */
public final class FixedPartitionRandomAllocationSolver extends ExitFirstSolver {
    /** The fixed split layer of the paper. */
    public static final int SPLIT = 6;
    /** Random allocations tried. */
    public static final int SAMPLES = 1000;

    // Decorrelates the allocation draws from the ACO's stream, which is seeded with the same seed.
    private static final long STREAM = 0x6A09E667F3BCC909L;

    public FixedPartitionRandomAllocationSolver() {
        super("fp-ar", "paper baseline FP-AR: ACO exits, split after layer 6 for every device, best of 1000 seeded"
                + " random (flat Dirichlet) edge allocations", new AntColonyExitSetting(),
                FixedPartitionRandomAllocationSolver::randomAllocations);
    }

    /** The fixed split for every device and the best of the random allocations (seeded by the settings). */
    private static Decision randomAllocations(MultiExitCostModel model, SolverSettings settings, Deadline deadline) {
        int m = model.deviceCount();
        int split = Math.min(SPLIT, model.layerCount());
        int[] splits = MultiExitBaselines.sameSplit(m, split);
        boolean[] users = new boolean[m];
        int userCount = 0;
        for (int i = 0; i < m; i++) {
            users[i] = model.needsEdge(i, split);
            userCount += users[i] ? 1 : 0;
        }
        SplittableRandom random = new SplittableRandom(settings.seed() ^ STREAM);
        double[] shares = new double[m];
        double[] best = new double[m];
        double bestCost = Double.POSITIVE_INFINITY;
        double sum = 0;
        int samples = userCount == 0 ? 1 : SAMPLES; // nothing to allocate: one plan, all shares 0
        int drawn = 0;
        for (int k = 0; k < samples; k++) {
            if (k > 0 && deadline.expired()) {
                break; // each sample costs O(M): on large instances the deadline can strike before all are drawn
            }
            drawn++;
            double total = 0;
            for (int i = 0; i < m; i++) {
                // 1 − u lies in (0, 1], so the exponential is finite.
                shares[i] = users[i] ? -Math.log(1.0 - random.nextDouble()) : 0.0;
                total += shares[i];
            }
            for (int i = 0; i < m; i++) {
                shares[i] = total > 0 ? shares[i] / total : 0.0;
            }
            double cost = model.cost(splits, shares);
            sum += cost;
            if (cost < bestCost) {
                bestCost = cost;
                System.arraycopy(shares, 0, best, 0, m);
            }
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("split", split);
        stats.put("samples", drawn);
        stats.put("bestSampleCost", bestCost);
        stats.put("meanSampleCost", sum / drawn);
        stats.put("optimalSharesCost", OptimalShares.costForSplits(model, splits));
        return new Decision(splits, best, stats, drawn < samples ? String.format(Locale.ROOT,
                "time limit after %d of %d random allocations", drawn, samples) : "");
    }
}
