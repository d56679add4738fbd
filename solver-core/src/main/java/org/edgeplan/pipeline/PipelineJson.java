package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.io.JsonIn;
import org.edgeplan.io.JsonOut;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineInstance.LinkSpec;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.profiles.LayerProfiles;

/** The JSON form of {@link PipelineInstance} (see {@code instances/README.md}). */
public final class PipelineJson {
    private static final List<String> ROOT_FIELDS = List.of("problem", "name", "description", "mode", "objective",
            "linkExclusive", "nodes", "links", "defaultLink", "models", "endpoints");
    private static final List<String> NODE_FIELDS = List.of("name", "kind", "speedFlopsPerSecond", "memoryBytes",
            "queueLimit");
    private static final List<String> LINK_FIELDS = List.of("from", "to", "bandwidthBitsPerSecond", "latencySeconds",
            "bidirectional");
    private static final List<String> LAYER_FIELDS = List.of("name", "flops", "outputBytes", "weightBytes", "inputs");
    private static final List<String> ENDPOINT_FIELDS = List.of("name", "device", "model", "requests",
            "allowedNodes");

    private PipelineJson() {
    }

    public static PipelineInstance read(JsonIn in, JsonNode root) {
        in.allowOnly(root, "$", ROOT_FIELDS);
        String name = in.text(root, "$", "name");
        String description = in.text(root, "$", "description", "");
        PlacementMode mode = PlacementMode.fromLabel(in.choice(root, "$", "mode", "static", List.of("static", "dynamic")));
        PipelineObjective objective = PipelineObjective.fromLabel(
                in.choice(root, "$", "objective", "total-latency", List.of("total-latency", "makespan")));
        boolean linkExclusive = in.bool(root, "$", "linkExclusive", false);

        JsonNode nodesNode = in.array(root, "$", "nodes");
        if (nodesNode.isEmpty()) {
            throw in.error("$.nodes", "needs at least one node, got none");
        }
        List<Node> nodes = new ArrayList<>();
        Map<String, NodeKind> kinds = new HashMap<>();
        for (int i = 0; i < nodesNode.size(); i++) {
            String p = JsonIn.index("$.nodes", i);
            JsonNode o = in.object(nodesNode.get(i), p);
            in.allowOnly(o, p, NODE_FIELDS);
            String nodeName = in.text(o, p, "name");
            NodeKind kind = NodeKind.fromLabel(in.choice(o, p, "kind", null, List.of("device", "edge", "cloud")));
            if (kinds.put(nodeName, kind) != null) {
                throw in.error(p + ".name", "\"" + nodeName + "\" is used by another node too");
            }
            double speed = in.positive(o, p, "speedFlopsPerSecond");
            OptionalLong memory = OptionalLong.empty();
            if (in.has(o, "memoryBytes")) {
                long m = in.integerValue(o.get("memoryBytes"), p + ".memoryBytes");
                if (m < 0) {
                    throw in.error(p + ".memoryBytes", "must be >= 0, got " + m);
                }
                memory = OptionalLong.of(m);
            }
            OptionalInt queue = OptionalInt.empty();
            if (in.has(o, "queueLimit")) {
                int q = in.intValue(o.get("queueLimit"), p + ".queueLimit");
                if (q < 0) {
                    throw in.error(p + ".queueLimit", "must be >= 0, got " + q);
                }
                queue = OptionalInt.of(q);
            }
            nodes.add(new Node(nodeName, kind, speed, memory, queue));
        }

        List<Link> links = new ArrayList<>();
        if (in.has(root, "links")) {
            JsonNode linksNode = in.array(root, "$", "links");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < linksNode.size(); i++) {
                String p = JsonIn.index("$.links", i);
                JsonNode o = in.object(linksNode.get(i), p);
                in.allowOnly(o, p, LINK_FIELDS);
                String from = nodeRef(in, kinds, in.text(o, p, "from"), p + ".from");
                String to = nodeRef(in, kinds, in.text(o, p, "to"), p + ".to");
                if (from.equals(to)) {
                    throw in.error(p, "link from \"" + from + "\" to itself; transfers on one node take no time");
                }
                double bandwidth = in.positive(o, p, "bandwidthBitsPerSecond");
                double latency = in.nonNegative(o, p, "latencySeconds");
                boolean both = in.bool(o, p, "bidirectional", true);
                addLink(in, seen, links, new Link(from, to, bandwidth, latency), p);
                if (both) {
                    addLink(in, seen, links, new Link(to, from, bandwidth, latency), p);
                }
            }
        }

        Optional<LinkSpec> defaultLink = Optional.empty();
        if (in.has(root, "defaultLink")) {
            JsonNode o = in.object(root.get("defaultLink"), "$.defaultLink");
            in.allowOnly(o, "$.defaultLink", List.of("bandwidthBitsPerSecond", "latencySeconds"));
            defaultLink = Optional.of(new LinkSpec(in.positive(o, "$.defaultLink", "bandwidthBitsPerSecond"),
                    in.nonNegative(o, "$.defaultLink", "latencySeconds")));
        }

        JsonNode modelsNode = in.object(in.required(root, "$", "models"), "$.models");
        Map<String, DnnGraph> models = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = modelsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = JsonIn.child("$.models", e.getKey());
            models.put(e.getKey(), readModel(in, e.getKey(), in.object(e.getValue(), p), p));
        }
        if (models.isEmpty()) {
            throw in.error("$.models", "needs at least one model, got none");
        }

        JsonNode endpointsNode = in.array(root, "$", "endpoints");
        if (endpointsNode.isEmpty()) {
            throw in.error("$.endpoints", "needs at least one endpoint, got none");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        Set<String> endpointNames = new HashSet<>();
        long subtasks = 0;
        for (int i = 0; i < endpointsNode.size(); i++) {
            String p = JsonIn.index("$.endpoints", i);
            JsonNode o = in.object(endpointsNode.get(i), p);
            in.allowOnly(o, p, ENDPOINT_FIELDS);
            String endpointName = in.text(o, p, "name");
            if (!endpointNames.add(endpointName)) {
                throw in.error(p + ".name", "\"" + endpointName + "\" is used by another endpoint too");
            }
            if (endpointName.contains("/")) {
                throw in.error(p + ".name", "must not contain '/', got \"" + endpointName + "\"");
            }
            String device = nodeRef(in, kinds, in.text(o, p, "device"), p + ".device");
            if (kinds.get(device) != NodeKind.DEVICE) {
                throw in.error(p + ".device", "\"" + device + "\" is " + (kinds.get(device) == NodeKind.EDGE ? "an " : "a ")
                        + kinds.get(device).label() + " node, not a device");
            }
            String model = in.text(o, p, "model");
            if (!models.containsKey(model)) {
                throw in.error(p + ".model", "unknown model \"" + model + "\"; models: " + models.keySet());
            }
            int layers = models.get(model).layerCount();
            List<Double> releases = readRequests(in, in.object(in.required(o, p, "requests"), p + ".requests"),
                    p + ".requests", layers, subtasks);
            subtasks += (long) releases.size() * layers;
            List<String> allowed = List.of();
            if (in.has(o, "allowedNodes")) {
                allowed = in.texts(o, p, "allowedNodes");
                for (int k = 0; k < allowed.size(); k++) {
                    nodeRef(in, kinds, allowed.get(k), JsonIn.index(p + ".allowedNodes", k));
                }
            }
            try {
                endpoints.add(new Endpoint(endpointName, device, model, releases, allowed));
            } catch (InvalidInputException e) {
                throw in.wrap(p, e);
            }
        }
        try {
            return new PipelineInstance(name, description, nodes, links, defaultLink, models, endpoints, mode,
                    objective, linkExclusive);
        } catch (InvalidInputException e) {
            throw in.wrap("$", e);
        }
    }

    private static void addLink(JsonIn in, Set<String> seen, List<Link> links, Link link, String p) {
        if (!seen.add(link.from() + "\u0000" + link.to())) {
            throw in.error(p, "channel " + link.from() + "->" + link.to() + " is given twice");
        }
        links.add(link);
    }

    private static String nodeRef(JsonIn in, Map<String, NodeKind> kinds, String node, String path) {
        if (!kinds.containsKey(node)) {
            throw in.error(path, "unknown node \"" + node + "\"; nodes: " + kinds.keySet().stream().sorted().toList());
        }
        return node;
    }

    /**
     * The release times of one endpoint; a periodic {@code count} that would take the instance past
     * {@link PipelineInstance#MAX_SUBTASKS} (with the {@code earlier} subtasks of the endpoints before it) is refused
     * before its list is made.
     */
    private static List<Double> readRequests(JsonIn in, JsonNode o, String p, int layers, long earlier) {
        if (in.has(o, "releaseTimesSeconds")) {
            in.allowOnly(o, p, List.of("releaseTimesSeconds"));
            JsonNode a = in.array(o, p, "releaseTimesSeconds");
            if (a.isEmpty()) {
                throw in.error(p + ".releaseTimesSeconds", "needs at least one release time");
            }
            List<Double> out = new ArrayList<>();
            double previous = 0;
            for (int k = 0; k < a.size(); k++) {
                String kp = JsonIn.index(p + ".releaseTimesSeconds", k);
                double t = in.nonNegativeValue(a.get(k), kp);
                if (t < previous) {
                    throw in.error(kp, "release times must not decrease, got " + JsonIn.show(a.get(k)) + " after "
                            + JsonIn.show(a.get(k - 1)));
                }
                previous = t;
                out.add(t);
            }
            return out;
        }
        in.allowOnly(o, p, List.of("count", "periodSeconds", "offsetSeconds", "releaseTimesSeconds"));
        int count = in.integer(o, p, "count");
        if (count < 1) {
            throw in.error(p + ".count", "must be at least 1, got " + count);
        }
        if (earlier + (long) count * layers > PipelineInstance.MAX_SUBTASKS) {
            throw in.error(p + ".count", count + " requests of a " + layers + "-layer model make " + (long) count * layers
                    + " subtasks" + (earlier > 0 ? " (" + (earlier + (long) count * layers) + " with the endpoints before)"
                    : "") + ", more than the " + PipelineInstance.MAX_SUBTASKS / 1_000_000 + " million an instance may have");
        }
        double period = in.nonNegative(o, p, "periodSeconds");
        double offset = in.nonNegative(o, p, "offsetSeconds", 0);
        return Endpoint.periodic(count, period, offset);
    }

    private static DnnGraph readModel(JsonIn in, String key, JsonNode model, String p) {
        if (in.has(model, "profile")) {
            in.allowOnly(model, p, List.of("profile", "resultBytes"));
            String profile = in.text(model, p, "profile");
            double result = in.nonNegative(model, p, "resultBytes", LayerProfiles.RESULT_BYTES);
            try {
                return LayerProfiles.dag(profile, result);
            } catch (InvalidInputException e) {
                throw in.wrap(p + ".profile", e);
            }
        }
        in.allowOnly(model, p, List.of("profile", "name", "inputBytes", "resultBytes", "layers"));
        String name = in.text(model, p, "name", key);
        double inputBytes = in.nonNegative(model, p, "inputBytes");
        double resultBytes = in.nonNegative(model, p, "resultBytes");
        JsonNode layersNode = in.array(model, p, "layers");
        if (layersNode.isEmpty()) {
            throw in.error(p + ".layers", "needs at least one layer, got none");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int v = 0; v < layersNode.size(); v++) {
            String lp = JsonIn.index(p + ".layers", v);
            String layerName = in.text(in.object(layersNode.get(v), lp), lp, "name");
            Integer before = index.put(layerName, v);
            if (before != null) {
                throw in.error(lp + ".name", "\"" + layerName + "\" is already the name of layers[" + before + "]");
            }
        }
        List<DnnLayer> layers = new ArrayList<>();
        for (int v = 0; v < layersNode.size(); v++) {
            String lp = JsonIn.index(p + ".layers", v);
            JsonNode l = layersNode.get(v);
            in.allowOnly(l, lp, LAYER_FIELDS);
            String layerName = l.get("name").textValue();
            double flops = in.nonNegative(l, lp, "flops");
            double out = in.nonNegative(l, lp, "outputBytes");
            double weights = in.nonNegative(l, lp, "weightBytes", 0);
            List<String> inputs = in.has(l, "inputs") ? in.texts(l, lp, "inputs") : List.of();
            for (int k = 0; k < inputs.size(); k++) {
                if (!index.containsKey(inputs.get(k))) {
                    throw in.error(JsonIn.index(lp + ".inputs", k), "unknown layer \"" + inputs.get(k)
                            + "\" (not a layer of this model)");
                }
            }
            layers.add(new DnnLayer(layerName, flops, out, weights, inputs));
        }
        try {
            return new DnnGraph(name, inputBytes, resultBytes, layers);
        } catch (InvalidInputException e) {
            throw in.wrap(p, e);
        }
    }

    public static ObjectNode write(PipelineInstance x) {
        return write(x, false);
    }

    /**
     * The JSON tree of an instance; with {@code expandProfiles} models that equal a shipped profile are written out
     * layer by layer instead of as {@code {"profile": name}} (for content hashes, which must change with the numbers).
     */
    public static ObjectNode write(PipelineInstance x, boolean expandProfiles) {
        ObjectNode root = JsonOut.object();
        root.put("problem", ProblemKind.PIPELINE.label());
        root.put("name", x.name());
        root.put("description", x.description());
        root.put("mode", x.mode().label());
        root.put("objective", x.objective().label());
        root.put("linkExclusive", x.linkExclusive());
        ArrayNode nodes = root.putArray("nodes");
        for (Node n : x.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("name", n.name());
            o.put("kind", n.kind().label());
            o.set("speedFlopsPerSecond", JsonOut.number(n.speedFlopsPerSecond()));
            n.memoryBytes().ifPresent(m -> o.put("memoryBytes", m));
            n.queueLimit().ifPresent(q -> o.put("queueLimit", q));
        }
        ArrayNode links = root.putArray("links");
        List<Link> all = x.links();
        for (int i = 0; i < all.size(); i++) {
            Link a = all.get(i);
            ObjectNode o = links.addObject();
            o.put("from", a.from());
            o.put("to", a.to());
            o.set("bandwidthBitsPerSecond", JsonOut.number(a.bandwidthBitsPerSecond()));
            o.set("latencySeconds", JsonOut.number(a.latencySeconds()));
            boolean pair = i + 1 < all.size() && isReverse(a, all.get(i + 1));
            o.put("bidirectional", pair);
            if (pair) {
                i++;
            }
        }
        x.defaultLink().ifPresent(d -> {
            ObjectNode o = root.putObject("defaultLink");
            o.set("bandwidthBitsPerSecond", JsonOut.number(d.bandwidthBitsPerSecond()));
            o.set("latencySeconds", JsonOut.number(d.latencySeconds()));
        });
        ObjectNode models = root.putObject("models");
        x.models().forEach((key, graph) -> models.set(key, writeModel(key, graph, expandProfiles)));
        ArrayNode endpoints = root.putArray("endpoints");
        for (Endpoint e : x.endpoints()) {
            ObjectNode o = endpoints.addObject();
            o.put("name", e.name());
            o.put("device", e.device());
            o.put("model", e.model());
            o.set("requests", writeRequests(e.releaseTimesSeconds()));
            if (!e.allowedNodes().isEmpty()) {
                ArrayNode a = o.putArray("allowedNodes");
                e.allowedNodes().forEach(a::add);
            }
        }
        return root;
    }

    private static boolean isReverse(Link a, Link b) {
        return a.from().equals(b.to()) && a.to().equals(b.from())
                && a.bandwidthBitsPerSecond() == b.bandwidthBitsPerSecond() && a.latencySeconds() == b.latencySeconds();
    }

    /** The periodic form when it regenerates the release times exactly, else the explicit list. */
    private static ObjectNode writeRequests(List<Double> times) {
        ObjectNode o = JsonOut.object();
        int count = times.size();
        double offset = times.get(0);
        double period = count > 1 ? times.get(1) - offset : 0;
        if (period >= 0 && Endpoint.periodic(count, period, offset).equals(times)) {
            o.put("count", count);
            o.set("periodSeconds", JsonOut.number(period));
            o.set("offsetSeconds", JsonOut.number(offset));
            return o;
        }
        ArrayNode a = o.putArray("releaseTimesSeconds");
        times.forEach(t -> a.add(JsonOut.number(t)));
        return o;
    }

    private static ObjectNode writeModel(String key, DnnGraph g, boolean expandProfiles) {
        ObjectNode m = JsonOut.object();
        if (!expandProfiles && LayerProfiles.isKnown(g.name())) {
            DnnGraph profile = LayerProfiles.dag(g.name(), g.resultBytes());
            if (profile.inputBytes() == g.inputBytes() && profile.layers().equals(g.layers())) {
                m.put("profile", g.name());
                if (g.resultBytes() != LayerProfiles.RESULT_BYTES) {
                    m.set("resultBytes", JsonOut.number(g.resultBytes()));
                }
                return m;
            }
        }
        if (!g.name().equals(key)) {
            m.put("name", g.name());
        }
        m.set("inputBytes", JsonOut.number(g.inputBytes()));
        m.set("resultBytes", JsonOut.number(g.resultBytes()));
        ArrayNode layers = m.putArray("layers");
        for (DnnLayer l : g.layers()) {
            ObjectNode o = layers.addObject();
            o.put("name", l.name());
            o.set("flops", JsonOut.number(l.flops()));
            o.set("outputBytes", JsonOut.number(l.outputBytes()));
            if (l.weightBytes() != 0) {
                o.set("weightBytes", JsonOut.number(l.weightBytes()));
            }
            ArrayNode inputs = o.putArray("inputs");
            l.inputs().forEach(inputs::add);
        }
        return m;
    }
}
