package org.edgeplan.multiexit.ppo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.rl.Activation;
import org.edgeplan.rl.Mlp;
import org.edgeplan.rl.RunningMeanStd;

/**
 * Policy files: JSON with the format tag {@value #FORMAT}, version {@value #VERSION}. Objects are indented, number
 * arrays written on one line; every double is written as the shortest decimal that reads back to the same value, so a
 * policy read back has bitwise the same weights and statistics. Layout:
 * <pre>
 * {"format": "edgeplan-ppo-policy", "version": 1, "variant": "ppo" | "ppo-shares", "seed": S,
 *  "family": {"problem": "multi-exit", "model", "layerCount", "exits": [...], "devices": [...], "instances": [...]},
 *  "training": {"episodes", "updates", "bandwidthsMbps": [...], "sampling", "wallSeconds", "cpuSeconds",
 *               "stoppedByDeadline", "config": {...hyper-parameters...}},
 *  "observation": {"features": [names], "mean": [...], "variance": [...], "count", "clip"},
 *  "reward": {"definition": "-cost / device-only cost", "mean", "variance", "count", "scaled"},
 *  "actor": {"sizes": [...], "activations": [...], "parameters": [...]},
 *  "critic": {...}, "logStd": [...]}
 * </pre>
 * Network parameters are flat, layer by layer: the weight matrix row by row ({@code out × in}), then the biases.
 */
public final class PolicyIo {
    public static final String FORMAT = "edgeplan-ppo-policy";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PolicyIo() {
    }

    /** Writes the policy to {@code file}, replacing it atomically. */
    public static void write(PpoPolicy policy, Path file) {
        AtomicFiles.write(file, toJson(policy));
    }

    /** Reads a policy file; any fault is one line naming the file and the field. */
    public static PpoPolicy read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such policy file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fromJson(text, String.valueOf(file));
    }

    /** The policy as JSON text. */
    public static String toJson(PpoPolicy policy) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("variant", policy.variant().label());
        root.put("seed", policy.seed());
        PolicyFamily f = policy.family();
        ObjectNode family = root.putObject("family");
        family.put("problem", "multi-exit");
        family.put("model", f.model());
        family.put("layerCount", f.layerCount());
        ints(family.putArray("exits"), f.exits());
        strings(family.putArray("devices"), f.devices());
        strings(family.putArray("instances"), f.instances());
        TrainingInfo t = policy.training();
        if (t != null) {
            ObjectNode training = root.putObject("training");
            training.put("episodes", t.episodes());
            training.put("updates", t.updates());
            ArrayNode bw = training.putArray("bandwidthsMbps");
            t.bandwidthsMbps().forEach(bw::add);
            training.put("sampling", t.sampling());
            training.put("wallSeconds", t.wallSeconds());
            if (Double.isFinite(t.cpuSeconds())) {
                training.put("cpuSeconds", t.cpuSeconds());
            } else {
                training.putNull("cpuSeconds");
            }
            training.put("stoppedByDeadline", t.stoppedByDeadline());
            training.set("config", config(t.config()));
        }
        ObjectNode observation = root.putObject("observation");
        strings(observation.putArray("features"), SplitFeatures.names(f.deviceCount(), f.layerCount()));
        doubles(observation.putArray("mean"), policy.observationStats().mean());
        doubles(observation.putArray("variance"), policy.observationStats().variance());
        observation.put("count", policy.observationStats().count());
        observation.put("clip", policy.observationClip());
        ObjectNode reward = root.putObject("reward");
        reward.put("definition", "-cost / device-only cost");
        reward.put("mean", policy.rewardStats().mean()[0]);
        reward.put("variance", policy.rewardStats().variance()[0]);
        reward.put("count", policy.rewardStats().count());
        root.set("actor", network(policy.actor()));
        root.set("critic", network(policy.critic()));
        doubles(root.putArray("logStd"), policy.logStd());
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode config(PpoConfig c) {
        ObjectNode n = MAPPER.createObjectNode();
        ints(n.putArray("hiddenSizes"), c.hiddenSizes());
        n.put("activation", c.activation().label());
        n.put("learningRate", c.learningRate());
        n.put("annealLearningRate", c.annealLearningRate());
        n.put("batchEpisodes", c.batchEpisodes());
        n.put("minibatchSize", c.minibatchSize());
        n.put("epochs", c.epochs());
        n.put("clipEpsilon", c.clipEpsilon());
        n.put("entropyCoefficient", c.entropyCoefficient());
        n.put("maxGradNorm", c.maxGradNorm());
        n.put("gamma", c.gamma());
        n.put("lambda", c.lambda());
        n.put("observationClip", c.observationClip());
        n.put("scaleRewards", c.scaleRewards());
        n.put("initialLogStd", c.initialLogStd());
        return n;
    }

    private static ObjectNode network(Mlp net) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode sizes = n.putArray("sizes");
        for (int s : net.sizes()) {
            sizes.add(s);
        }
        ArrayNode acts = n.putArray("activations");
        for (Activation a : net.activations()) {
            acts.add(a.label());
        }
        doubles(n.putArray("parameters"), net.parameters());
        return n;
    }

    private static void ints(ArrayNode a, List<Integer> values) {
        values.forEach(a::add);
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static void doubles(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }

    /** Parses policy JSON; {@code source} starts every error message. */
    public static PpoPolicy fromJson(String json, String source) {
        Reader in = new Reader(source);
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": malformed JSON"
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + ": "
                    + String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw in.error("$", "expected a JSON object");
        }
        String format = in.text(root, "$", "format");
        if (!FORMAT.equals(format)) {
            throw in.error("$.format", "expected \"" + FORMAT + "\", got \"" + format + "\" (not a PPO policy file)");
        }
        long version = in.integer(root, "$", "version");
        if (version != VERSION) {
            throw in.error("$.version", "this build reads version " + VERSION + ", got " + version);
        }
        PpoVariant variant;
        try {
            variant = PpoVariant.fromLabel(in.text(root, "$", "variant"));
        } catch (InvalidInputException e) {
            throw in.error("$.variant", e.getMessage());
        }
        long seed = in.integer(root, "$", "seed");
        JsonNode fam = in.object(root, "$", "family");
        String problem = in.text(fam, "$.family", "problem");
        if (!problem.equals("multi-exit")) {
            throw in.error("$.family.problem", "expected \"multi-exit\", got \"" + problem + "\"");
        }
        int layers = (int) in.integer(fam, "$.family", "layerCount");
        List<Integer> exits = new ArrayList<>();
        for (long e : in.integers(fam, "$.family", "exits")) {
            exits.add((int) e);
        }
        PolicyFamily family;
        try {
            family = new PolicyFamily(in.text(fam, "$.family", "model"), layers, exits,
                    in.strings(fam, "$.family", "devices"), in.strings(fam, "$.family", "instances"));
            family.exitSet();
        } catch (InvalidInputException e) {
            throw in.error("$.family", e.getMessage());
        }
        TrainingInfo training = null;
        if (root.has("training")) {
            JsonNode t = in.object(root, "$", "training");
            List<Double> bw = new ArrayList<>();
            for (double d : in.doubles(t, "$.training", "bandwidthsMbps")) {
                bw.add(d);
            }
            JsonNode cpu = t.get("cpuSeconds");
            training = new TrainingInfo(in.integer(t, "$.training", "episodes"),
                    (int) in.integer(t, "$.training", "updates"), bw, in.text(t, "$.training", "sampling"),
                    in.number(t, "$.training", "wallSeconds"),
                    cpu == null || cpu.isNull() ? Double.NaN : in.number(t, "$.training", "cpuSeconds"),
                    in.bool(t, "$.training", "stoppedByDeadline"), readConfig(in, in.object(t, "$.training", "config")));
        }
        JsonNode obs = in.object(root, "$", "observation");
        double[] mean = in.doubles(obs, "$.observation", "mean");
        double[] variance = in.doubles(obs, "$.observation", "variance");
        int features = SplitFeatures.count(family.deviceCount(), layers);
        if (mean.length != features || variance.length != features) {
            throw in.error("$.observation", "expected " + features + " means and variances for M = "
                    + family.deviceCount() + ", N = " + layers + ", got " + mean.length + " and " + variance.length);
        }
        RunningMeanStd obsStats = RunningMeanStd.of(mean, variance, in.integer(obs, "$.observation", "count"));
        JsonNode rew = in.object(root, "$", "reward");
        RunningMeanStd rewardStats = RunningMeanStd.of(new double[] {in.number(rew, "$.reward", "mean")},
                new double[] {in.number(rew, "$.reward", "variance")}, in.integer(rew, "$.reward", "count"));
        Mlp actor = readNetwork(in, in.object(root, "$", "actor"), "$.actor");
        Mlp critic = readNetwork(in, in.object(root, "$", "critic"), "$.critic");
        double[] logStd = in.doubles(root, "$", "logStd");
        try {
            return new PpoPolicy(variant, family, actor, critic, logStd, obsStats, in.number(obs, "$.observation", "clip"),
                    rewardStats, seed, training);
        } catch (IllegalArgumentException e) {
            throw in.error("$", e.getMessage());
        }
    }

    private static PpoConfig readConfig(Reader in, JsonNode c) {
        String p = "$.training.config";
        List<Integer> hidden = new ArrayList<>();
        for (long h : in.integers(c, p, "hiddenSizes")) {
            hidden.add((int) h);
        }
        try {
            return new PpoConfig(hidden, Activation.fromLabel(in.text(c, p, "activation")), in.number(c, p, "learningRate"),
                    in.bool(c, p, "annealLearningRate"), (int) in.integer(c, p, "batchEpisodes"),
                    (int) in.integer(c, p, "minibatchSize"), (int) in.integer(c, p, "epochs"),
                    in.number(c, p, "clipEpsilon"), in.number(c, p, "entropyCoefficient"), in.number(c, p, "maxGradNorm"),
                    in.number(c, p, "gamma"), in.number(c, p, "lambda"), in.number(c, p, "observationClip"),
                    in.bool(c, p, "scaleRewards"), in.number(c, p, "initialLogStd"));
        } catch (InvalidInputException e) {
            throw in.error(p, e.getMessage());
        }
    }

    private static Mlp readNetwork(Reader in, JsonNode n, String path) {
        long[] sizesLong = in.integers(n, path, "sizes");
        int[] sizes = new int[sizesLong.length];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = (int) sizesLong[k];
        }
        List<String> names = in.strings(n, path, "activations");
        Activation[] acts = new Activation[names.size()];
        for (int k = 0; k < acts.length; k++) {
            try {
                acts[k] = Activation.fromLabel(names.get(k));
            } catch (InvalidInputException e) {
                throw in.error(path + ".activations[" + k + "]", e.getMessage());
            }
        }
        Mlp net;
        try {
            net = new Mlp(sizes, acts);
        } catch (IllegalArgumentException e) {
            throw in.error(path, e.getMessage());
        }
        double[] params = in.doubles(n, path, "parameters");
        if (params.length != net.parameterCount()) {
            throw in.error(path + ".parameters", "layer sizes " + java.util.Arrays.toString(sizes) + " need "
                    + net.parameterCount() + " parameters, got " + params.length);
        }
        net.setParameters(params);
        return net;
    }

    /** Field access with one-line errors: {@code source: $.path: what is wrong}. */
    private record Reader(String source) {
        InvalidInputException error(String path, String message) {
            return new InvalidInputException(source + ": " + path + ": " + message);
        }

        JsonNode required(JsonNode node, String path, String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw error(path + "." + field, "missing");
            }
            return v;
        }

        JsonNode object(JsonNode node, String path, String field) {
            JsonNode v = required(node, path, field);
            if (!v.isObject()) {
                throw error(path + "." + field, "expected an object");
            }
            return v;
        }

        String text(JsonNode node, String path, String field) {
            JsonNode v = required(node, path, field);
            if (!v.isTextual()) {
                throw error(path + "." + field, "expected a string, got " + v);
            }
            return v.asText();
        }

        long integer(JsonNode node, String path, String field) {
            JsonNode v = required(node, path, field);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(path + "." + field, "expected an integer, got " + v);
            }
            return v.asLong();
        }

        double number(JsonNode node, String path, String field) {
            JsonNode v = required(node, path, field);
            if (!v.isNumber()) {
                throw error(path + "." + field, "expected a number, got " + v);
            }
            return v.asDouble();
        }

        boolean bool(JsonNode node, String path, String field) {
            JsonNode v = required(node, path, field);
            if (!v.isBoolean()) {
                throw error(path + "." + field, "expected true or false, got " + v);
            }
            return v.asBoolean();
        }

        JsonNode array(JsonNode node, String path, String field) {
            JsonNode v = required(node, path, field);
            if (!v.isArray()) {
                throw error(path + "." + field, "expected an array");
            }
            return v;
        }

        double[] doubles(JsonNode node, String path, String field) {
            JsonNode a = array(node, path, field);
            double[] out = new double[a.size()];
            for (int k = 0; k < out.length; k++) {
                JsonNode v = a.get(k);
                if (!v.isNumber()) {
                    throw error(path + "." + field + "[" + k + "]", "expected a number, got " + v);
                }
                out[k] = v.asDouble();
            }
            return out;
        }

        long[] integers(JsonNode node, String path, String field) {
            JsonNode a = array(node, path, field);
            long[] out = new long[a.size()];
            for (int k = 0; k < out.length; k++) {
                JsonNode v = a.get(k);
                if (!v.isIntegralNumber()) {
                    throw error(path + "." + field + "[" + k + "]", "expected an integer, got " + v);
                }
                out[k] = v.asLong();
            }
            return out;
        }

        List<String> strings(JsonNode node, String path, String field) {
            JsonNode a = array(node, path, field);
            List<String> out = new ArrayList<>();
            for (int k = 0; k < a.size(); k++) {
                if (!a.get(k).isTextual()) {
                    throw error(path + "." + field + "[" + k + "]", "expected a string, got " + a.get(k));
                }
                out.add(a.get(k).asText());
            }
            return out;
        }
    }
}
