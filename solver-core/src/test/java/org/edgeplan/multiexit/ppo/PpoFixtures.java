package org.edgeplan.multiexit.ppo;

import java.nio.file.Path;
import java.util.List;

import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.testing.ProjectRoot;

/** Instances for the PPO tests. */
final class PpoFixtures {
    private PpoFixtures() {
    }

    /**
     * One device, four layers, final exit only; the split costs are, by hand (wT = wE = 0.5, r = 1):
     * s = 0: 0.65, s = 1: 0.445, s = 2: 0.246 (the optimum: small output after layer 2), s = 3: 0.68, s = 4: 1.0.
     */
    static MultiExitInstance oneDevice() {
        MultiExitDnn dnn = new MultiExitDnn("four", 1e6, List.of("l1", "l2", "l3", "l4"),
                new double[] {1e9, 1e9, 4e9, 4e9}, new double[] {5e5, 1e4, 1e5, 1e3}, new double[] {0, 0, 0, 0});
        Device d = new Device("d0", 1e10, 1.0, 0.5, 1e7, new double[] {0, 0, 0, 1});
        return new MultiExitInstance("one-device", "PPO test: optimum split 2", dnn, List.of(d), 1e11, 0.5, 0.5, null);
    }

    /**
     * A seeded random family with interior optimal splits: 5 devices, 13 layers, a 20 MB input (so early cuts pay),
     * final exit only, every uplink at 10 Mbit/s (training varies it). Layer FLOPs 0.1-4 GFLOP, outputs 4 kB-10 MB.
     */
    static MultiExitInstance interiorSplits(long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        int n = 13;
        MultiExitDnn dnn = org.edgeplan.testing.MultiExitFixtures.randomLayers(rnd, n, "random-large-input", 2e7);
        List<Device> devices = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            double[] q = new double[n];
            q[n - 1] = 1;
            devices.add(new Device("d" + i, rnd.nextDouble(2e10, 3e11), rnd.nextDouble(0.3, 5), rnd.nextDouble(0.05, 0.6),
                    1e7, q));
        }
        return new MultiExitInstance("interior-" + seed, "PPO stress family", dnn, devices, rnd.nextDouble(2e11, 2e12),
                0.5, 0.5, null);
    }

    /** The shipped image scenario (5 devices, VGG16, 10 Mbit/s). */
    static MultiExitInstance image() {
        return (MultiExitInstance) InstanceIo.read(instances().resolve("multi-exit/ma2025-image.json"));
    }

    static MultiExitInstance video() {
        return (MultiExitInstance) InstanceIo.read(instances().resolve("multi-exit/ma2025-video.json"));
    }

    static Path instances() {
        return ProjectRoot.instances();
    }
}
