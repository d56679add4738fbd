package org.edgeplan.multiexit.ppo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.JsonIn;
import org.edgeplan.io.JsonOut;
import org.edgeplan.rl.Mlp;
import org.edgeplan.rl.PolicyJson;
import org.edgeplan.rl.RunningMeanStd;
import org.edgeplan.rl.SetActorCritic;

/**
 * Policy files of {@code ppo-general} ({@link GeneralPolicy}), in the header and number format of {@link PolicyJson}:
 * <pre>
 * {"format": "edgeplan-ppo-policy", "version": 1, "variant": "ppo-general", "seed": S,
 *  "network": {"problem": "multi-exit", "model": "alexnet-224-int8", "layerCount": 8},
 *  "training": {"scenarios", "episodes", "updates", "wallSeconds", "cpuSeconds", "stoppedByDeadline", "config"},
 *  "deviceFeatures": {"features": [...], "mean", "variance", "count"},
 *  "globalFeatures": {"features": [...], "mean", "variance", "count"}, "clip": 5.0,
 *  "reward": {"definition", "mean", "variance", "count"}, "encoder": {...}, "head": {...}, "critic": {...}}
 * </pre>
 * A policy read back has bitwise the same weights and statistics; any fault is one line naming the file and the field;
 * a policy file of another variant ({@code ppo}, {@code ppo-shares}, {@code aco-drl}) is refused with the solver to use.
 */
public final class GeneralPolicyIo {
    /** The variant label in policy files, and the solver name. */
    public static final String VARIANT = "ppo-general";
    private static final String REWARD_DEFINITION = "-cost / device-only cost";

    private GeneralPolicyIo() {
    }

    public static void write(GeneralPolicy policy, Path file) {
        AtomicFiles.write(file, toJson(policy));
    }

    public static GeneralPolicy read(Path file) {
        if (Files.notExists(file)) {
            throw new InvalidInputException("no such policy file: " + file);
        }
        return fromJson(JsonOut.readFile(file), String.valueOf(file));
    }

    public static String toJson(GeneralPolicy policy) {
        ObjectNode root = PolicyJson.header();
        root.put("variant", VARIANT);
        root.put("seed", policy.seed());
        ObjectNode network = root.putObject("network");
        network.put("problem", "multi-exit");
        network.put("model", policy.network());
        network.put("layerCount", policy.layerCount());
        GeneralTrainingInfo t = policy.training();
        if (t != null) {
            ObjectNode training = root.putObject("training");
            training.put("scenarios", t.scenarios());
            training.put("episodes", t.episodes());
            training.put("updates", t.updates());
            training.put("wallSeconds", t.wallSeconds());
            if (Double.isFinite(t.cpuSeconds())) {
                training.put("cpuSeconds", t.cpuSeconds());
            } else {
                training.putNull("cpuSeconds");
            }
            training.put("stoppedByDeadline", t.stoppedByDeadline());
            training.set("config", PolicyJson.config(t.config()));
        }
        SetActorCritic a = policy.agent();
        stats(root.putObject("deviceFeatures"), GeneralFeatures.deviceNames(policy.layerCount()), a.entityStats());
        stats(root.putObject("globalFeatures"), GeneralFeatures.globalNames(), a.globalStats());
        root.put("clip", a.observationClip());
        stats(root.putObject("reward"), null, a.rewardStats()).put("definition", REWARD_DEFINITION);
        root.set("encoder", PolicyJson.network(a.encoder()));
        root.set("head", PolicyJson.network(a.head()));
        root.set("critic", PolicyJson.network(a.critic()));
        return PolicyJson.text(root);
    }

    private static ObjectNode stats(ObjectNode node, List<String> names, RunningMeanStd s) {
        if (names != null) {
            names.forEach(node.putArray("features")::add);
        }
        double[] mean = s.mean();
        double[] variance = s.variance();
        if (names == null) {
            node.put("mean", mean[0]);
            node.put("variance", variance[0]);
        } else {
            var meanArray = node.putArray("mean");
            for (double v : mean) {
                meanArray.add(v);
            }
            var varianceArray = node.putArray("variance");
            for (double v : variance) {
                varianceArray.add(v);
            }
        }
        node.put("count", s.count());
        return node;
    }

    public static GeneralPolicy fromJson(String json, String source) {
        JsonIn in = new JsonIn(source);
        JsonNode root = in.object(in.parse(json), "$");
        PolicyJson.requireHeader(in, root);
        String variant = in.text(root, "$", "variant");
        if (!variant.equals(VARIANT)) {
            throw new InvalidInputException("policy " + source + " was trained for solver '" + variant + "', not '"
                    + VARIANT + "'; use --solver " + variant);
        }
        long seed = in.longInteger(root, "$", "seed");
        JsonNode network = in.object(in.required(root, "$", "network"), "$.network");
        String problem = in.text(network, "$.network", "problem");
        if (!problem.equals("multi-exit")) {
            throw in.error("$.network.problem", "expected \"multi-exit\", got \"" + problem + "\"");
        }
        String model = in.text(network, "$.network", "model");
        int layers = in.integer(network, "$.network", "layerCount");
        if (layers < 1) {
            throw in.error("$.network.layerCount", "must be at least 1, got " + layers);
        }
        GeneralTrainingInfo training = null;
        if (in.has(root, "training")) {
            String p = "$.training";
            JsonNode t = in.object(root.get("training"), p);
            training = new GeneralTrainingInfo(in.text(t, p, "scenarios"), in.longInteger(t, p, "episodes"),
                    in.integer(t, p, "updates"), in.number(t, p, "wallSeconds"),
                    in.has(t, "cpuSeconds") && !t.get("cpuSeconds").isNull() ? in.number(t, p, "cpuSeconds")
                            : Double.NaN,
                    in.bool(t, p, "stoppedByDeadline"),
                    PolicyJson.readConfig(in, in.object(in.required(t, p, "config"), p + ".config"), p + ".config"));
        }
        RunningMeanStd device = readStats(in, root, "deviceFeatures", GeneralFeatures.perDevice(layers));
        RunningMeanStd global = readStats(in, root, "globalFeatures", GeneralFeatures.GLOBAL);
        JsonNode rew = in.object(in.required(root, "$", "reward"), "$.reward");
        RunningMeanStd reward = RunningMeanStd.of(new double[] {in.number(rew, "$.reward", "mean")},
                new double[] {in.number(rew, "$.reward", "variance")}, in.longInteger(rew, "$.reward", "count"));
        double clip = in.number(root, "$", "clip");
        Mlp encoder = PolicyJson.readNetwork(in, root, "encoder");
        Mlp head = PolicyJson.readNetwork(in, root, "head");
        Mlp critic = PolicyJson.readNetwork(in, root, "critic");
        try {
            return new GeneralPolicy(model, layers, new SetActorCritic(encoder, head, critic, device, global, clip,
                    reward), seed, training);
        } catch (IllegalArgumentException e) {
            throw in.error("$", e.getMessage());
        }
    }

    private static RunningMeanStd readStats(JsonIn in, JsonNode root, String field, int size) {
        String p = "$." + field;
        JsonNode node = in.object(in.required(root, "$", field), p);
        double[] mean = in.numbers(node, p, "mean");
        double[] variance = in.numbers(node, p, "variance");
        if (mean.length != size || variance.length != size) {
            throw in.error(p, "expected " + size + " means and variances (one per feature), got " + mean.length
                    + " and " + variance.length);
        }
        return RunningMeanStd.of(mean, variance, in.longInteger(node, p, "count"));
    }
}
