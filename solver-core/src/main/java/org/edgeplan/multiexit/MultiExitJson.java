package org.edgeplan.multiexit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.io.JsonIn;
import org.edgeplan.io.JsonOut;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.profiles.LayerProfiles;

/** The JSON form of {@link MultiExitInstance} (see {@code instances/README.md}). */
public final class MultiExitJson {
    public static final double DEFAULT_WEIGHT = 0.5;
    private static final List<String> ROOT_FIELDS = List.of("problem", "name", "description", "model", "edge",
            "weights", "exits", "normalize", "exitProbabilityUnit", "devices");
    private static final List<String> DEVICE_FIELDS = List.of("name", "speedFlopsPerSecond", "computePowerWatts",
            "transmitPowerWatts", "bandwidthBitsPerSecond", "exitProbabilities");
    private static final List<String> LAYER_FIELDS = List.of("name", "flops", "outputBytes", "exitBranchFlops");

    private MultiExitJson() {
    }

    public static MultiExitInstance read(JsonIn in, JsonNode root) {
        in.allowOnly(root, "$", ROOT_FIELDS);
        String name = in.text(root, "$", "name");
        String description = in.text(root, "$", "description", "");
        MultiExitDnn dnn = readModel(in, in.object(in.required(root, "$", "model"), "$.model"), "$.model");
        int n = dnn.layerCount();

        JsonNode edge = in.object(in.required(root, "$", "edge"), "$.edge");
        in.allowOnly(edge, "$.edge", List.of("speedFlopsPerSecond"));
        double edgeSpeed = in.positive(edge, "$.edge", "speedFlopsPerSecond");

        double wT = DEFAULT_WEIGHT;
        double wE = DEFAULT_WEIGHT;
        if (in.has(root, "weights")) {
            JsonNode w = in.object(root.get("weights"), "$.weights");
            in.allowOnly(w, "$.weights", List.of("latency", "energy"));
            wT = in.nonNegative(w, "$.weights", "latency", DEFAULT_WEIGHT);
            wE = in.nonNegative(w, "$.weights", "energy", DEFAULT_WEIGHT);
            if (wT + wE == 0) {
                throw in.error("$.weights", "latency and energy weights are both 0");
            }
        }

        ExitSet exits = in.has(root, "exits") ? readExits(in, root, "$", n) : ExitSet.finalOnly(n);
        boolean normalize = in.bool(root, "$", "normalize", false);
        boolean percent = in.choice(root, "$", "exitProbabilityUnit", "fraction", List.of("fraction", "percent"))
                .equals("percent");

        JsonNode devicesNode = in.array(root, "$", "devices");
        if (devicesNode.isEmpty()) {
            throw in.error("$.devices", "needs at least one device, got none (M = 0)");
        }
        List<Device> devices = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < devicesNode.size(); i++) {
            String p = JsonIn.index("$.devices", i);
            JsonNode d = in.object(devicesNode.get(i), p);
            in.allowOnly(d, p, DEVICE_FIELDS);
            String deviceName = in.text(d, p, "name");
            Integer before = seen.put(deviceName, i);
            if (before != null) {
                throw in.error(p + ".name", "\"" + deviceName + "\" is already the name of $.devices[" + before + "]");
            }
            double speed = in.positive(d, p, "speedFlopsPerSecond");
            double pc = in.nonNegative(d, p, "computePowerWatts");
            double pt = in.nonNegative(d, p, "transmitPowerWatts");
            double bandwidth = in.nonNegative(d, p, "bandwidthBitsPerSecond");
            double[] q = readProbabilities(in, d, p, n, normalize, percent);
            try {
                devices.add(new Device(deviceName, speed, pc, pt, bandwidth, q));
            } catch (InvalidInputException e) {
                throw in.wrap(p, e);
            }
        }
        try {
            return new MultiExitInstance(name, description, dnn, devices, edgeSpeed, wT, wE, exits);
        } catch (InvalidInputException e) {
            throw in.wrap("$", e);
        }
    }

    private static double[] readProbabilities(JsonIn in, JsonNode d, String p, int n, boolean normalize,
                                              boolean percent) {
        String path = p + ".exitProbabilities";
        JsonNode a = in.array(d, p, "exitProbabilities");
        if (a.size() != n) {
            throw in.error(path, "has " + a.size() + " values, the model has " + n + " layers");
        }
        double[] raw = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            raw[j] = in.nonNegativeValue(a.get(j), JsonIn.index(path, j));
            sum += raw[j];
        }
        double[] q = new double[n];
        if (normalize) {
            if (!(sum > 0)) {
                throw in.error(path, "sum to 0, cannot be normalised");
            }
            for (int j = 0; j < n; j++) {
                q[j] = raw[j] / sum;
            }
            return q;
        }
        double scale = percent ? 100.0 : 1.0;
        double fractionSum = 0;
        for (int j = 0; j < n; j++) {
            q[j] = raw[j] / scale;
            fractionSum += q[j];
        }
        if (Math.abs(fractionSum - 1.0) > Device.PROBABILITY_TOLERANCE) {
            throw in.error(path, "sum to " + JsonIn.brief(fractionSum) + (percent ? " (" + JsonIn.brief(sum) + " percent)" : "")
                    + ", expected 1 ± 1e-6; set \"normalize\": true to rescale");
        }
        return q;
    }

    public static ExitSet readExits(JsonIn in, JsonNode root, String p, int n) {
        String path = p + ".exits";
        JsonNode a = in.array(root, p, "exits");
        List<Integer> layers = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String ep = JsonIn.index(path, i);
            int j = in.intValue(a.get(i), ep);
            if (j < 1 || j > n) {
                throw in.error(ep, "exit layer must lie in 1.." + n + ", got " + j);
            }
            if (layers.contains(j)) {
                throw in.error(ep, "exit layer " + j + " is listed twice");
            }
            layers.add(j);
        }
        if (!layers.contains(n)) {
            throw in.error(path, "must contain the final layer " + n + ", got " + layers);
        }
        return ExitSet.ofExactly(n, layers);
    }

    private static MultiExitDnn readModel(JsonIn in, JsonNode model, String p) {
        if (in.has(model, "profile")) {
            in.allowOnly(model, p, List.of("profile"));
            String profile = in.text(model, p, "profile");
            try {
                return LayerProfiles.multiExit(profile);
            } catch (InvalidInputException e) {
                throw in.wrap(p + ".profile", e);
            }
        }
        in.allowOnly(model, p, List.of("profile", "name", "inputBytes", "layers"));
        String name = in.text(model, p, "name");
        double inputBytes = in.nonNegative(model, p, "inputBytes");
        JsonNode layers = in.array(model, p, "layers");
        if (layers.isEmpty()) {
            throw in.error(p + ".layers", "needs at least one layer");
        }
        int n = layers.size();
        List<String> names = new ArrayList<>();
        double[] flops = new double[n];
        double[] out = new double[n];
        double[] exit = new double[n];
        for (int j = 0; j < n; j++) {
            String lp = JsonIn.index(p + ".layers", j);
            JsonNode l = in.object(layers.get(j), lp);
            in.allowOnly(l, lp, LAYER_FIELDS);
            names.add(in.text(l, lp, "name"));
            flops[j] = in.nonNegative(l, lp, "flops");
            out[j] = in.nonNegative(l, lp, "outputBytes");
            exit[j] = in.nonNegative(l, lp, "exitBranchFlops", 0);
            if (j == n - 1 && exit[j] != 0) {
                throw in.error(lp + ".exitBranchFlops", "must be 0 on the last layer (its classifier is part of it), got "
                        + l.get("exitBranchFlops"));
            }
        }
        try {
            return new MultiExitDnn(name, inputBytes, names, flops, out, exit);
        } catch (InvalidInputException e) {
            throw in.wrap(p, e);
        }
    }

    public static ObjectNode write(MultiExitInstance x) {
        return write(x, false);
    }

    /**
     * The JSON tree of an instance; with {@code expandProfiles} a model that equals a shipped profile is written out
     * layer by layer instead of as {@code {"profile": name}} (for content hashes, which must change with the numbers).
     */
    public static ObjectNode write(MultiExitInstance x, boolean expandProfiles) {
        ObjectNode root = JsonOut.object();
        root.put("problem", ProblemKind.MULTI_EXIT.label());
        root.put("name", x.name());
        root.put("description", x.description());
        root.set("model", writeModel(x.dnn(), expandProfiles));
        ObjectNode edge = root.putObject("edge");
        edge.set("speedFlopsPerSecond", JsonOut.number(x.edgeSpeedFlopsPerSecond()));
        ObjectNode weights = root.putObject("weights");
        weights.set("latency", JsonOut.number(x.latencyWeight()));
        weights.set("energy", JsonOut.number(x.energyWeight()));
        ArrayNode exits = root.putArray("exits");
        x.defaultExits().layers().forEach(exits::add);
        root.put("normalize", false);
        root.put("exitProbabilityUnit", "fraction");
        ArrayNode devices = root.putArray("devices");
        for (Device d : x.devices()) {
            ObjectNode o = devices.addObject();
            o.put("name", d.name());
            o.set("speedFlopsPerSecond", JsonOut.number(d.speedFlopsPerSecond()));
            o.set("computePowerWatts", JsonOut.number(d.computePowerWatts()));
            o.set("transmitPowerWatts", JsonOut.number(d.transmitPowerWatts()));
            o.set("bandwidthBitsPerSecond", JsonOut.number(d.bandwidthBitsPerSecond()));
            ArrayNode q = o.putArray("exitProbabilities");
            for (double v : d.exitProbabilities()) {
                q.add(JsonOut.number(v));
            }
        }
        return root;
    }

    private static ObjectNode writeModel(MultiExitDnn dnn, boolean expandProfiles) {
        ObjectNode m = JsonOut.object();
        if (!expandProfiles && LayerProfiles.MULTI_EXIT_NAMES.contains(dnn.name()) && LayerProfiles.multiExit(dnn.name()).equals(dnn)) {
            m.put("profile", dnn.name());
            return m;
        }
        m.put("name", dnn.name());
        m.set("inputBytes", JsonOut.number(dnn.outputBytes(0)));
        ArrayNode layers = m.putArray("layers");
        for (int j = 1; j <= dnn.layerCount(); j++) {
            ObjectNode l = layers.addObject();
            l.put("name", dnn.layerName(j));
            l.set("flops", JsonOut.number(dnn.layerFlops(j)));
            l.set("outputBytes", JsonOut.number(dnn.outputBytes(j)));
            l.set("exitBranchFlops", JsonOut.number(dnn.exitBranchFlops(j)));
        }
        return m;
    }
}
