package org.edgeplan.multiexit.ppo;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.JsonIn;
import org.edgeplan.io.JsonOut;
import org.edgeplan.rl.PolicyJson;
import org.edgeplan.rl.SetActorCritic;
import org.edgeplan.rl.TrainingInfo;

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
        PolicyJson.writeTraining(root, policy.training());
        PolicyJson.writeSetAgent(root, policy.agent(), "deviceFeatures",
                GeneralFeatures.deviceNames(policy.layerCount()), GeneralFeatures.globalNames(), REWARD_DEFINITION);
        return PolicyJson.text(root);
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
        TrainingInfo training = PolicyJson.readTraining(in, root);
        SetActorCritic agent = PolicyJson.readSetAgent(in, root, "deviceFeatures", GeneralFeatures.perDevice(layers),
                GeneralFeatures.GLOBAL);
        return new GeneralPolicy(model, layers, agent, seed, training);
    }
}
