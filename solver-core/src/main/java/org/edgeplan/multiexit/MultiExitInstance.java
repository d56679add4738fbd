package org.edgeplan.multiexit;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import org.edgeplan.core.ProblemKind;

/**
 * Problem A, the multi-exit model as reconstructed in {@code docs/models/multi-exit-model.md}: M devices
 * share one edge server; each runs a prefix of a multi-exit DNN and offloads the rest.
 *
 * @param name                     identifier
 * @param description              one or two sentences of provenance
 * @param dnn                      the multi-exit DNN (the same on every device)
 * @param devices                  the M ≥ 1 devices
 * @param edgeSpeedFlopsPerSecond  F
 * @param latencyWeight            wT (cost per second of latency)
 * @param energyWeight             wE (cost per joule)
 * @param defaultExits             the exit set used by solvers that do not choose one
 */
public record MultiExitInstance(String name, String description, MultiExitDnn dnn, List<Device> devices,
                                double edgeSpeedFlopsPerSecond, double latencyWeight, double energyWeight,
                                ExitSet defaultExits) implements Instance {
    public MultiExitInstance {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(dnn, "dnn");
        devices = List.copyOf(devices);
        if (devices.isEmpty()) {
            throw new InvalidInputException("instance '" + name + "': needs at least one device (M = 0)");
        }
        // Every solver and the evaluator build a cost model: 6 device x split tables of doubles.
        MemoryBudget.require("instance '" + name + "': " + devices.size() + " devices with " + dnn.layerCount()
                + " layers need a cost model of six " + devices.size() + " x " + (dnn.layerCount() + 2) + " tables",
                MemoryBudget.product(devices.size(), dnn.layerCount() + 2L, 6 * Double.BYTES));
        Set<String> names = new HashSet<>();
        for (Device d : devices) {
            if (!names.add(d.name())) {
                throw new InvalidInputException("instance '" + name + "': device name '" + d.name() + "' is used twice");
            }
            if (d.exitProbabilities().length != dnn.layerCount()) {
                throw new InvalidInputException("instance '" + name + "': device '" + d.name() + "' has "
                        + d.exitProbabilities().length + " exit probabilities, the model has " + dnn.layerCount()
                        + " layers");
            }
        }
        if (!(edgeSpeedFlopsPerSecond > 0) || Double.isInfinite(edgeSpeedFlopsPerSecond)) {
            throw new InvalidInputException("instance '" + name + "': edge speedFlopsPerSecond must be positive, got "
                    + edgeSpeedFlopsPerSecond);
        }
        if (!(latencyWeight >= 0) || !(energyWeight >= 0) || Double.isInfinite(latencyWeight)
                || Double.isInfinite(energyWeight) || latencyWeight + energyWeight == 0) {
            throw new InvalidInputException("instance '" + name + "': weights must be >= 0 and not both 0, got latency "
                    + latencyWeight + ", energy " + energyWeight);
        }
        if (defaultExits == null) {
            defaultExits = ExitSet.finalOnly(dnn.layerCount());
        } else if (defaultExits.layerCount() != dnn.layerCount()) {
            throw new InvalidInputException("instance '" + name + "': exit set is for " + defaultExits.layerCount()
                    + " layers, the model has " + dnn.layerCount());
        }
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.MULTI_EXIT;
    }

    /** M. */
    public int deviceCount() {
        return devices.size();
    }

    /** N. */
    public int layerCount() {
        return dnn.layerCount();
    }

    /** The same instance with every device's bandwidth set to {@code bitsPerSecond}. */
    public MultiExitInstance withBandwidth(String newName, double bitsPerSecond) {
        return new MultiExitInstance(newName, description, dnn,
                devices.stream().map(d -> d.withBandwidth(bitsPerSecond)).toList(), edgeSpeedFlopsPerSecond,
                latencyWeight, energyWeight, defaultExits);
    }

    /** The same instance with another default exit set. */
    public MultiExitInstance withDefaultExits(ExitSet exits) {
        return new MultiExitInstance(name, description, dnn, devices, edgeSpeedFlopsPerSecond, latencyWeight,
                energyWeight, exits);
    }
}
