package org.edgeplan.multiexit.instances;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.profiles.ActivationPrecision;
import org.edgeplan.profiles.AlexNetProfile;
import org.edgeplan.profiles.Bottleneck;
import org.edgeplan.profiles.MobileNetV2Profile;
import org.edgeplan.profiles.ResNet50Profile;
import org.edgeplan.profiles.SplitChain;

/**
 * Deterministic problem-A families over networks computed from their architectures, with heterogeneous devices:
 * each device draws a {@link DeviceClass} (uniformly), a speed jitter (× 0.8-1.2, uniform), an uplink bandwidth
 * (log-uniform in [{@link Family#minBandwidthBitsPerSecond}, {@link Family#maxBandwidthBitsPerSecond}], 1-100 Mbit/s in
 * the shipped families) and exit probabilities ({@link ExitProbabilityModel#DEFAULT}), all from one
 * {@link SplittableRandom} seeded with the seed, in that order, five draws per device: so the same seed gives the
 * same instance, and the instance with M devices is the first M devices of every larger one. The edge server is
 * provisioned with the number of devices, F = M × {@link Family#edgeFlopsPerDevice} (so a device's economics do not
 * change with M), the weights are 0.5 / 0.5, and the default exit set is the early-exit variant's
 * ({@link SplitChain#earlyExits}) or the final exit only. Speeds are rounded to whole MFLOP/s and bandwidths to whole
 * kbit/s so the files stay short.
 *
 * <p>Not a scenario of the seed paper: families in which the split point matters (see
 * {@code docs/multi-exit-networks.md} for how many optimal splits are interior).
 */
public final class NetworkFamilies {
    /** Device counts of the shipped members of every family. */
    public static final List<Integer> SHIPPED_DEVICE_COUNTS = List.of(5, 20, 100, 1000);
    /** Seed of the shipped members. */
    public static final long SHIPPED_SEED = 1;
    /** Largest device count the generator accepts. */
    public static final int MAX_DEVICES = 100_000;

    private static final double MBITS = 1e6;
    private static final List<DeviceClass> ALL_CLASSES = List.of(DeviceClass.values());
    private static final double GFLOPS = 1e9;

    /**
     * A family: a network, how its activations travel, and the edge.
     *
     * @param name                       family name, also the folder below {@code instances/multi-exit/}
     * @param deviceClasses              the classes devices are drawn from (uniformly)
     * @param chain                      the network's split points
     * @param precision                  activation precision at a split
     * @param bottleneck                 an optional bottleneck (null for none)
     * @param earlyExitVariant           whether the default exit set is the chain's early-exit variant
     * @param edgeFlopsPerDevice         edge speed per device, FLOP/s
     * @param minBandwidthBitsPerSecond  least uplink bandwidth
     * @param maxBandwidthBitsPerSecond  largest uplink bandwidth
     */
    public record Family(String name, List<DeviceClass> deviceClasses, SplitChain chain, ActivationPrecision precision, Bottleneck bottleneck,
                         boolean earlyExitVariant, double edgeFlopsPerDevice, double minBandwidthBitsPerSecond,
                         double maxBandwidthBitsPerSecond) {
        public Family {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("family name must be lower-case letters, digits and dashes, got '"
                        + name + "'");
            }
            if (deviceClasses == null || deviceClasses.isEmpty()) {
                throw new IllegalArgumentException("family '" + name + "': needs at least one device class");
            }
            deviceClasses = List.copyOf(deviceClasses);
            Objects.requireNonNull(chain, "chain");
            if (precision == null) {
                throw new IllegalArgumentException("family '" + name + "': activation precision is null");
            }
            if (!(edgeFlopsPerDevice > 0) || Double.isInfinite(edgeFlopsPerDevice)) {
                throw new IllegalArgumentException("family '" + name + "': edge FLOP/s per device must be positive,"
                        + " got " + edgeFlopsPerDevice);
            }
            if (!(minBandwidthBitsPerSecond > 0) || !(minBandwidthBitsPerSecond <= maxBandwidthBitsPerSecond)
                    || Double.isInfinite(maxBandwidthBitsPerSecond)) {
                throw new IllegalArgumentException("family '" + name + "': bandwidths must satisfy 0 < min <= max,"
                        + " got " + minBandwidthBitsPerSecond + ", " + maxBandwidthBitsPerSecond);
            }
            chain.multiExit(precision, bottleneck); // rejects a bottleneck that does not fit the chain
        }

        /** The problem-A model of the family. */
        public MultiExitDnn dnn() {
            return chain.multiExit(precision, bottleneck);
        }

        /** The default exit set of the family's instances. */
        public ExitSet defaultExits() {
            return earlyExitVariant ? chain.earlyExitSet() : ExitSet.finalOnly(chain.splitPointCount());
        }
    }

    /**
     * The shipped families: AlexNet with int8 activations and its early-exit variant; ResNet-50 with fp16 activations,
     * a 1×1-conv bottleneck after {@code layer2.3} (512 → 32 channels, ratio 16) and its early-exit variant;
     * MobileNetV2 with int8 activations and its early-exit variant; and AlexNet again on embedded boards only
     * (Raspberry Pi 4 and Jetson Nano) on slow uplinks (1-20 Mbit/s, a crowded Wi-Fi or LTE cell): the family where
     * most optimal splits are interior. Edge: 50 GFLOP/s per device (100 for the heavier ResNet-50); bandwidths
     * 1-100 Mbit/s except where said.
     */
    public static final List<Family> FAMILIES = List.of(
            new Family("alexnet-int8-ee", ALL_CLASSES, AlexNetProfile.chain(), ActivationPrecision.INT8, null, true,
                    50 * GFLOPS, 1 * MBITS, 100 * MBITS),
            new Family("resnet50-fp16-bn-ee", ALL_CLASSES, ResNet50Profile.chain(), ActivationPrecision.FP16,
                    Bottleneck.conv1x1(ResNet50Profile.chain(), 8, 32), true, 100 * GFLOPS, 1 * MBITS, 100 * MBITS),
            new Family("mobilenetv2-int8-ee", ALL_CLASSES, MobileNetV2Profile.chain(), ActivationPrecision.INT8, null,
                    true, 50 * GFLOPS, 1 * MBITS, 100 * MBITS),
            new Family("alexnet-int8-ee-embedded", List.of(DeviceClass.RASPBERRY_PI_4, DeviceClass.JETSON_NANO),
                    AlexNetProfile.chain(), ActivationPrecision.INT8, null, true, 50 * GFLOPS, 1 * MBITS,
                    20 * MBITS));

    private NetworkFamilies() {
    }

    /**
     * A shipped family by name.
     *
     * @throws IllegalArgumentException naming the name and the known ones
     */
    public static Family family(String name) {
        for (Family f : FAMILIES) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown family '" + name + "', known: "
                + FAMILIES.stream().map(Family::name).toList());
    }

    /** The instance name of a member: {@code <family>-m<M, 4 digits>-s<seed>}. */
    public static String instanceName(Family family, int devices, long seed) {
        return String.format(Locale.ROOT, "%s-m%04d-s%d", family.name(), devices, seed);
    }

    /**
     * The member of a family with {@code devices} devices drawn from {@code seed}.
     *
     * @throws IllegalArgumentException when devices is outside 1..{@value #MAX_DEVICES}
     */
    public static MultiExitInstance generate(Family family, int devices, long seed) {
        Objects.requireNonNull(family, "family");
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("family '" + family.name() + "': device count must lie in 1.."
                    + MAX_DEVICES + ", got " + devices);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<DeviceClass> classes = family.deviceClasses();
        double logRange = Math.log(family.maxBandwidthBitsPerSecond() / family.minBandwidthBitsPerSecond());
        List<Device> list = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            DeviceClass c = classes.get(random.nextInt(classes.size()));
            double speed = Math.rint(c.speedFlopsPerSecond() * (0.8 + 0.4 * random.nextDouble()) / 1e6) * 1e6;
            double bandwidth = Math.rint(family.minBandwidthBitsPerSecond()
                    * Math.exp(logRange * random.nextDouble()) / 1e3) * 1e3;
            double[] q = ExitProbabilityModel.DEFAULT.sample(family.chain(), random);
            String deviceName = String.format(Locale.ROOT, "d%04d-%s", i + 1, c.label());
            list.add(new Device(deviceName, speed, c.computePowerWatts(), c.transmitPowerWatts(), bandwidth, q));
        }
        String name = instanceName(family, devices, seed);
        String description = String.format(Locale.ROOT,
                "Network family %s (%s, %s activations%s, default exits %s): %d devices of four classes (Raspberry Pi 4,"
                        + " Jetson Nano, Jetson Xavier NX, phone; assumed figures) with log-uniform %.0f-%.0f Mbit/s"
                        + " uplinks, edge %.0f GFLOP/s per device. Generated by"
                        + " org.edgeplan.multiexit.instances.NetworkFamilies from seed %d; do not edit.",
                family.name(), family.chain().name(), family.precision().label(),
                family.bottleneck() == null ? "" : ", bottleneck " + family.bottleneck().label(),
                family.defaultExits(), devices, family.minBandwidthBitsPerSecond() / MBITS,
                family.maxBandwidthBitsPerSecond() / MBITS, family.edgeFlopsPerDevice() / GFLOPS, seed);
        return new MultiExitInstance(name, description, family.dnn(), list, devices * family.edgeFlopsPerDevice(),
                0.5, 0.5, family.defaultExits());
    }

    /** The shipped members: path relative to {@code instances/} → instance. */
    public static Map<String, MultiExitInstance> shipped() {
        Map<String, MultiExitInstance> out = new LinkedHashMap<>();
        for (Family f : FAMILIES) {
            for (int m : SHIPPED_DEVICE_COUNTS) {
                MultiExitInstance x = generate(f, m, SHIPPED_SEED);
                out.put("multi-exit/" + f.name() + "/" + x.name() + ".json", x);
            }
        }
        return out;
    }
}
