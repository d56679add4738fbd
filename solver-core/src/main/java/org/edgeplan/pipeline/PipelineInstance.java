package org.edgeplan.pipeline;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import org.edgeplan.core.ProblemKind;

/**
 * Problem B, the pipeline model as reconstructed in {@code docs/models/pipeline-model.md}: endpoints stream
 * requests of DNN DAGs; every (endpoint, request, layer) subtask is placed on a node and scheduled in node
 * queues, with transfer delays between nodes.
 *
 * <p>Subtasks are numbered densely: {@code subtaskId(e, k, v) = base(e) + k · L_e + v} with v the layer's
 * topological index; requests likewise: {@code requestId(e, k) = requestBase(e) + k}.
 */
public final class PipelineInstance implements Instance {
    private final String name;
    private final String description;
    private final List<Node> nodes;
    private final List<Link> links;
    private final Optional<LinkSpec> defaultLink;
    private final Map<String, DnnGraph> models;
    private final List<Endpoint> endpoints;
    private final PlacementMode mode;
    private final PipelineObjective objective;
    private final boolean linkExclusive;

    private final Map<String, Integer> nodeIndex = new HashMap<>();
    private final double[][] linkLatencySeconds;  // NaN: no channel
    private final double[][] linkSecondsPerByte;
    private final DnnGraph[] endpointModel;
    private final int[] endpointDevice;
    private final boolean[][] endpointAllowed;    // [e][n]
    private final int[] subtaskBase;
    private final int[] requestBase;
    private final int subtaskCount;
    private final int requestCount;
    private final int[] subtaskEndpoint;
    private final int[] subtaskRequest;
    private final int[] subtaskLayer;

    /** The most subtasks an instance may have (their ids are ints, and so are the exact models' indices). */
    public static final long MAX_SUBTASKS = 50_000_000L;
    /** Heap bytes per node pair: the two link tables (doubles). */
    static final long BYTES_PER_NODE_PAIR = 16;
    /** Heap bytes per node pair of the simulator's channel queues when channels are exclusive (reference, 2 flags). */
    static final long BYTES_PER_EXCLUSIVE_CHANNEL = 6;
    /**
     * Heap bytes per subtask of this instance (12), its {@link CompiledPipeline} (44), one plan (8) and one
     * evaluation ({@link QueueTiming} 36, the simulator 40), counted from their arrays.
     */
    static final long BYTES_PER_SUBTASK = 140;
    /** Heap bytes per data edge between subtasks: the compiled form's 3 ints and the simulator's 3 doubles. */
    static final long BYTES_PER_DATA_EDGE = 36;
    /** Heap bytes per request: its boxed release time (twice referenced), the compiled and the simulator's arrays. */
    static final long BYTES_PER_REQUEST = 72;

    /**
     * Refuses, before anything of its size is allocated, an instance whose tables cannot fit in the heap
     * ({@link MemoryBudget}): the node × node link tables ({@value #BYTES_PER_NODE_PAIR} bytes per pair, and
     * {@value #BYTES_PER_EXCLUSIVE_CHANNEL} more with exclusive channels), the endpoint × node table of allowed
     * nodes (1 byte each) and what every use of the instance allocates per subtask, data edge and request (the
     * compiled form, a plan, an evaluation; see the constants). Endpoints whose model is missing are skipped (the
     * constructor names them).
     */
    static void requireMemory(String who, int nodes, List<Endpoint> endpoints, Map<String, DnnGraph> models,
                              boolean linkExclusive) {
        Footprint f = Footprint.of(nodes, endpoints, models, linkExclusive);
        if (f.subtasks() > MAX_SUBTASKS) {
            throw new InvalidInputException(who + ": " + f.subtasks() + " subtasks (" + f.requests() + " requests), more"
                    + " than the " + MAX_SUBTASKS / 1_000_000 + " million an instance may have");
        }
        String what;
        if (f.linkBytes() >= f.allowedBytes() && f.linkBytes() >= f.subtaskBytes()) {
            what = nodes + " nodes need two " + nodes + " x " + nodes + " link tables"
                    + (linkExclusive ? " and as many exclusive channels" : "");
        } else if (f.allowedBytes() >= f.subtaskBytes()) {
            what = endpoints.size() + " endpoints on " + nodes + " nodes need an " + endpoints.size() + " x " + nodes
                    + " table of allowed nodes";
        } else {
            what = f.subtasks() + " subtasks (" + f.requests() + " requests) need their tables, a plan and an evaluation";
        }
        MemoryBudget.require(who + ": " + what, f.total());
    }

    /** The heap bytes {@link #requireMemory} estimates for an instance of these parts. */
    static long estimatedBytes(int nodes, List<Endpoint> endpoints, Map<String, DnnGraph> models,
                               boolean linkExclusive) {
        return Footprint.of(nodes, endpoints, models, linkExclusive).total();
    }

    /** Counts and heap bytes of the parts of an instance that grow fastest. */
    private record Footprint(long subtasks, long requests, long linkBytes, long allowedBytes, long subtaskBytes) {
        static Footprint of(int nodes, List<Endpoint> endpoints, Map<String, DnnGraph> models, boolean linkExclusive) {
            long subtasks = 0;
            long edges = 0;
            long requests = 0;
            Map<String, Long> edgesPerRequest = new HashMap<>();
            for (Endpoint ep : endpoints) {
                DnnGraph model = models.get(ep.model());
                if (model == null) {
                    continue;
                }
                long perRequest = edgesPerRequest.computeIfAbsent(ep.model(), k -> {
                    long count = 0;
                    for (int v = 0; v < model.layerCount(); v++) {
                        count += model.predecessorCount(v);
                    }
                    return count;
                });
                requests += ep.requestCount();
                subtasks = MemoryBudget.sum(subtasks, MemoryBudget.product(ep.requestCount(), model.layerCount()));
                edges = MemoryBudget.sum(edges, MemoryBudget.product(ep.requestCount(), perRequest));
            }
            long subtaskBytes = MemoryBudget.sum(MemoryBudget.product(subtasks, BYTES_PER_SUBTASK),
                    MemoryBudget.product(edges, BYTES_PER_DATA_EDGE), MemoryBudget.product(requests, BYTES_PER_REQUEST));
            return new Footprint(subtasks, requests, linkTableBytes(nodes, linkExclusive),
                    MemoryBudget.product(endpoints.size(), nodes), subtaskBytes);
        }

        long total() {
            return MemoryBudget.sum(linkBytes, allowedBytes, subtaskBytes);
        }
    }

    /** Heap bytes of the node × node tables of an instance with {@code nodes} nodes (see {@link #requireMemory}). */
    public static long linkTableBytes(int nodes, boolean linkExclusive) {
        return MemoryBudget.product(nodes, nodes, BYTES_PER_NODE_PAIR + (linkExclusive ? BYTES_PER_EXCLUSIVE_CHANNEL : 0));
    }

    /** Bandwidth and latency of the channel used between node pairs that have no explicit link. */
    public record LinkSpec(double bandwidthBitsPerSecond, double latencySeconds) {
        public LinkSpec {
            if (!(bandwidthBitsPerSecond > 0)) {
                throw new InvalidInputException("default link: bandwidthBitsPerSecond must be positive, got "
                        + bandwidthBitsPerSecond);
            }
            if (!(latencySeconds >= 0) || Double.isInfinite(latencySeconds)) {
                throw new InvalidInputException("default link: latencySeconds must be >= 0, got " + latencySeconds);
            }
        }
    }

    public PipelineInstance(String name, String description, List<Node> nodes, List<Link> links,
                            Optional<LinkSpec> defaultLink, Map<String, DnnGraph> models, List<Endpoint> endpoints,
                            PlacementMode mode, PipelineObjective objective, boolean linkExclusive) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? "" : description;
        this.nodes = List.copyOf(nodes);
        this.links = List.copyOf(links);
        this.defaultLink = defaultLink == null ? Optional.empty() : defaultLink;
        this.models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.endpoints = List.copyOf(endpoints);
        this.mode = Objects.requireNonNull(mode, "mode");
        this.objective = Objects.requireNonNull(objective, "objective");
        this.linkExclusive = linkExclusive;
        String who = "instance '" + name + "'";
        if (this.nodes.isEmpty()) {
            throw new InvalidInputException(who + ": needs at least one node");
        }
        if (this.endpoints.isEmpty()) {
            throw new InvalidInputException(who + ": needs at least one endpoint");
        }
        for (int n = 0; n < this.nodes.size(); n++) {
            if (nodeIndex.put(this.nodes.get(n).name(), n) != null) {
                throw new InvalidInputException(who + ": node name '" + this.nodes.get(n).name() + "' is used twice");
            }
        }
        int nn = this.nodes.size();
        requireMemory(who, nn, this.endpoints, this.models, linkExclusive);
        linkLatencySeconds = new double[nn][nn];
        linkSecondsPerByte = new double[nn][nn];
        for (int a = 0; a < nn; a++) {
            for (int b = 0; b < nn; b++) {
                if (a == b) {
                    continue;
                }
                if (this.defaultLink.isPresent()) {
                    linkLatencySeconds[a][b] = this.defaultLink.get().latencySeconds();
                    linkSecondsPerByte[a][b] = 8.0 / this.defaultLink.get().bandwidthBitsPerSecond();
                } else {
                    linkLatencySeconds[a][b] = Double.NaN;
                    linkSecondsPerByte[a][b] = Double.NaN;
                }
            }
        }
        java.util.Set<String> seenLinks = new java.util.HashSet<>();
        for (Link link : this.links) {
            int a = requireNode(link.from(), "link " + link.from() + "->" + link.to());
            int b = requireNode(link.to(), "link " + link.from() + "->" + link.to());
            if (!seenLinks.add(link.from() + "\u0000" + link.to())) {
                throw new InvalidInputException(who + ": link " + link.from() + "->" + link.to() + " is given twice");
            }
            linkLatencySeconds[a][b] = link.latencySeconds();
            linkSecondsPerByte[a][b] = 8.0 / link.bandwidthBitsPerSecond();
        }
        int ne = this.endpoints.size();
        endpointModel = new DnnGraph[ne];
        endpointDevice = new int[ne];
        endpointAllowed = new boolean[ne][nn];
        subtaskBase = new int[ne + 1];
        requestBase = new int[ne + 1];
        java.util.Set<String> endpointNames = new java.util.HashSet<>();
        long subtasks = 0;
        for (int e = 0; e < ne; e++) {
            Endpoint ep = this.endpoints.get(e);
            if (!endpointNames.add(ep.name())) {
                throw new InvalidInputException(who + ": endpoint name '" + ep.name() + "' is used twice");
            }
            DnnGraph model = this.models.get(ep.model());
            if (model == null) {
                throw new InvalidInputException(who + ": endpoint '" + ep.name() + "' uses model '" + ep.model()
                        + "', which is not defined; models: " + this.models.keySet());
            }
            endpointModel[e] = model;
            int device = requireNode(ep.device(), "endpoint '" + ep.name() + "'");
            if (this.nodes.get(device).kind() != NodeKind.DEVICE) {
                throw new InvalidInputException(who + ": endpoint '" + ep.name() + "' has device '" + ep.device()
                        + "', which is a " + this.nodes.get(device).kind().label() + " node, not a device");
            }
            endpointDevice[e] = device;
            if (ep.allowedNodes().isEmpty()) {
                for (int n = 0; n < nn; n++) {
                    endpointAllowed[e][n] = n == device || this.nodes.get(n).kind() != NodeKind.DEVICE;
                }
            } else {
                for (String allowed : ep.allowedNodes()) {
                    endpointAllowed[e][requireNode(allowed, "endpoint '" + ep.name() + "' allowedNodes")] = true;
                }
            }
            subtaskBase[e] = (int) subtasks;
            requestBase[e + 1] = requestBase[e] + ep.requestCount();
            subtasks += (long) ep.requestCount() * model.layerCount();
            if (subtasks > MAX_SUBTASKS) {
                throw new InvalidInputException(who + ": more than " + MAX_SUBTASKS / 1_000_000 + " million subtasks");
            }
        }
        subtaskBase[ne] = (int) subtasks;
        subtaskCount = (int) subtasks;
        requestCount = requestBase[ne];
        subtaskEndpoint = new int[subtaskCount];
        subtaskRequest = new int[subtaskCount];
        subtaskLayer = new int[subtaskCount];
        for (int e = 0; e < ne; e++) {
            int layers = endpointModel[e].layerCount();
            for (int k = 0; k < this.endpoints.get(e).requestCount(); k++) {
                for (int v = 0; v < layers; v++) {
                    int id = subtaskBase[e] + k * layers + v;
                    subtaskEndpoint[id] = e;
                    subtaskRequest[id] = k;
                    subtaskLayer[id] = v;
                }
            }
        }
    }

    private int requireNode(String nodeName, String where) {
        Integer n = nodeIndex.get(nodeName);
        if (n == null) {
            throw new InvalidInputException("instance '" + name + "': " + where + " names node '" + nodeName
                    + "', which does not exist; nodes: " + nodeIndex.keySet().stream().sorted().toList());
        }
        return n;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.PIPELINE;
    }

    public String description() {
        return description;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public int nodeCount() {
        return nodes.size();
    }

    public Node node(int n) {
        return nodes.get(n);
    }

    /** Index of a node by name, or -1. */
    public int nodeIndex(String nodeName) {
        return nodeIndex.getOrDefault(nodeName, -1);
    }

    /** The explicit links as given (directed channels). */
    public List<Link> links() {
        return links;
    }

    public Optional<LinkSpec> defaultLink() {
        return defaultLink;
    }

    public Map<String, DnnGraph> models() {
        return models;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public int endpointCount() {
        return endpoints.size();
    }

    public Endpoint endpoint(int e) {
        return endpoints.get(e);
    }

    public PlacementMode mode() {
        return mode;
    }

    public PipelineObjective objective() {
        return objective;
    }

    /** Whether each directed channel carries one transfer at a time. */
    public boolean linkExclusive() {
        return linkExclusive;
    }

    /** The DNN of endpoint e. */
    public DnnGraph model(int e) {
        return endpointModel[e];
    }

    /** The node index of endpoint e's own device. */
    public int deviceOf(int e) {
        return endpointDevice[e];
    }

    /** Whether the layers of endpoint e may run on node n. */
    public boolean allowed(int e, int n) {
        return endpointAllowed[e][n];
    }

    /** Whether data can move from node a to node b (always true for a == b). */
    public boolean connected(int a, int b) {
        return a == b || !Double.isNaN(linkLatencySeconds[a][b]);
    }

    /** Seconds to move {@code bytes} from node a to node b: 0 on one node, +Infinity without a channel. */
    public double transferSeconds(int a, int b, double bytes) {
        if (a == b) {
            return 0.0;
        }
        double latency = linkLatencySeconds[a][b];
        if (Double.isNaN(latency)) {
            return Double.POSITIVE_INFINITY;
        }
        return latency + bytes * linkSecondsPerByte[a][b];
    }

    /** Seconds to compute subtask {@code id} on node n. */
    public double computeSeconds(int id, int n) {
        return endpointModel[subtaskEndpoint[id]].layer(subtaskLayer[id]).flops() / nodes.get(n).speedFlopsPerSecond();
    }

    /** Total number of (endpoint, request, layer) subtasks. */
    public int subtaskCount() {
        return subtaskCount;
    }

    /** Total number of requests over all endpoints. */
    public int requestCount() {
        return requestCount;
    }

    public int subtaskId(int endpoint, int request, int layer) {
        return subtaskBase[endpoint] + request * endpointModel[endpoint].layerCount() + layer;
    }

    public int requestId(int endpoint, int request) {
        return requestBase[endpoint] + request;
    }

    public int subtaskEndpoint(int id) {
        return subtaskEndpoint[id];
    }

    public int subtaskRequest(int id) {
        return subtaskRequest[id];
    }

    public int subtaskLayer(int id) {
        return subtaskLayer[id];
    }

    /** Global request id of subtask {@code id}. */
    public int subtaskRequestId(int id) {
        return requestBase[subtaskEndpoint[id]] + subtaskRequest[id];
    }

    /** Release time of the request of subtask {@code id}. */
    public double releaseSeconds(int endpoint, int request) {
        return endpoints.get(endpoint).releaseTimesSeconds().get(request);
    }

    /** The text id of a subtask used in plan files: {@code endpoint/request/layer}. */
    public String subtaskLabel(int id) {
        int e = subtaskEndpoint[id];
        return endpoints.get(e).name() + "/" + subtaskRequest[id] + "/" + endpointModel[e].layer(subtaskLayer[id]).name();
    }

    /** Parses {@code endpoint/request/layer}; -1 when it names no subtask. */
    public int subtaskIdOf(String label) {
        int first = label.indexOf('/');
        int second = first < 0 ? -1 : label.indexOf('/', first + 1);
        if (first < 0 || second < 0) {
            return -1;
        }
        String endpointName = label.substring(0, first);
        int e = -1;
        for (int i = 0; i < endpoints.size(); i++) {
            if (endpoints.get(i).name().equals(endpointName)) {
                e = i;
                break;
            }
        }
        if (e < 0) {
            return -1;
        }
        int k;
        try {
            k = Integer.parseInt(label.substring(first + 1, second));
        } catch (NumberFormatException ex) {
            return -1;
        }
        if (k < 0 || k >= endpoints.get(e).requestCount()) {
            return -1;
        }
        int v = endpointModel[e].indexOf(label.substring(second + 1));
        return v < 0 ? -1 : subtaskId(e, k, v);
    }

    @Override
    public String toString() {
        return "PipelineInstance[" + name + ", " + nodes.size() + " nodes, " + endpoints.size() + " endpoints, "
                + subtaskCount + " subtasks, " + mode.label() + ", " + objective.label() + "]";
    }

    /** Nodes' speeds, for quick reporting. */
    public double[] speeds() {
        return nodes.stream().mapToDouble(Node::speedFlopsPerSecond).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineInstance p && p.name.equals(name) && p.description.equals(description)
                && p.nodes.equals(nodes) && p.links.equals(links) && p.defaultLink.equals(defaultLink)
                && sameModels(p.models, models) && p.endpoints.equals(endpoints) && p.mode == mode
                && p.objective == objective && p.linkExclusive == linkExclusive;
    }

    private static boolean sameModels(Map<String, DnnGraph> a, Map<String, DnnGraph> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (String key : a.keySet()) {
            DnnGraph x = a.get(key);
            DnnGraph y = b.get(key);
            if (!x.name().equals(y.name()) || x.inputBytes() != y.inputBytes() || x.resultBytes() != y.resultBytes()
                    || !x.layers().equals(y.layers())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, nodes, endpoints, mode, objective, linkExclusive, Arrays.hashCode(subtaskBase));
    }
}
