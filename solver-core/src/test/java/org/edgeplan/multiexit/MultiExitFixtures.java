package org.edgeplan.multiexit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small problem A instances for tests: a hand-checkable one and seeded random ones. */
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

    /** A seeded random instance with {@code m} devices and {@code n} layers, magnitudes like VGG16 on a Wi-Fi link. */
    public static MultiExitInstance random(long seed, int m, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
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
            for (int j = 0; j < n; j++) {
                q[j] /= sum;
            }
            // Renormalise the last entry so the sum is 1 to machine precision.
            double partial = 0;
            for (int j = 0; j < n - 1; j++) {
                partial += q[j];
            }
            q[n - 1] = Math.max(0, 1 - partial);
            devices.add(new Device("d" + i, rnd.nextDouble(2e10, 3e11), rnd.nextDouble(0.3, 5), rnd.nextDouble(0.05, 0.6),
                    rnd.nextDouble(1e6, 5e7), q));
        }
        long mask = rnd.nextLong() & (((1L << (n + 1)) - 1) & ~1L);
        return new MultiExitInstance("random-" + seed, "seeded random", dnn, devices, rnd.nextDouble(2e11, 2e12),
                0.5, 0.5, ExitSet.fromMask(n, mask));
    }
}
