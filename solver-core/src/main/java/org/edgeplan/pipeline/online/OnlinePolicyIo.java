package org.edgeplan.pipeline.online;

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

/**
 * Policy files of problem B's {@code ppo} ({@link OnlinePolicy}), in the header and number format of
 * {@link PolicyJson}:
 * <pre>
 * {"format": "edgeplan-ppo-policy", "version": 1, "variant": "ppo", "seed": S, "network": {"problem": "pipeline"},
 *  "training": {"scenarios", "episodes", "updates", "wallSeconds", "cpuSeconds", "stoppedByDeadline", "config"},
 *  "candidateFeatures": {"features": [...], "mean", "variance", "count"},
 *  "globalFeatures": {"features": [...], "mean", "variance", "count"}, "clip": 5.0,
 *  "reward": {"definition", "mean", "variance", "count"}, "encoder": {...}, "head": {...}, "critic": {...}}
 * </pre>
 * A policy read back has bitwise the same weights and statistics; any fault is one line naming the file and the field;
 * a problem-A policy is refused with the reason.
 */
public final class OnlinePolicyIo {
    /** The variant label in policy files, and the solver name. */
    public static final String VARIANT = "ppo";
    /** The value of {@code network.problem} in problem-B policy files. */
    public static final String PROBLEM = "pipeline";
    private static final String REWARD_DEFINITION = "-(objective of the requests placed so far, after - before)";

    private OnlinePolicyIo() {
    }

    public static void write(OnlinePolicy policy, Path file) {
        AtomicFiles.write(file, toJson(policy));
    }

    public static OnlinePolicy read(Path file) {
        if (Files.notExists(file)) {
            throw new InvalidInputException("no such policy file: " + file);
        }
        return fromJson(JsonOut.readFile(file), String.valueOf(file));
    }

    public static String toJson(OnlinePolicy policy) {
        ObjectNode root = PolicyJson.header();
        root.put("variant", VARIANT);
        root.put("seed", policy.seed());
        root.putObject("network").put("problem", PROBLEM);
        PolicyJson.writeTraining(root, policy.training());
        PolicyJson.writeSetAgent(root, policy.agent(), "candidateFeatures", OnlineFeatures.OPTION_NAMES,
                OnlineFeatures.GLOBAL_NAMES, REWARD_DEFINITION);
        return PolicyJson.text(root);
    }

    public static OnlinePolicy fromJson(String json, String source) {
        JsonIn in = new JsonIn(source);
        JsonNode root = in.object(in.parse(json), "$");
        PolicyJson.requireHeader(in, root);
        String variant = in.text(root, "$", "variant");
        JsonNode network = in.object(in.required(root, "$", "network"), "$.network");
        String problem = in.text(network, "$.network", "problem");
        if (!problem.equals(PROBLEM)) {
            throw new InvalidInputException("policy " + source + " is a " + problem + " policy (solver '" + variant
                    + "' of problem A), not one of problem B's solver 'ppo'; train one with edgeplan train-ppo"
                    + " --variant pipeline");
        }
        if (!variant.equals(VARIANT)) {
            throw in.error("$.variant", "expected \"" + VARIANT + "\", got \"" + variant + "\"");
        }
        long seed = in.longInteger(root, "$", "seed");
        SetActorCritic agent = PolicyJson.readSetAgent(in, root, "candidateFeatures",
                OnlineFeatures.OPTION_NAMES.size(), OnlineFeatures.GLOBAL_NAMES.size());
        if (agent.options() != 1) {
            throw in.error("$.head", "a problem-B policy gives one score per candidate, this head gives "
                    + agent.options());
        }
        return new OnlinePolicy(agent, seed, PolicyJson.readTraining(in, root));
    }
}
