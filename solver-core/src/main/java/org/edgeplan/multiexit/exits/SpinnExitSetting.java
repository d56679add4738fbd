package org.edgeplan.multiexit.exits;

import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;

/**
 * SPINN's exit rule as Ma, Wang, Tang describe it for their "SPINN-EAR" baseline: an exit at every 15 % of the
 * cumulative FLOPs (Laskaridis et al., MobiCom 2020). The rounding to layers is ours, because exits can only follow
 * a whole logical layer:
 * <ul>
 *   <li>the cumulative fraction after layer j is {@code C(j) = (w_1 + … + w_j) / (w_1 + … + w_N)} (layer FLOPs
 *       only, exit branches not counted);</li>
 *   <li>the targets are {@code t_k = k · 15 %} for k = 1, 2, … while {@code t_k < 100 %} (15, 30, 45, 60, 75,
 *       90 %);</li>
 *   <li>target {@code t_k} gets the exit after the layer whose {@code C(j)} is nearest to it, ties to the earlier
 *       layer; two targets landing on one layer give one exit, a target landing on N adds nothing (N always has
 *       the final classifier).</li>
 * </ul>
 * On VGG16 at 224×224 (13 logical layers) this gives {2, 4, 6, 7, 9, 10, 13}: C = 12.5 % after layer 2 is nearer
 * to 15 % than 18.5 % after layer 3. Rounding up instead would give {3, 4, 6, 7, 9, 10, 13}.
 * Deterministic; the seed is not used.
 */
public final class SpinnExitSetting implements ExitSetting {
    /** SPINN's interval, in percent of the total FLOPs. */
    public static final int DEFAULT_INTERVAL_PERCENT = 15;

    private final int intervalPercent;

    public SpinnExitSetting() {
        this(DEFAULT_INTERVAL_PERCENT);
    }

    /** @param intervalPercent the spacing of the exits in percent of the total FLOPs, 1..99 */
    public SpinnExitSetting(int intervalPercent) {
        if (intervalPercent < 1 || intervalPercent > 99) {
            throw new IllegalArgumentException("interval must lie in 1..99 percent, got " + intervalPercent);
        }
        this.intervalPercent = intervalPercent;
    }

    @Override
    public String name() {
        return "spinn";
    }

    @Override
    public ExitSet choose(MultiExitInstance instance, long seed) {
        return choose(instance.dnn(), intervalPercent);
    }

    /** The SPINN exit set of a DNN for an interval in percent. */
    public static ExitSet choose(MultiExitDnn dnn, int intervalPercent) {
        int n = dnn.layerCount();
        double[] cumulative = new double[n + 1];
        for (int j = 1; j <= n; j++) {
            cumulative[j] = cumulative[j - 1] + dnn.layerFlops(j);
        }
        double total = cumulative[n];
        long mask = 1L << n;
        if (total <= 0) {
            return ExitSet.fromMask(n, mask);
        }
        // Integer percent keeps the targets exact (k · 15 / 100, not repeated additions of 0.15).
        for (int k = 1; k * intervalPercent < 100; k++) {
            double target = k * intervalPercent / 100.0;
            int nearest = 1;
            double distance = Double.POSITIVE_INFINITY;
            for (int j = 1; j <= n; j++) {
                double d = Math.abs(cumulative[j] / total - target);
                if (d < distance) {
                    distance = d;
                    nearest = j;
                }
            }
            mask |= 1L << nearest;
        }
        return ExitSet.fromMask(n, mask);
    }
}
