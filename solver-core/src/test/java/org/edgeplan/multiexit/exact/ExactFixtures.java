package org.edgeplan.multiexit.exact;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitFixtures;
import org.edgeplan.multiexit.MultiExitInstance;

/** Instances that are hard for Lagrangian methods: many (nearly) identical devices, so many ties at λ*. */
final class ExactFixtures {
    private ExactFixtures() {
    }

    /**
     * {@code m} copies of the first device of {@code MultiExitFixtures.random(seed, 1, n)}, speed and bandwidth each
     * scaled by {@code 1 + spread · u}, u uniform in [−1, 1] (spread 0 gives exact copies).
     */
    static MultiExitInstance nearCopies(long seed, int m, int n, double spread) {
        MultiExitInstance one = MultiExitFixtures.random(seed, 1, n);
        Device d = one.devices().get(0);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            devices.add(new Device("c" + i, d.speedFlopsPerSecond() * (1 + spread * rnd.nextDouble(-1, 1)),
                    d.computePowerWatts(), d.transmitPowerWatts(),
                    d.bandwidthBitsPerSecond() * (1 + spread * rnd.nextDouble(-1, 1)), d.exitProbabilities()));
        }
        // A slower edge makes the edge term bite, so devices split their choices.
        return new MultiExitInstance("copies-" + seed + "-" + m, "near copies", one.dnn(), devices,
                one.edgeSpeedFlopsPerSecond() * m / 4.0, 0.5, 0.5, one.defaultExits());
    }
}
