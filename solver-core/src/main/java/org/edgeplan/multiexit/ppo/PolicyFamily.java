package org.edgeplan.multiexit.ppo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;

/**
 * The instances a policy was trained on and can be applied to: the same number of devices M, layers N and exit
 * set (the network's input and output widths depend on them). The model name, device names and instance names are
 * kept as provenance; an instance that differs in them is accepted with a note, since only the features matter.
 *
 * @param model     DNN name
 * @param layerCount N
 * @param exits     the exit set (1-based layers) the splits are decided for
 * @param devices   device names, in order
 * @param instances names of the training instances
 */
public record PolicyFamily(String model, int layerCount, List<Integer> exits, List<String> devices,
                           List<String> instances) {
    public PolicyFamily {
        Objects.requireNonNull(model, "model");
        exits = List.copyOf(exits);
        devices = List.copyOf(devices);
        instances = List.copyOf(instances);
    }

    /** The family of these training instances, which must agree in M, N and default exit set. */
    public static PolicyFamily of(List<MultiExitInstance> training) {
        if (training.isEmpty()) {
            throw new InvalidInputException("no training instance given");
        }
        MultiExitInstance first = training.get(0);
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (MultiExitInstance x : training) {
            if (x.deviceCount() != first.deviceCount() || x.layerCount() != first.layerCount()
                    || !x.defaultExits().equals(first.defaultExits())) {
                throw new InvalidInputException("training instances must share devices, layers and exit set: '"
                        + first.name() + "' has M = " + first.deviceCount() + ", N = " + first.layerCount() + ", exits "
                        + first.defaultExits().layers() + "; '" + x.name() + "' has M = " + x.deviceCount() + ", N = "
                        + x.layerCount() + ", exits " + x.defaultExits().layers());
            }
            names.add(x.name());
        }
        return new PolicyFamily(first.dnn().name(), first.layerCount(), first.defaultExits().layers(),
                first.devices().stream().map(Device::name).toList(), new ArrayList<>(names));
    }

    public int deviceCount() {
        return devices.size();
    }

    /** The exit set as a value. */
    public ExitSet exitSet() {
        return ExitSet.ofExactly(layerCount, exits);
    }

    /**
     * Refuses an instance the policy cannot read (other M, N or exit set); returns a note (empty if none) when it
     * differs only in names.
     */
    public String check(MultiExitInstance x, String policyName) {
        if (x.deviceCount() != deviceCount() || x.layerCount() != layerCount
                || !x.defaultExits().layers().equals(exits)) {
            throw new InvalidInputException("policy " + policyName + " was trained for M = " + deviceCount()
                    + " devices, N = " + layerCount + " layers, exits " + exits + "; instance '" + x.name() + "' has M = "
                    + x.deviceCount() + ", N = " + x.layerCount() + ", exits " + x.defaultExits().layers());
        }
        List<String> names = x.devices().stream().map(Device::name).toList();
        if (!x.dnn().name().equals(model) || !names.equals(devices)) {
            return "instance '" + x.name() + "' differs from the training family (model " + model + ", devices "
                    + devices + ") in names; the policy reads only the features";
        }
        return "";
    }
}
