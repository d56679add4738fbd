package org.edgeplan.multiexit.ppo;

import java.util.ArrayList;
import java.util.List;

import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;

/**
 * The state the generalising policy ({@code ppo-general}) sees, before normalisation: one row per device and a few
 * global numbers, none of which grows with the number of devices M, so that the same weights read any M.
 * <ul>
 *   <li>per device i (4N + 8 numbers for N split points): log10 of its speed in GFLOP/s, compute and transmit
 *       power in W, log10 of its uplink in Mbit/s (floored at 1 kbit/s); the exit-derived run probabilities ρ_i,1..N
 *       of the layers under the instance's exit set; and three cost curves over the splits s = 0..N from the cost
 *       model, each divided by the device's own device-only cost R_i = g_i(N) and given as log10 (ratios floored at
 *       {@value #FLOOR}; non-finite or above {@value #CAP}, e.g. an unreachable edge, at {@value #CAP}): the local and
 *       transfer cost {@code g_i(s)}, the edge cost with an equal share {@code M · a_i(s)}, and the marginal edge cost
 *       at an estimated price, {@code 2 H₀ h_i(s)}, with {@code H₀ = Σ_k h_k(ŝ_k)} for ŝ_k each device's best split
 *       with an equal share (the optimum's H differs; the pooled context has to correct it); then log10 R_i.</li>
 *   <li>global: the latency and energy weights, and log10 of the edge speed per device in GFLOP/s.</li>
 * </ul>
 * With optimal shares the cost is {@code Σ g_i(s_i) + (Σ h_i(s_i))²}, so device i's best split given the others is
 * the minimiser of {@code g_i(s) + 2 H h_i(s)} (nearly): the curves give the policy both terms on one scale and leave it
 * to infer the price H from the pooled context.
 */
public final class GeneralFeatures {
    /** Cap on the cost ratios (an unreachable edge has infinite transfer cost). */
    public static final double CAP = 100.0;
    /** Floor on the cost ratios before their logarithm. */
    public static final double FLOOR = 1e-4;
    /** Global features. */
    public static final int GLOBAL = 3;

    private GeneralFeatures() {
    }

    /** Features per device for N split points. */
    public static int perDevice(int layers) {
        return 4 * layers + 8;
    }

    /** The names of the per-device features, in order. */
    public static List<String> deviceNames(int layers) {
        List<String> names = new ArrayList<>(List.of("log10Gflops", "computeWatts", "transmitWatts", "log10Mbps"));
        for (int j = 1; j <= layers; j++) {
            names.add("rho" + j);
        }
        for (String curve : List.of("localCost", "equalShareEdgeCost", "allOffloadPriceEdgeCost")) {
            for (int s = 0; s <= layers; s++) {
                names.add(curve + s);
            }
        }
        names.add("log10DeviceOnlyCost");
        return names;
    }

    /** The names of the global features, in order. */
    public static List<String> globalNames() {
        return List.of("latencyWeight", "energyWeight", "log10EdgeGflopsPerDevice");
    }

    /** The per-device rows of a cost model (carrying the instance and the exit set). */
    public static double[][] devices(MultiExitCostModel model) {
        MultiExitInstance x = model.instance();
        int m = x.deviceCount();
        int n = x.layerCount();
        // The price estimate: H of the plan where every device takes its best split with an equal share of the edge.
        double h0 = 0;
        for (int i = 0; i < m; i++) {
            int best = n;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int s = 0; s <= n; s++) {
                double c = model.g(i, s) + m * model.a(i, s);
                if (c < bestCost) {
                    bestCost = c;
                    best = s;
                }
            }
            h0 += model.h(i, best);
        }
        double[][] rows = new double[m][perDevice(n)];
        for (int i = 0; i < m; i++) {
            double[] f = rows[i];
            int k = SplitFeatures.device(model, i, f, 0);
            double reference = model.g(i, n);
            if (!(reference > 0) || Double.isInfinite(reference)) {
                reference = 1.0; // a device whose own cost is 0 or overflows: the ratios are then absolute costs
            }
            for (int s = 0; s <= n; s++) {
                f[k++] = capped(model.g(i, s) / reference);
            }
            for (int s = 0; s <= n; s++) {
                f[k++] = capped(m * model.a(i, s) / reference);
            }
            for (int s = 0; s <= n; s++) {
                f[k++] = capped(2 * h0 * model.h(i, s) / reference);
            }
            f[k] = Math.log10(reference);
        }
        return rows;
    }

    /** The global features of an instance. */
    public static double[] global(MultiExitInstance x) {
        return new double[] {x.latencyWeight(), x.energyWeight(),
            Math.log10(x.edgeSpeedFlopsPerSecond() / x.deviceCount() / 1e9)};
    }

    private static double capped(double v) {
        return Double.isNaN(v) || v > CAP ? Math.log10(CAP) : Math.log10(Math.max(FLOOR, v));
    }
}
