package org.edgeplan.rl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.JsonIn;

/**
 * The problem-independent part of a PPO policy file: the format tag {@value #FORMAT} and version {@value #VERSION}, the
 * hyper-parameters, and the {@link ActorCritic} (statistics, networks, log σ). A problem's policy file puts its own
 * fields (what the policy is for, its provenance) between the header and the agent:
 * <pre>
 * {"format": "edgeplan-ppo-policy", "version": 1, ...the problem's fields...,
 *  "observation": {"features": [names], "mean": [...], "variance": [...], "count", "clip"},
 *  "reward": {"definition": "...", "mean", "variance", "count"},
 *  "actor": {"sizes": [...], "activations": [...], "parameters": [...]},
 *  "critic": {...}, "logStd": [...]}
 * </pre>
 * Network parameters are flat, layer by layer: the weight matrix row by row ({@code out × in}), then the biases. The
 * action distribution is not stored: the problem knows its shape. Objects are indented, arrays written on one line
 * (not {@code JsonOut}'s layout, which would change the bytes of every policy file written so far), every double as the
 * shortest decimal that reads back to the same value, so an agent read back has bitwise the same weights and
 * statistics. Reading goes through {@link JsonIn}: one {@link InvalidInputException} line naming the field.
 */
public final class PolicyJson {
    public static final String FORMAT = "edgeplan-ppo-policy";
    public static final int VERSION = 1;
    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance));

    private PolicyJson() {
    }

    /** A new root object holding the format tag and version. */
    public static ObjectNode header() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        return root;
    }

    /** Refuses a root whose format tag or version is not this build's. */
    public static void requireHeader(JsonIn in, JsonNode root) {
        String format = in.text(root, "$", "format");
        if (!FORMAT.equals(format)) {
            throw in.error("$.format", "expected \"" + FORMAT + "\", got \"" + format + "\" (not a PPO policy file)");
        }
        int version = in.integer(root, "$", "version");
        if (version != VERSION) {
            throw in.error("$.version", "this build reads version " + VERSION + ", got " + version);
        }
    }

    /** The document's text: objects indented by two spaces, arrays on one line, a final newline. */
    public static String text(ObjectNode root) {
        try {
            return WRITER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds the agent's fields to {@code root}.
     *
     * @param featureNames     the observation's features, in order (documentation for readers of the file)
     * @param rewardDefinition what the raw reward is, in words
     */
    public static void writeAgent(ObjectNode root, ActorCritic agent, List<String> featureNames,
                                  String rewardDefinition) {
        ObjectNode observation = root.putObject("observation");
        featureNames.forEach(observation.putArray("features")::add);
        doubles(observation.putArray("mean"), agent.observationStats().mean());
        doubles(observation.putArray("variance"), agent.observationStats().variance());
        observation.put("count", agent.observationStats().count());
        observation.put("clip", agent.observationClip());
        ObjectNode reward = root.putObject("reward");
        reward.put("definition", rewardDefinition);
        reward.put("mean", agent.rewardStats().mean()[0]);
        reward.put("variance", agent.rewardStats().variance()[0]);
        reward.put("count", agent.rewardStats().count());
        root.set("actor", network(agent.actor()));
        root.set("critic", network(agent.critic()));
        doubles(root.putArray("logStd"), agent.logStd());
    }

    /** A network as JSON: {@code sizes}, {@code activations}, flat {@code parameters}. */
    public static ObjectNode network(Mlp net) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        ArrayNode sizes = n.putArray("sizes");
        Arrays.stream(net.sizes()).forEach(sizes::add);
        ArrayNode activations = n.putArray("activations");
        Arrays.stream(net.activations()).map(Activation::label).forEach(activations::add);
        doubles(n.putArray("parameters"), net.parameters());
        return n;
    }

    private static void doubles(ArrayNode a, double[] values) {
        for (double v : values) {
            a.add(v);
        }
    }

    /**
     * Reads the agent's fields of {@code root}.
     *
     * @param distribution    the action distribution the problem's policy uses (not stored in the file)
     * @param observationSize the number of raw features the problem's policy reads
     */
    public static ActorCritic readAgent(JsonIn in, JsonNode root, ActionDistribution distribution,
                                        int observationSize) {
        JsonNode obs = in.object(in.required(root, "$", "observation"), "$.observation");
        double[] mean = in.numbers(obs, "$.observation", "mean");
        double[] variance = in.numbers(obs, "$.observation", "variance");
        if (mean.length != observationSize || variance.length != observationSize) {
            throw in.error("$.observation", "expected " + observationSize + " means and variances (one per feature),"
                    + " got " + mean.length + " and " + variance.length);
        }
        RunningMeanStd obsStats = RunningMeanStd.of(mean, variance, in.longInteger(obs, "$.observation", "count"));
        JsonNode rew = in.object(in.required(root, "$", "reward"), "$.reward");
        RunningMeanStd rewardStats = RunningMeanStd.of(new double[] {in.number(rew, "$.reward", "mean")},
                new double[] {in.number(rew, "$.reward", "variance")}, in.longInteger(rew, "$.reward", "count"));
        Mlp actor = readNetwork(in, root, "actor");
        Mlp critic = readNetwork(in, root, "critic");
        double[] logStd = in.numbers(root, "$", "logStd");
        try {
            return new ActorCritic(distribution, actor, critic, logStd, obsStats,
                    in.number(obs, "$.observation", "clip"), rewardStats);
        } catch (IllegalArgumentException e) {
            throw in.error("$", e.getMessage());
        }
    }

    /** Reads the network written by {@link #network} in field {@code field} of {@code root}. */
    public static Mlp readNetwork(JsonIn in, JsonNode root, String field) {
        String path = JsonIn.child("$", field);
        JsonNode n = in.object(in.required(root, "$", field), path);
        int[] sizes = in.integers(n, path, "sizes");
        List<String> names = in.texts(n, path, "activations");
        Activation[] activations = new Activation[names.size()];
        for (int k = 0; k < activations.length; k++) {
            try {
                activations[k] = Activation.fromLabel(names.get(k));
            } catch (InvalidInputException e) {
                throw in.wrap(JsonIn.index(path + ".activations", k), e);
            }
        }
        Mlp net;
        try {
            net = new Mlp(sizes, activations);
        } catch (IllegalArgumentException e) {
            throw in.error(path, e.getMessage());
        }
        double[] parameters = in.numbers(n, path, "parameters");
        if (parameters.length != net.parameterCount()) {
            throw in.error(path + ".parameters", "layer sizes " + Arrays.toString(sizes) + " need "
                    + net.parameterCount() + " parameters, got " + parameters.length);
        }
        net.setParameters(parameters);
        return net;
    }

    /** The hyper-parameters as a JSON object. */
    public static ObjectNode config(PpoConfig c) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        c.hiddenSizes().forEach(n.putArray("hiddenSizes")::add);
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

    /** Reads hyper-parameters written by {@link #config}; {@code path} is the object's JSON path. */
    public static PpoConfig readConfig(JsonIn in, JsonNode c, String path) {
        List<Integer> hidden = new ArrayList<>();
        for (int h : in.integers(c, path, "hiddenSizes")) {
            hidden.add(h);
        }
        String activation = in.text(c, path, "activation");
        Activation hiddenActivation;
        try {
            hiddenActivation = Activation.fromLabel(activation);
        } catch (InvalidInputException e) {
            throw in.wrap(JsonIn.child(path, "activation"), e);
        }
        // Every field is read before the record checks them together, so that a field's own fault names the field.
        double learningRate = in.number(c, path, "learningRate");
        boolean anneal = in.bool(c, path, "annealLearningRate");
        int batch = in.integer(c, path, "batchEpisodes");
        int minibatch = in.integer(c, path, "minibatchSize");
        int epochs = in.integer(c, path, "epochs");
        double clip = in.number(c, path, "clipEpsilon");
        double entropy = in.number(c, path, "entropyCoefficient");
        double gradNorm = in.number(c, path, "maxGradNorm");
        double gamma = in.number(c, path, "gamma");
        double lambda = in.number(c, path, "lambda");
        double observationClip = in.number(c, path, "observationClip");
        boolean scaleRewards = in.bool(c, path, "scaleRewards");
        double initialLogStd = in.number(c, path, "initialLogStd");
        try {
            return new PpoConfig(hidden, hiddenActivation, learningRate, anneal, batch, minibatch, epochs, clip,
                    entropy, gradNorm, gamma, lambda, observationClip, scaleRewards, initialLogStd);
        } catch (InvalidInputException e) {
            throw in.wrap(path, e);
        }
    }

    /** Adds how the policy was trained as {@code training} (nothing when {@code t} is null). */
    public static void writeTraining(ObjectNode root, TrainingInfo t) {
        if (t == null) {
            return;
        }
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
        training.set("config", config(t.config()));
    }

    /** The {@code training} field written by {@link #writeTraining}, or null when absent. */
    public static TrainingInfo readTraining(JsonIn in, JsonNode root) {
        if (!in.has(root, "training")) {
            return null;
        }
        String p = "$.training";
        JsonNode t = in.object(root.get("training"), p);
        return new TrainingInfo(in.text(t, p, "scenarios"), in.longInteger(t, p, "episodes"),
                in.integer(t, p, "updates"), in.number(t, p, "wallSeconds"),
                in.has(t, "cpuSeconds") && !t.get("cpuSeconds").isNull() ? in.number(t, p, "cpuSeconds")
                        : Double.NaN,
                in.bool(t, p, "stoppedByDeadline"),
                readConfig(in, in.object(in.required(t, p, "config"), p + ".config"), p + ".config"));
    }

    /**
     * Adds a set agent's fields to {@code root}: the entity statistics under {@code entityField}, then
     * {@code globalFeatures}, {@code clip}, {@code reward} and the three networks.
     *
     * @param entityNames      the entity features, in order (documentation for readers of the file)
     * @param rewardDefinition what the raw reward is, in words
     */
    public static void writeSetAgent(ObjectNode root, SetActorCritic a, String entityField, List<String> entityNames,
                                     List<String> globalNames, String rewardDefinition) {
        stats(root.putObject(entityField), entityNames, a.entityStats());
        stats(root.putObject("globalFeatures"), globalNames, a.globalStats());
        root.put("clip", a.observationClip());
        stats(root.putObject("reward"), null, a.rewardStats()).put("definition", rewardDefinition);
        root.set("encoder", network(a.encoder()));
        root.set("head", network(a.head()));
        root.set("critic", network(a.critic()));
    }

    /** The set agent written by {@link #writeSetAgent}, its features' counts checked; faults name the field. */
    public static SetActorCritic readSetAgent(JsonIn in, JsonNode root, String entityField, int entityFeatures,
                                              int globalFeatures) {
        RunningMeanStd entity = readStats(in, root, entityField, entityFeatures);
        RunningMeanStd global = readStats(in, root, "globalFeatures", globalFeatures);
        JsonNode rew = in.object(in.required(root, "$", "reward"), "$.reward");
        RunningMeanStd reward = RunningMeanStd.of(new double[] {in.number(rew, "$.reward", "mean")},
                new double[] {in.number(rew, "$.reward", "variance")}, in.longInteger(rew, "$.reward", "count"));
        double clip = in.number(root, "$", "clip");
        Mlp encoder = readNetwork(in, root, "encoder");
        Mlp head = readNetwork(in, root, "head");
        Mlp critic = readNetwork(in, root, "critic");
        try {
            return new SetActorCritic(encoder, head, critic, entity, global, clip, reward);
        } catch (IllegalArgumentException e) {
            throw in.error("$", e.getMessage());
        }
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
            doubles(node.putArray("mean"), mean);
            doubles(node.putArray("variance"), variance);
        }
        node.put("count", s.count());
        return node;
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
