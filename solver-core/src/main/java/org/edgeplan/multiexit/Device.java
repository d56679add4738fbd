package org.edgeplan.multiexit;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import org.edgeplan.core.InvalidInputException;

/**
 * An end device of problem A.
 *
 * @param name                    identifier
 * @param speedFlopsPerSecond     f_i
 * @param computePowerWatts       Pc_i
 * @param transmitPowerWatts      Pt_i
 * @param bandwidthBitsPerSecond  B_i, uplink to the edge server; 0 means the edge is unreachable
 * @param exitProbabilities       q_i,1..q_i,N: probability that a task would leave at layer j if every
 *                                layer had an exit; sums to 1
 */
public record Device(String name, double speedFlopsPerSecond, double computePowerWatts, double transmitPowerWatts,
                     double bandwidthBitsPerSecond, double[] exitProbabilities) {
    /** Tolerance on the sum of the exit probabilities. */
    public static final double PROBABILITY_TOLERANCE = 1e-6;

    public Device {
        Objects.requireNonNull(name, "name");
        String who = "device '" + name + "'";
        if (!(speedFlopsPerSecond > 0) || Double.isInfinite(speedFlopsPerSecond)) {
            throw new InvalidInputException(who + ": speedFlopsPerSecond must be positive, got " + speedFlopsPerSecond);
        }
        if (!(computePowerWatts >= 0) || Double.isInfinite(computePowerWatts)) {
            throw new InvalidInputException(who + ": computePowerWatts must be >= 0, got " + computePowerWatts);
        }
        if (!(transmitPowerWatts >= 0) || Double.isInfinite(transmitPowerWatts)) {
            throw new InvalidInputException(who + ": transmitPowerWatts must be >= 0, got " + transmitPowerWatts);
        }
        if (!(bandwidthBitsPerSecond >= 0) || Double.isInfinite(bandwidthBitsPerSecond)) {
            throw new InvalidInputException(who + ": bandwidthBitsPerSecond must be >= 0, got " + bandwidthBitsPerSecond);
        }
        exitProbabilities = exitProbabilities.clone();
        double sum = 0;
        for (int j = 0; j < exitProbabilities.length; j++) {
            double q = exitProbabilities[j];
            if (!(q >= 0) || q > 1) {
                throw new InvalidInputException(who + ": exit probability of layer " + (j + 1)
                        + " must lie in [0, 1], got " + q);
            }
            sum += q;
        }
        if (Math.abs(sum - 1.0) > PROBABILITY_TOLERANCE) {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s: exit probabilities sum to %.6g, expected 1 ± %g. Maybe set normalize: true", who, sum,
                    PROBABILITY_TOLERANCE));
        }
    }

    /** q_i,j for layer j (1-based). */
    public double exitProbability(int j) {
        return exitProbabilities[j - 1];
    }

    @Override
    public double[] exitProbabilities() {
        return exitProbabilities.clone();
    }

    /** A copy of this device with another uplink bandwidth (used by bandwidth sweeps). */
    public Device withBandwidth(double bitsPerSecond) {
        return new Device(name, speedFlopsPerSecond, computePowerWatts, transmitPowerWatts, bitsPerSecond,
                exitProbabilities);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && name.equals(d.name) && speedFlopsPerSecond == d.speedFlopsPerSecond
                && computePowerWatts == d.computePowerWatts && transmitPowerWatts == d.transmitPowerWatts
                && bandwidthBitsPerSecond == d.bandwidthBitsPerSecond
                && Arrays.equals(exitProbabilities, d.exitProbabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, speedFlopsPerSecond, computePowerWatts, transmitPowerWatts, bandwidthBitsPerSecond,
                Arrays.hashCode(exitProbabilities));
    }

    @Override
    public String toString() {
        return "Device[" + name + ", " + speedFlopsPerSecond + " FLOP/s, " + bandwidthBitsPerSecond + " bit/s]";
    }
}
