package org.edgeplan.formulations.multiexit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;

/** Problem A instances for the formulation tests and the harness: the shipped scenarios and seeded random ones. */
final class GeneratedInstances {
    private GeneratedInstances() {
    }

    /** The repository root: the {@code edgeplan.projectRoot} property surefire sets, else the first parent with instances/. */
    static Path projectRoot() {
        String property = System.getProperty("edgeplan.projectRoot");
        if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property).resolve("instances"))) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("instances"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no instances/ directory above " + Path.of("").toAbsolutePath());
    }

    /** A shipped problem-A instance, e.g. {@code ma2025-video}. */
    static MultiExitInstance shipped(String name) {
        return InstanceIo.readMultiExit(projectRoot().resolve("instances/multi-exit").resolve(name + ".json"));
    }

    /**
     * A seeded random instance with {@code m} devices and {@code n} layers: layer FLOPs in [1e8, 4e9], outputs in
     * [4 kB, 10 MB], exit branches in [1e5, 4e6] FLOPs, devices at 20..300 GFLOP/s on 1..50 Mbit/s links, sparse
     * exit distributions, edge at 0.2..2 TFLOP/s divided by {@code edgeSlowdown}, a random exit set.
     */
    static MultiExitInstance random(long seed, int m, int n, double edgeSlowdown) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + m);
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
        MultiExitDnn dnn = new MultiExitDnn("random", 150528, names, flops, out, exit);
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
        return new MultiExitInstance("gen-" + seed + "-m" + m, "seeded random (formulation tests)", dnn, devices,
                rnd.nextDouble(2e11, 2e12) / edgeSlowdown, 0.5, 0.5, ExitSet.fromMask(n, mask));
    }

    /**
     * {@code m} near copies of the first device of {@code random(seed, 1, n, 1)}: speed and bandwidth each scaled by
     * {@code 1 + spread · u}, u uniform in [−1, 1]; the edge is {@code m / 4} times the single device's edge (the
     * stress family of solver-core's exact tests: many ties for Lagrangian methods).
     */
    static MultiExitInstance nearCopies(long seed, int m, int n, double spread) {
        return nearCopies(seed, m, n, spread, m / 4.0);
    }

    /** As {@link #nearCopies(long, int, int, double)} with the edge {@code edgeFactor} times the single device's. */
    static MultiExitInstance nearCopies(long seed, int m, int n, double spread, double edgeFactor) {
        MultiExitInstance one = random(seed, 1, n, 1);
        Device d = one.devices().get(0);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            devices.add(new Device("c" + i, d.speedFlopsPerSecond() * (1 + spread * rnd.nextDouble(-1, 1)),
                    d.computePowerWatts(), d.transmitPowerWatts(),
                    d.bandwidthBitsPerSecond() * (1 + spread * rnd.nextDouble(-1, 1)), d.exitProbabilities()));
        }
        return new MultiExitInstance("copies-" + seed + "-m" + m, "near copies (formulation tests)", one.dnn(),
                devices, one.edgeSpeedFlopsPerSecond() * edgeFactor, 0.5, 0.5, one.defaultExits());
    }
}
