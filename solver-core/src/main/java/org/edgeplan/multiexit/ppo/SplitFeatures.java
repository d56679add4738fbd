package org.edgeplan.multiexit.ppo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;

/**
 * The state the policy sees for an instance of problem A under its default exit set, before normalisation:
 * <ul>
 *   <li>global: log10 of the edge speed in TFLOP/s, the latency and the energy weight;</li>
 *   <li>per device i: log10 of its speed in GFLOP/s, compute and transmit power in W, log10 of its uplink in
 *       Mbit/s (floored at 1 kbit/s, so that an unreachable edge is a very slow link), and the exit-derived layer
 *       run probabilities ρ_i,1..ρ_i,N under the exit set (the probability that a task of device i still runs
 *       layer j).</li>
 * </ul>
 * 3 + M (4 + N) numbers. The trainer normalises them with running means and deviations stored in the policy.
 */
public final class SplitFeatures {
    private static final double MIN_BANDWIDTH_BPS = 1e3;

    private SplitFeatures() {
    }

    /** Number of features for M devices and N layers. */
    public static int count(int devices, int layers) {
        return 3 + devices * (4 + layers);
    }

    /** The features' names, in order. */
    public static List<String> names(int devices, int layers) {
        List<String> names = new ArrayList<>();
        names.add("log10EdgeTflops");
        names.add("latencyWeight");
        names.add("energyWeight");
        for (int i = 0; i < devices; i++) {
            String p = String.format(Locale.ROOT, "d%d.", i);
            names.add(p + "log10Gflops");
            names.add(p + "computeWatts");
            names.add(p + "transmitWatts");
            names.add(p + "log10Mbps");
            for (int j = 1; j <= layers; j++) {
                names.add(p + "rho" + j);
            }
        }
        return names;
    }

    /** The raw features of {@code instance} under {@code exits}. */
    public static double[] encode(MultiExitInstance instance, ExitSet exits) {
        return encode(new MultiExitCostModel(instance, exits));
    }

    /** The raw features from a cost model (which carries the instance and the exit set). */
    public static double[] encode(MultiExitCostModel model) {
        MultiExitInstance x = model.instance();
        int m = x.deviceCount();
        int n = x.layerCount();
        double[] f = new double[count(m, n)];
        int k = 0;
        f[k++] = Math.log10(x.edgeSpeedFlopsPerSecond() / 1e12);
        f[k++] = x.latencyWeight();
        f[k++] = x.energyWeight();
        for (int i = 0; i < m; i++) {
            k = device(model, i, f, k);
        }
        return f;
    }

    /**
     * The splits each device can take ({@code devices × (layers + 1)} flags, for the policy's action mask), or null
     * when every split of every device is feasible (the usual case, then the policy acts unmasked). A split is
     * infeasible when its cost is infinite: the device must send data to an edge it cannot reach (bandwidth 0).
     * Split N, the whole network on the device, always is feasible.
     */
    public static boolean[] feasibleSplits(MultiExitCostModel model) {
        int options = model.layerCount() + 1;
        boolean[] mask = new boolean[model.deviceCount() * options];
        boolean any = false;
        for (int i = 0; i < model.deviceCount(); i++) {
            for (int s = 0; s < options; s++) {
                mask[i * options + s] = Double.isFinite(model.g(i, s));
                any |= !mask[i * options + s];
            }
        }
        return any ? mask : null;
    }

    /**
     * Device i's own features from {@code f[k]} on, the part {@code ppo} and {@code ppo-general} share: log10 speed
     * (GFLOP/s), compute and transmit power (W), log10 uplink (Mbit/s, floored at 1 kbit/s), and the run probability of
     * each layer under the model's exit set. Returns the next free index.
     */
    static int device(MultiExitCostModel model, int i, double[] f, int k) {
        Device d = model.instance().devices().get(i);
        f[k++] = Math.log10(d.speedFlopsPerSecond() / 1e9);
        f[k++] = d.computePowerWatts();
        f[k++] = d.transmitPowerWatts();
        f[k++] = Math.log10(Math.max(MIN_BANDWIDTH_BPS, d.bandwidthBitsPerSecond()) / 1e6);
        for (int j = 1; j <= model.layerCount(); j++) {
            f[k++] = model.layerRunProbability(i, j);
        }
        return k;
    }
}
