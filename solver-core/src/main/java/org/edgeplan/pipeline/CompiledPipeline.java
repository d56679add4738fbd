package org.edgeplan.pipeline;

/**
 * Flat per-subtask arrays of a {@link PipelineInstance}, computed once and shared by the simulator and the list
 * scheduler so their hot loops touch only primitive arrays.
 *
 * <p>Data edges are numbered in consumer order: the edges into subtask {@code v} are
 * {@code predStart[v] .. predStart[v + 1] - 1}, edge {@code j} runs from {@code edgeProducer[j]} to
 * {@code edgeConsumer[j]}. {@code succEdge[succStart[u] .. succStart[u + 1] - 1]} lists the edges out of u.
 */
public final class CompiledPipeline {
    public final PipelineInstance instance;
    public final int subtasks;
    public final int requests;
    public final int nodes;
    public final int edges;
    public final boolean linkExclusive;

    public final int[] endpointOf;
    public final int[] requestOf;
    public final double[] flops;
    public final double[] outputBytes;
    public final int[] predStart;
    public final int[] edgeProducer;
    public final int[] edgeConsumer;
    public final int[] succStart;
    public final int[] succEdge;

    public final double[] requestRelease;
    public final int[] requestSink;
    public final int[] requestEndpoint;
    public final int[] endpointDevice;
    public final double[] endpointInputBytes;
    public final double[] endpointResultBytes;
    public final double[] speed;

    /** (endpoint, layer) key of each subtask, for memory accounting, and the weight bytes of each key. */
    public final int[] layerKeyOf;
    public final double[] layerKeyWeightBytes;

    public CompiledPipeline(PipelineInstance instance) {
        this.instance = instance;
        this.subtasks = instance.subtaskCount();
        this.requests = instance.requestCount();
        this.nodes = instance.nodeCount();
        this.linkExclusive = instance.linkExclusive();
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
        flops = new double[subtasks];
        outputBytes = new double[subtasks];
        layerKeyOf = new int[subtasks];
        predStart = new int[subtasks + 1];
        edgeProducer = new int[edges];
        edgeConsumer = new int[edges];
        requestRelease = new double[requests];
        requestSink = new int[requests];
        requestEndpoint = new int[requests];
        int j = 0;
        for (int e = 0; e < ne; e++) {
            DnnGraph model = instance.model(e);
            int layers = model.layerCount();
            for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                int r = instance.requestId(e, k);
                requestRelease[r] = instance.releaseSeconds(e, k);
                requestEndpoint[r] = e;
                int base = instance.subtaskId(e, k, 0);
                requestSink[r] = base + model.sink();
                for (int v = 0; v < layers; v++) {
                    int id = base + v;
                    DnnLayer layer = model.layer(v);
                    endpointOf[id] = e;
                    requestOf[id] = r;
                    flops[id] = layer.flops();
                    outputBytes[id] = layer.outputBytes();
                    layerKeyOf[id] = layerKeyBase[e] + v;
                    predStart[id] = j;
                    for (int p = 0; p < model.predecessorCount(v); p++) {
                        edgeProducer[j] = base + model.predecessor(v, p);
                        edgeConsumer[j] = id;
                        j++;
                    }
                }
            }
        }
        predStart[subtasks] = j;
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
    }

    public boolean isSource(int id) {
        return predStart[id] == predStart[id + 1];
    }

    /** Each request's rank by release time (ties: lower request index first), the list schedulers' tie-break. */
    public int[] releaseRanks() {
        Integer[] order = new Integer[requests];
        for (int r = 0; r < requests; r++) {
            order[r] = r;
        }
        java.util.Arrays.sort(order, (x, y) -> {
            int byRelease = Double.compare(requestRelease[x], requestRelease[y]);
            return byRelease != 0 ? byRelease : Integer.compare(x, y);
        });
        int[] rank = new int[requests];
        for (int k = 0; k < requests; k++) {
            rank[order[k]] = k;
        }
        return rank;
    }
}
