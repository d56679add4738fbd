package org.edgeplan.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.testing.ProjectRoot;

/**
 * Problem A instances for tests: a hand-checkable one, the shipped scenarios, seeded random ones (magnitudes like
 * VGG16 on a Wi-Fi link) in two seedings, and near copies of one device (hard for Lagrangian methods: many ties).
 * Each generator gives bitwise the instances the tests and the published performance tables were measured on.
 */
public final class MultiExitFixtures {
    private MultiExitFixtures() {
    }

    /**
     * Two layers: w = (100, 200) FLOPs, D = (10, 5, 1) bytes, exit branch after layer 1 costs 50 FLOPs. One device:
     * f = 10 FLOP/s, Pc = 2 W, Pt = 1 W, B = 80 bit/s, q = (0.4, 0.6). Edge F = 100 FLOP/s, weights 0.5 / 0.5.
     */
    public static MultiExitInstance tiny() {
        MultiExitDnn dnn = new MultiExitDnn("tiny", 10, List.of("l1", "l2"), new double[] {100, 200},
                new double[] {5, 1}, new double[] {50, 0});
        Device d = new Device("d0", 10, 2, 1, 80, new double[] {0.4, 0.6});
        return new MultiExitInstance("tiny", "hand-checked", dnn, List.of(d), 100, 0.5, 0.5, ExitSet.of(2, 1));
    }

    /** A shipped problem-A instance, e.g. {@code ma2025-video}. */
    public static MultiExitInstance shipped(String name) {
        return InstanceIo.readMultiExit(ProjectRoot.instances().resolve("multi-exit").resolve(name + ".json"));
    }

    /** A seeded random instance with {@code m} devices and {@code n} layers and a random exit set. */
    public static MultiExitInstance random(long seed, int m, int n) {
        return random(new SplittableRandom(seed), m, n, 1, "random-" + seed, "seeded random");
    }

    /**
     * The formulation tests' seeding of {@link #random(long, int, int)} (the generator mixes in {@code m}), with the
     * edge {@code edgeSlowdown} times slower.
     */
    public static MultiExitInstance generated(long seed, int m, int n, double edgeSlowdown) {
        return random(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + m), m, n, edgeSlowdown, "gen-" + seed + "-m" + m,
                "seeded random (formulation tests)");
    }

    /**
     * {@code n} layers drawn from {@code rnd} in a fixed order: FLOPs in [1e8, 4e9], outputs in [4 kB, 10 MB], exit
     * branches in [1e5, 4e6] FLOPs (none after the last layer).
     */
    public static MultiExitDnn randomLayers(SplittableRandom rnd, int n, String name, double inputBytes) {
        List<String> names = new ArrayList<>();
        double[] flops = new double[n];
        double[] out = new double[n];
        double[] exit = new double[n];
        for (int j = 0; j < n; j++) {
            names.add("l" + (j + 1));
            flops[j] = rnd.nextDouble(1e8, 4e9);
            out[j] = rnd.nextDouble(4e3, 1e7);
            exit[j] = j == n - 1 ? 0 : rnd.nextDouble(1e5, 4e6);
        }
        return new MultiExitDnn(name, inputBytes, names, flops, out, exit);
    }

    /**
     * Layer FLOPs in [1e8, 4e9], outputs in [4 kB, 10 MB], exit branches in [1e5, 4e6] FLOPs, devices at
     * 20..300 GFLOP/s on 1..50 Mbit/s links, sparse exit distributions, edge at 0.2..2 TFLOP/s divided by
     * {@code edgeSlowdown}, a random exit set.
     */
    private static MultiExitInstance random(SplittableRandom rnd, int m, int n, double edgeSlowdown, String name,
                                            String description) {
        MultiExitDnn dnn = randomLayers(rnd, n, "random", 150528);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            double[] q = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) {
                q[j] = rnd.nextDouble() < 0.3 ? 0 : rnd.nextDouble();
                sum += q[j];
            }
            if (sum == 0) {
                q[n - 1] = 1;
                sum = 1;
            }
            // The last entry makes the sum 1 to machine precision.
            double partial = 0;
            for (int j = 0; j < n - 1; j++) {
                q[j] /= sum;
                partial += q[j];
            }
            q[n - 1] = Math.max(0, 1 - partial);
            devices.add(new Device("d" + i, rnd.nextDouble(2e10, 3e11), rnd.nextDouble(0.3, 5),
                    rnd.nextDouble(0.05, 0.6), rnd.nextDouble(1e6, 5e7), q));
        }
        long mask = rnd.nextLong() & (((1L << (n + 1)) - 1) & ~1L);
        double edge = rnd.nextDouble(2e11, 2e12);
        return new MultiExitInstance(name, description, dnn, devices, edge / edgeSlowdown,
                0.5, 0.5, ExitSet.fromMask(n, mask));
    }

    /**
     * {@code m} copies of the first device of {@code random(seed, 1, n)}, speed and bandwidth each scaled by
     * {@code 1 + spread · u}, u uniform in [−1, 1] (spread 0 gives exact copies); the edge {@code m / 4} times the
     * single device's (a slower edge makes the edge term bite, so devices split their choices).
     */
    public static MultiExitInstance nearCopies(long seed, int m, int n, double spread) {
        MultiExitInstance one = random(seed, 1, n);
        return copies(one, seed, m, spread, one.edgeSpeedFlopsPerSecond() * m / 4.0, "copies-" + seed + "-" + m,
                "near copies");
    }

    /** The formulation tests' near copies: of {@code generated(seed, 1, n, 1)}, the edge {@code edgeFactor} times. */
    public static MultiExitInstance generatedNearCopies(long seed, int m, int n, double spread, double edgeFactor) {
        MultiExitInstance one = generated(seed, 1, n, 1);
        return copies(one, seed, m, spread, one.edgeSpeedFlopsPerSecond() * edgeFactor, "copies-" + seed + "-m" + m,
                "near copies (formulation tests)");
    }

    private static MultiExitInstance copies(MultiExitInstance one, long seed, int m, double spread, double edge,
                                            String name, String description) {
        Device d = one.devices().get(0);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            devices.add(new Device("c" + i, d.speedFlopsPerSecond() * (1 + spread * rnd.nextDouble(-1, 1)),
                    d.computePowerWatts(), d.transmitPowerWatts(),
                    d.bandwidthBitsPerSecond() * (1 + spread * rnd.nextDouble(-1, 1)), d.exitProbabilities()));
        }
        return new MultiExitInstance(name, description, one.dnn(), devices, edge, 0.5, 0.5, one.defaultExits());
    }
}
