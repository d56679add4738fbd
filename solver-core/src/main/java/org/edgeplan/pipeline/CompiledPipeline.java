package org.edgeplan.pipeline;

import java.util.Arrays;

/**
 * The one compiled form of a {@link PipelineInstance}: flat per-subtask, per-edge, per-request and per-node arrays,
 * computed once, read by the evaluator's simulator, the list scheduler, the heuristics' tools, the lower bounds, the
 * exact models and the Timefold adapter. Immutable; its arrays never leave it (read them through the accessors).
 *
 * <p>Subtask ids are the instance's ({@link PipelineInstance#subtaskId}): endpoint by endpoint, request by request,
 * layer by layer, so the layers of one request are consecutive and in the model's topological order. Data edges are
 * numbered in consumer order: the edges into subtask {@code v} are {@code inStart(v) .. inEnd(v) - 1}, edge {@code j}
 * runs from {@link #producer(int) producer(j)} to {@link #consumer(int) consumer(j)}; the edges out of {@code u} are
 * {@link #outEdge(int) outEdge(k)} for {@code k} in {@code outStart(u) .. outEnd(u) - 1}.
 *
 * <p>Times are computed with exactly the evaluator's arithmetic (same operands, same order), so anything that
 * schedules with {@link #computeSeconds}, {@link #inputArrivalSeconds}, {@link #edgeArrivalSeconds} and
 * {@link #resultArrivalSeconds} agrees with {@link PipelineEvaluation} bit for bit.
 */
public final class CompiledPipeline {
    final PipelineInstance instance;
    final int subtasks;
    final int requests;
    final int nodes;
    final int edges;
    final boolean linkExclusive;
    final boolean dynamic;

    final int[] endpointOf;
    final int[] requestOf;
    final int[] layerOf;
    final double[] flops;
    final double[] outputBytes;
    final int[] predStart;
    final int[] edgeProducer;
    final int[] edgeConsumer;
    final int[] succStart;
    final int[] succEdge;

    final double[] requestRelease;
    final int[] requestSink;
    final int[] requestFirst;
    final int[] requestEndpoint;
    final int[] endpointDevice;
    final double[] endpointInputBytes;
    final double[] endpointResultBytes;
    final double[] speed;
    final long[] memoryLimit;   // -1: unlimited
    final int[] queueLimit;     // -1: unlimited
    private final boolean[] missingOut;
    private final boolean[] missingIn;
    private final int sources;

    /** (endpoint, layer) key of each subtask, for memory accounting and static placement, and its weight bytes. */
    final int[] layerKeyOf;
    final double[] layerKeyWeightBytes;

    public CompiledPipeline(PipelineInstance instance) {
        this.instance = instance;
        this.subtasks = instance.subtaskCount();
        this.requests = instance.requestCount();
        this.nodes = instance.nodeCount();
        this.linkExclusive = instance.linkExclusive();
        this.dynamic = instance.mode() == PlacementMode.DYNAMIC;
        int ne = instance.endpointCount();
        endpointDevice = new int[ne];
        endpointInputBytes = new double[ne];
        endpointResultBytes = new double[ne];
        int[] layerKeyBase = new int[ne + 1];
        long edgeCount = 0;
        for (int e = 0; e < ne; e++) {
            DnnGraph model = instance.model(e);
            endpointDevice[e] = instance.deviceOf(e);
            endpointInputBytes[e] = model.inputBytes();
            endpointResultBytes[e] = model.resultBytes();
            layerKeyBase[e + 1] = layerKeyBase[e] + model.layerCount();
            int perRequest = 0;
            for (int v = 0; v < model.layerCount(); v++) {
                perRequest += model.predecessorCount(v);
            }
            edgeCount += (long) perRequest * instance.endpoint(e).requestCount();
        }
        if (edgeCount + subtasks + requests > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("instance '" + instance.name() + "' has too many data edges: "
                    + edgeCount);
        }
        this.edges = (int) edgeCount;
        layerKeyWeightBytes = new double[layerKeyBase[ne]];
        for (int e = 0; e < ne; e++) {
            DnnGraph model = instance.model(e);
            for (int v = 0; v < model.layerCount(); v++) {
                layerKeyWeightBytes[layerKeyBase[e] + v] = model.layer(v).weightBytes();
            }
        }
        endpointOf = new int[subtasks];
        requestOf = new int[subtasks];
        layerOf = new int[subtasks];
        flops = new double[subtasks];
        outputBytes = new double[subtasks];
        layerKeyOf = new int[subtasks];
        predStart = new int[subtasks + 1];
        edgeProducer = new int[edges];
        edgeConsumer = new int[edges];
        requestRelease = new double[requests];
        requestSink = new int[requests];
        requestFirst = new int[requests + 1];
        requestEndpoint = new int[requests];
        int j = 0;
        int sourceCount = 0;
        for (int e = 0; e < ne; e++) {
            DnnGraph model = instance.model(e);
            int layers = model.layerCount();
            for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                int r = instance.requestId(e, k);
                requestRelease[r] = instance.releaseSeconds(e, k);
                requestEndpoint[r] = e;
                int base = instance.subtaskId(e, k, 0);
                requestSink[r] = base + model.sink();
                requestFirst[r] = base;
                requestFirst[r + 1] = base + layers;
                for (int v = 0; v < layers; v++) {
                    int id = base + v;
                    DnnLayer layer = model.layer(v);
                    endpointOf[id] = e;
                    requestOf[id] = r;
                    layerOf[id] = v;
                    flops[id] = layer.flops();
                    outputBytes[id] = layer.outputBytes();
                    layerKeyOf[id] = layerKeyBase[e] + v;
                    predStart[id] = j;
                    if (model.predecessorCount(v) == 0) {
                        sourceCount++;
                    }
                    for (int p = 0; p < model.predecessorCount(v); p++) {
                        edgeProducer[j] = base + model.predecessor(v, p);
                        edgeConsumer[j] = id;
                        j++;
                    }
                }
            }
        }
        predStart[subtasks] = j;
        sources = sourceCount;
        succStart = new int[subtasks + 1];
        for (int edge = 0; edge < edges; edge++) {
            succStart[edgeProducer[edge] + 1]++;
        }
        for (int id = 0; id < subtasks; id++) {
            succStart[id + 1] += succStart[id];
        }
        succEdge = new int[edges];
        int[] fill = new int[subtasks];
        for (int edge = 0; edge < edges; edge++) {
            int u = edgeProducer[edge];
            succEdge[succStart[u] + fill[u]++] = edge;
        }
        speed = instance.speeds();
        memoryLimit = new long[nodes];
        queueLimit = new int[nodes];
        missingOut = new boolean[nodes];
        missingIn = new boolean[nodes];
        for (int node = 0; node < nodes; node++) {
            Node spec = instance.node(node);
            memoryLimit[node] = spec.memoryBytes().isPresent() ? spec.memoryBytes().getAsLong() : -1L;
            queueLimit[node] = spec.queueLimit().isPresent() ? spec.queueLimit().getAsInt() : -1;
            for (int to = 0; to < nodes; to++) {
                if (!instance.connected(node, to)) {
                    missingOut[node] = true;
                    missingIn[to] = true;
                }
            }
        }
    }

    /** The instance this form was compiled from. */
    public PipelineInstance instance() {
        return instance;
    }

    public int subtaskCount() {
        return subtasks;
    }

    public int requestCount() {
        return requests;
    }

    public int nodeCount() {
        return nodes;
    }

    public int endpointCount() {
        return endpointDevice.length;
    }

    /** Number of data edges between subtasks (inputs and results not counted). */
    public int edgeCount() {
        return edges;
    }

    /** Number of source subtasks (no predecessor: they receive the model input from the device). */
    public int sourceCount() {
        return sources;
    }

    public boolean linkExclusive() {
        return linkExclusive;
    }

    /** Whether each request may be placed on its own ({@link PlacementMode#DYNAMIC}). */
    public boolean dynamic() {
        return dynamic;
    }

    public PipelineObjective objective() {
        return instance.objective();
    }

    // ---- subtasks

    public int endpointOf(int id) {
        return endpointOf[id];
    }

    /** Global request id of subtask {@code id}. */
    public int requestOf(int id) {
        return requestOf[id];
    }

    /** Layer index of subtask {@code id} in its endpoint's model. */
    public int layerOf(int id) {
        return layerOf[id];
    }

    /** Dense (endpoint, layer) key of subtask {@code id}: what static placement and memory are counted by. */
    public int layerKeyOf(int id) {
        return layerKeyOf[id];
    }

    public int layerKeyCount() {
        return layerKeyWeightBytes.length;
    }

    /** Weight bytes of the layer with (endpoint, layer) key {@code key}. */
    public double layerKeyWeightBytes(int key) {
        return layerKeyWeightBytes[key];
    }

    /**
     * The placement decision subtask {@code id} belongs to: its own id in dynamic mode, its (endpoint, layer) key in
     * static mode, where all requests of an endpoint share one node per layer.
     */
    public int decisionOf(int id) {
        return dynamic ? id : layerKeyOf[id];
    }

    /** Number of placement decisions: subtasks in dynamic mode, (endpoint, layer) keys in static mode. */
    public int decisionCount() {
        return dynamic ? subtasks : layerKeyWeightBytes.length;
    }

    public double flops(int id) {
        return flops[id];
    }

    public double outputBytes(int id) {
        return outputBytes[id];
    }

    /** Whether subtask {@code a} is a transitive predecessor of subtask {@code b} (of the same request). */
    public boolean isAncestor(int a, int b) {
        return requestOf[a] == requestOf[b] && instance.model(endpointOf[b]).isAncestor(layerOf[a], layerOf[b]);
    }

    public boolean isSource(int id) {
        return predStart[id] == predStart[id + 1];
    }

    public boolean isSink(int id) {
        return requestSink[requestOf[id]] == id;
    }

    /** First data edge into subtask {@code id}. */
    public int inStart(int id) {
        return predStart[id];
    }

    /** One past the last data edge into subtask {@code id}. */
    public int inEnd(int id) {
        return predStart[id + 1];
    }

    /** First position of subtask {@code id}'s out-edges in {@link #outEdge(int)}. */
    public int outStart(int id) {
        return succStart[id];
    }

    /** One past the last position of subtask {@code id}'s out-edges. */
    public int outEnd(int id) {
        return succStart[id + 1];
    }

    /** The data edge at position {@code k} of the out-edge lists. */
    public int outEdge(int k) {
        return succEdge[k];
    }

    public int producer(int edge) {
        return edgeProducer[edge];
    }

    public int consumer(int edge) {
        return edgeConsumer[edge];
    }

    // ---- requests and endpoints

    public double releaseSeconds(int request) {
        return requestRelease[request];
    }

    /** The latest release over all requests (0 without requests). */
    public double maxReleaseSeconds() {
        double max = 0;
        for (double r : requestRelease) {
            max = Math.max(max, r);
        }
        return max;
    }

    /** The first subtask of a request: its subtasks are {@code firstSubtaskOf(r) .. lastSubtaskOf(r)}, in topological order. */
    public int firstSubtaskOf(int request) {
        return requestFirst[request];
    }

    /** The last subtask of a request (in its model's topological order; not necessarily its sink). */
    public int lastSubtaskOf(int request) {
        return requestFirst[request + 1] - 1;
    }

    /** The sink subtask of a request: its result goes back to the device. */
    public int sinkOf(int request) {
        return requestSink[request];
    }

    public int endpointOfRequest(int request) {
        return requestEndpoint[request];
    }

    /** The node index of the device a request is born on and returns to. */
    public int deviceOfRequest(int request) {
        return endpointDevice[requestEndpoint[request]];
    }

    /** The node index of endpoint {@code e}'s device. */
    public int deviceOf(int e) {
        return endpointDevice[e];
    }

    public double inputBytes(int e) {
        return endpointInputBytes[e];
    }

    public double resultBytes(int e) {
        return endpointResultBytes[e];
    }

    /** Each request's rank by release time (ties: lower request index first), the list schedulers' tie-break. */
    public int[] releaseRanks() {
        Integer[] order = new Integer[requests];
        for (int r = 0; r < requests; r++) {
            order[r] = r;
        }
        Arrays.sort(order, (x, y) -> {
            int byRelease = Double.compare(requestRelease[x], requestRelease[y]);
            return byRelease != 0 ? byRelease : Integer.compare(x, y);
        });
        int[] rank = new int[requests];
        for (int k = 0; k < requests; k++) {
            rank[order[k]] = k;
        }
        return rank;
    }

    // ---- nodes

    public double speed(int node) {
        return speed[node];
    }

    /** Memory capacity of {@code node} in bytes, -1 when unlimited. */
    public long memoryLimitBytes(int node) {
        return memoryLimit[node];
    }

    /** Queue limit of {@code node}, -1 when unlimited. */
    public int queueLimit(int node) {
        return queueLimit[node];
    }

    /** Whether some node has a queue limit. */
    public boolean anyQueueLimit() {
        for (int limit : queueLimit) {
            if (limit >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether some node has a memory capacity. */
    public boolean anyMemoryLimit() {
        for (long limit : memoryLimit) {
            if (limit >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether subtask {@code id}'s endpoint may use {@code node}. */
    public boolean allowed(int id, int node) {
        return instance.allowed(endpointOf[id], node);
    }

    /** Whether data can move from node a to node b (always on one node). */
    public boolean connected(int a, int b) {
        return instance.connected(a, b);
    }

    /** Whether some node has no channel from {@code node}: only then can data leaving it miss a channel. */
    public boolean missesSomeChannelFrom(int node) {
        return missingOut[node];
    }

    /** Whether some node has no channel to {@code node}: only then can data coming to it miss a channel. */
    public boolean missesSomeChannelTo(int node) {
        return missingIn[node];
    }

    // ---- times, in the evaluator's arithmetic

    /** Seconds to compute subtask {@code id} on {@code node}. */
    public double computeSeconds(int id, int node) {
        return flops[id] / speed[node];
    }

    /** Seconds to move the output of data edge {@code j} from node a to node b (0 on one node, +Infinity without a channel). */
    public double edgeTransferSeconds(int j, int a, int b) {
        return instance.transferSeconds(a, b, outputBytes[edgeProducer[j]]);
    }

    /** Seconds to move the model input of source subtask {@code id} from its device to {@code node}. */
    public double inputTransferSeconds(int id, int node) {
        int e = endpointOf[id];
        return instance.transferSeconds(endpointDevice[e], node, endpointInputBytes[e]);
    }

    /** Seconds to move the result of request {@code r} from {@code node} back to its device. */
    public double resultTransferSeconds(int r, int node) {
        int e = requestEndpoint[r];
        return instance.transferSeconds(node, endpointDevice[e], endpointResultBytes[e]);
    }

    /** When the model input of source subtask {@code id} has arrived on {@code node}, without channel contention. */
    public double inputArrivalSeconds(int id, int node) {
        return requestRelease[requestOf[id]] + inputTransferSeconds(id, node);
    }

    /** When the output of data edge {@code j}'s producer, finished at {@code finish} on {@code from}, is on {@code to}. */
    public double edgeArrivalSeconds(int j, int from, double finish, int to) {
        return finish + instance.transferSeconds(from, to, outputBytes[edgeProducer[j]]);
    }

    /** When the result of sink subtask {@code id}, finished at {@code finish} on {@code node}, is back on its device. */
    public double resultArrivalSeconds(int id, int node, double finish) {
        return finish + resultTransferSeconds(requestOf[id], node);
    }

    @Override
    public String toString() {
        return "CompiledPipeline[" + instance.name() + ", " + nodes + " nodes, " + subtasks + " subtasks, " + edges
                + " edges]";
    }
}
