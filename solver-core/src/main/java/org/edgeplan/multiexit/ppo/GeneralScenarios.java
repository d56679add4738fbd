package org.edgeplan.multiexit.ppo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.instances.DeviceClass;
import org.edgeplan.multiexit.instances.ExitProbabilityModel;
import org.edgeplan.multiexit.instances.NetworkFamilies;

/**
 * Where the generalising policy's training instances come from: every episode a fresh instance of one network.
 * {@link #family} draws whole scenarios (device count, bandwidth mix, device mix, exit set); {@link #subsets} draws
 * subsets of one instance's devices (the solver's in-process training).
 */
public final class GeneralScenarios {
    private GeneralScenarios() {
    }

    /** Draws an instance from the generator it is given (and from nothing else). */
    public interface Sampler {
        MultiExitInstance next(SplittableRandom random);
    }

    /**
     * Scenarios of one network family: M uniform in {@code [minDevices, maxDevices]}; a bandwidth mix (a range
     * {@code [lo, hi]} whose ends are drawn log-uniformly in {@code [minMbps, maxMbps]}, then each device's uplink
     * log-uniform in it); a device mix (weights over the family's device classes, each an exponential draw, then
     * each device's class by those weights, its speed jittered × U(0.8, 1.2) as the family does, its exit
     * probabilities from {@link ExitProbabilityModel#DEFAULT}); and an exit set (the family's default with probability
     * 1/2, else each of the split points 1..N−1 an exit with probability 1/2, N always). The edge is the family's per
     * device times M, the weights 0.5 / 0.5, as in {@link NetworkFamilies}.
     */
    public static Sampler family(NetworkFamilies.Family family, int minDevices, int maxDevices, double minMbps,
                                 double maxMbps) {
        if (minDevices < 1 || maxDevices < minDevices) {
            throw new InvalidInputException("device counts must satisfy 1 <= min <= max, got " + minDevices + ".."
                    + maxDevices);
        }
        if (!(minMbps > 0) || !(maxMbps >= minMbps) || Double.isInfinite(maxMbps)) {
            throw new InvalidInputException("bandwidths must satisfy 0 < min <= max Mbit/s, got " + minMbps + ".."
                    + maxMbps);
        }
        List<DeviceClass> classes = family.deviceClasses();
        int n = family.chain().splitPointCount();
        double logLo = Math.log(minMbps);
        double logHi = Math.log(maxMbps);
        return random -> {
            int m = minDevices + random.nextInt(maxDevices - minDevices + 1);
            double b1 = logLo + (logHi - logLo) * random.nextDouble();
            double b2 = logLo + (logHi - logLo) * random.nextDouble();
            double lo = Math.min(b1, b2);
            double hi = Math.max(b1, b2);
            double[] weights = new double[classes.size()];
            double total = 0;
            for (int c = 0; c < weights.length; c++) {
                weights[c] = -Math.log(1.0 - random.nextDouble());
                total += weights[c];
            }
            List<Device> devices = new ArrayList<>(m);
            for (int i = 0; i < m; i++) {
                double u = random.nextDouble() * total;
                int c = 0;
                while (c < weights.length - 1 && u >= weights[c]) {
                    u -= weights[c];
                    c++;
                }
                DeviceClass dc = classes.get(c);
                double speed = dc.speedFlopsPerSecond() * (0.8 + 0.4 * random.nextDouble());
                double bandwidth = Math.exp(lo + (hi - lo) * random.nextDouble()) * 1e6;
                double[] q = ExitProbabilityModel.DEFAULT.sample(family.chain(), random);
                devices.add(new Device(String.format(Locale.ROOT, "d%d-%s", i + 1, dc.label()), speed,
                        dc.computePowerWatts(), dc.transmitPowerWatts(), bandwidth, q));
            }
            ExitSet exits;
            if (random.nextBoolean()) {
                exits = family.defaultExits();
            } else {
                List<Integer> layers = new ArrayList<>();
                for (int j = 1; j < n; j++) {
                    if (random.nextBoolean()) {
                        layers.add(j);
                    }
                }
                layers.add(n);
                exits = ExitSet.ofExactly(n, layers);
            }
            return new MultiExitInstance(family.name() + "-training", "", family.dnn(), devices,
                    m * family.edgeFlopsPerDevice(), 0.5, 0.5, exits);
        };
    }

    /**
     * Subsets of one instance's devices: M' uniform in {@code [min(2, M), min(maxDevices, M)]} devices drawn without
     * replacement, the edge scaled to M' / M of the instance's (so a device's share of it is unchanged), the same
     * weights and exit set.
     */
    public static Sampler subsets(MultiExitInstance instance, int maxDevices) {
        int m = instance.deviceCount();
        int hi = Math.min(maxDevices, m);
        int lo = Math.min(2, hi);
        List<Device> all = instance.devices();
        return random -> {
            int k = lo + random.nextInt(hi - lo + 1);
            int[] index = new int[m];
            for (int i = 0; i < m; i++) {
                index[i] = i;
            }
            List<Device> chosen = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(m - i);
                int t = index[i];
                index[i] = index[j];
                index[j] = t;
                chosen.add(all.get(index[i]));
            }
            return new MultiExitInstance(instance.name() + "-subset", "", instance.dnn(), chosen,
                    instance.edgeSpeedFlopsPerSecond() * k / m, instance.latencyWeight(), instance.energyWeight(),
                    instance.defaultExits());
        };
    }
}
