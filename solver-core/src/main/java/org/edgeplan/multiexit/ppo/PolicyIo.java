package org.edgeplan.multiexit.ppo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.JsonIn;
import org.edgeplan.io.JsonOut;
import org.edgeplan.rl.ActorCritic;
import org.edgeplan.rl.PolicyJson;

/**
 * Problem A's policy files: the layout of {@link PolicyJson} (format, version, statistics, networks, log σ) with
 * problem A's fields between the header and the agent:
 * <pre>
 * {"format": "edgeplan-ppo-policy", "version": 1, "variant": "ppo" | "ppo-shares", "seed": S,
 *  "family": {"problem": "multi-exit", "model", "layerCount", "exits": [...], "devices": [...], "instances": [...]},
 *  "training": {"episodes", "updates", "bandwidthsMbps": [...], "sampling", "wallSeconds", "cpuSeconds",
 *               "stoppedByDeadline", "config": {...hyper-parameters...}},
 *  "observation": {...}, "reward": {"definition": "-cost / device-only cost", ...}, "actor": {...}, "critic": {...},
 *  "logStd": [...]}
 * </pre>
 * The action distribution follows from the family and the variant ({@link PpoPolicy#distribution}). A policy read back
 * has bitwise the same weights and statistics; any fault in a file is one line naming the file and the field.
 */
public final class PolicyIo {
    private static final String REWARD_DEFINITION = "-cost / device-only cost";

    private PolicyIo() {
    }

    /** Writes the policy to {@code file}, replacing it atomically. */
    public static void write(PpoPolicy policy, Path file) {
        AtomicFiles.write(file, toJson(policy));
    }

    /** Reads a policy file; any fault is one line naming the file and the field. */
    public static PpoPolicy read(Path file) {
        if (Files.notExists(file)) {
            throw new InvalidInputException("no such policy file: " + file);
        }
        return fromJson(JsonOut.readFile(file), String.valueOf(file));
    }

    /** The policy as JSON text. */
    public static String toJson(PpoPolicy policy) {
        ObjectNode root = PolicyJson.header();
        root.put("variant", policy.variant().label());
        root.put("seed", policy.seed());
        PolicyFamily f = policy.family();
        ObjectNode family = root.putObject("family");
        family.put("problem", "multi-exit");
        family.put("model", f.model());
        family.put("layerCount", f.layerCount());
        f.exits().forEach(family.putArray("exits")::add);
        f.devices().forEach(family.putArray("devices")::add);
        f.instances().forEach(family.putArray("instances")::add);
        TrainingInfo t = policy.training();
        if (t != null) {
            ObjectNode training = root.putObject("training");
            training.put("episodes", t.episodes());
            training.put("updates", t.updates());
            t.bandwidthsMbps().forEach(training.putArray("bandwidthsMbps")::add);
            training.put("sampling", t.sampling());
            training.put("wallSeconds", t.wallSeconds());
            if (Double.isFinite(t.cpuSeconds())) {
                training.put("cpuSeconds", t.cpuSeconds());
            } else {
                training.putNull("cpuSeconds");
            }
            training.put("stoppedByDeadline", t.stoppedByDeadline());
            training.set("config", PolicyJson.config(t.config()));
        }
        PolicyJson.writeAgent(root, policy.agent(), SplitFeatures.names(f.deviceCount(), f.layerCount()),
                REWARD_DEFINITION);
        return PolicyJson.text(root);
    }

    /** Parses policy JSON; {@code source} starts every error message. */
    public static PpoPolicy fromJson(String json, String source) {
        JsonIn in = new JsonIn(source);
        JsonNode root = in.object(in.parse(json), "$");
        PolicyJson.requireHeader(in, root);
        String label = in.text(root, "$", "variant");
        if (GeneralPolicyIo.VARIANT.equals(label)) {
            throw in.wrap("$.variant", new InvalidInputException("a policy of solver 'ppo-general' (one policy for any"
                    + " number of devices); solve with --solver ppo-general"));
        }
        PpoVariant variant;
        try {
            variant = PpoVariant.fromLabel(label);
        } catch (InvalidInputException e) {
            throw in.wrap("$.variant", e);
        }
        long seed = in.longInteger(root, "$", "seed");
        PolicyFamily family = readFamily(in, in.object(in.required(root, "$", "family"), "$.family"));
        TrainingInfo training = in.has(root, "training")
                ? readTraining(in, in.object(root.get("training"), "$.training")) : null;
        ActorCritic agent = PolicyJson.readAgent(in, root, PpoPolicy.distribution(variant, family),
                SplitFeatures.count(family.deviceCount(), family.layerCount()));
        try {
            return new PpoPolicy(variant, family, agent, seed, training);
        } catch (IllegalArgumentException e) {
            throw in.error("$", e.getMessage());
        }
    }

    private static PolicyFamily readFamily(JsonIn in, JsonNode fam) {
        String p = "$.family";
        String problem = in.text(fam, p, "problem");
        if (!problem.equals("multi-exit")) {
            throw in.error(p + ".problem", "expected \"multi-exit\", got \"" + problem + "\"");
        }
        int layers = in.integer(fam, p, "layerCount");
        List<Integer> exits = new ArrayList<>();
        for (int e : in.integers(fam, p, "exits")) {
            exits.add(e);
        }
        String model = in.text(fam, p, "model");
        List<String> devices = in.texts(fam, p, "devices");
        List<String> instances = in.texts(fam, p, "instances");
        try {
            PolicyFamily family = new PolicyFamily(model, layers, exits, devices, instances);
            family.exitSet();
            return family;
        } catch (InvalidInputException e) {
            throw in.wrap(p, e);
        }
    }

    private static TrainingInfo readTraining(JsonIn in, JsonNode t) {
        String p = "$.training";
        List<Double> bandwidths = new ArrayList<>();
        for (double d : in.numbers(t, p, "bandwidthsMbps")) {
            bandwidths.add(d);
        }
        return new TrainingInfo(in.longInteger(t, p, "episodes"), in.integer(t, p, "updates"), bandwidths,
                in.text(t, p, "sampling"), in.number(t, p, "wallSeconds"),
                in.has(t, "cpuSeconds") ? in.number(t, p, "cpuSeconds") : Double.NaN,
                in.bool(t, p, "stoppedByDeadline"), PolicyJson.readConfig(in, in.object(in.required(t, p, "config"),
                        p + ".config"), p + ".config"));
    }
}
