package org.edgeplan.formulations.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;

/**
 * A problem-B instance flattened for the exact models (CP-SAT and MILP), in seconds, built from the public API of
 * {@link PipelineInstance} only. Data edges are numbered in consumer order like the evaluator's; transfers are
 * numbered {@code 0..edges-1} (data edges), then one input per source subtask ({@code edges + inputIndex}), then
 * one result per request.
 *
 * <p>The candidate nodes of a subtask are the nodes its endpoint may use, minus those that can never work for it
 * on their own: a source layer needs a channel from the device, a sink a channel back to it, and a layer whose
 * weights exceed a node's memory cannot be deployed there. When some subtask has no candidate left, the instance
 * is infeasible and {@link #infeasibleReason()} says why.
 */
final class PipelineData {
    final PipelineInstance instance;
    final int subtasks;
    final int requests;
    final int nodes;
    final int edges;
    final boolean dynamic;

    final int[] endpointOf;
    final int[] requestOf;          // global request id
    final int[] layerOf;
    /** Decision key: the subtask id (dynamic) or the layer key (static), so static requests share literals. */
    final int[] decisionOf;
    final int decisionCount;
    /** (endpoint, layer) key for memory accounting. */
    final int[] layerKeyOf;
    final int layerKeyCount;
    final double[] layerKeyWeightBytes;
    final int[] layerKeyEndpoint;
    final int[] layerKeyLayer;

    final int[] edgeProducer;
    final int[] edgeConsumer;
    final int[][] predEdges;        // edges into each subtask
    final int[][] succEdges;        // edges out of each subtask
    final boolean[] isSource;
    final int[] sinkOf;             // per request
    final double[] releaseSeconds;  // per request
    final int[] deviceOfRequest;
    final double[] outputBytes;     // per subtask
    final double[] inputBytes;      // per subtask (its endpoint's model input)
    final double[] resultBytes;     // per request

    /** Candidate nodes of each subtask, ascending. */
    final int[][] candidates;
    /** Compute seconds of subtask id on node n (NaN when n is not a candidate). */
    final double[][] computeSeconds;
    /** Transitive ancestors within the request, as bit sets over layer indices of the endpoint's model. */
    final long[][] ancestorBits;

    private final String infeasibleReason;

    PipelineData(PipelineInstance inst) {
        this.instance = inst;
        this.subtasks = inst.subtaskCount();
        this.requests = inst.requestCount();
        this.nodes = inst.nodeCount();
        this.dynamic = inst.mode() == PlacementMode.DYNAMIC;
        int ne = inst.endpointCount();
        int[] layerKeyBase = new int[ne + 1];
        for (int e = 0; e < ne; e++) {
            layerKeyBase[e + 1] = layerKeyBase[e] + inst.model(e).layerCount();
        }
        layerKeyCount = layerKeyBase[ne];
        layerKeyWeightBytes = new double[layerKeyCount];
        layerKeyEndpoint = new int[layerKeyCount];
        layerKeyLayer = new int[layerKeyCount];
        for (int e = 0; e < ne; e++) {
            DnnGraph model = inst.model(e);
            for (int v = 0; v < model.layerCount(); v++) {
                layerKeyWeightBytes[layerKeyBase[e] + v] = model.layer(v).weightBytes();
                layerKeyEndpoint[layerKeyBase[e] + v] = e;
                layerKeyLayer[layerKeyBase[e] + v] = v;
            }
        }
        endpointOf = new int[subtasks];
        requestOf = new int[subtasks];
        layerOf = new int[subtasks];
        layerKeyOf = new int[subtasks];
        decisionOf = new int[subtasks];
        isSource = new boolean[subtasks];
        outputBytes = new double[subtasks];
        inputBytes = new double[subtasks];
        predEdges = new int[subtasks][];
        sinkOf = new int[requests];
        releaseSeconds = new double[requests];
        deviceOfRequest = new int[requests];
        resultBytes = new double[requests];
        List<int[]> edgeList = new ArrayList<>();
        for (int e = 0; e < ne; e++) {
            DnnGraph model = inst.model(e);
            for (int k = 0; k < inst.endpoint(e).requestCount(); k++) {
                int r = inst.requestId(e, k);
                releaseSeconds[r] = inst.releaseSeconds(e, k);
                deviceOfRequest[r] = inst.deviceOf(e);
                resultBytes[r] = model.resultBytes();
                sinkOf[r] = inst.subtaskId(e, k, model.sink());
                for (int v = 0; v < model.layerCount(); v++) {
                    int id = inst.subtaskId(e, k, v);
                    endpointOf[id] = e;
                    requestOf[id] = r;
                    layerOf[id] = v;
                    layerKeyOf[id] = layerKeyBase[e] + v;
                    decisionOf[id] = dynamic ? id : layerKeyBase[e] + v;
                    isSource[id] = model.isSource(v);
                    outputBytes[id] = model.layer(v).outputBytes();
                    inputBytes[id] = model.inputBytes();
                    int preds = model.predecessorCount(v);
                    predEdges[id] = new int[preds];
                    for (int p = 0; p < preds; p++) {
                        predEdges[id][p] = edgeList.size();
                        edgeList.add(new int[] {inst.subtaskId(e, k, model.predecessor(v, p)), id});
                    }
                }
            }
        }
        decisionCount = dynamic ? subtasks : layerKeyCount;
        edges = edgeList.size();
        edgeProducer = new int[edges];
        edgeConsumer = new int[edges];
        int[] outDegree = new int[subtasks];
        for (int j = 0; j < edges; j++) {
            edgeProducer[j] = edgeList.get(j)[0];
            edgeConsumer[j] = edgeList.get(j)[1];
            outDegree[edgeProducer[j]]++;
        }
        succEdges = new int[subtasks][];
        for (int id = 0; id < subtasks; id++) {
            succEdges[id] = new int[outDegree[id]];
        }
        int[] fill = new int[subtasks];
        for (int j = 0; j < edges; j++) {
            int u = edgeProducer[j];
            succEdges[u][fill[u]++] = j;
        }
        ancestorBits = new long[subtasks][];
        for (int id = 0; id < subtasks; id++) {
            long[] bits = new long[(inst.model(endpointOf[id]).layerCount() + 63) / 64];
            for (int j : predEdges[id]) {
                int u = edgeProducer[j];
                int lu = layerOf[u];
                bits[lu >>> 6] |= 1L << (lu & 63);
                long[] ub = ancestorBits[u]; // u precedes id in topological order within the request
                for (int w = 0; w < bits.length; w++) {
                    bits[w] |= ub[w];
                }
            }
            ancestorBits[id] = bits;
        }
        computeSeconds = new double[subtasks][nodes];
        candidates = new int[subtasks][];
        String reason = null;
        for (int id = 0; id < subtasks; id++) {
            int e = endpointOf[id];
            int device = inst.deviceOf(e);
            boolean sink = sinkOf[requestOf[id]] == id;
            double weight = layerKeyWeightBytes[layerKeyOf[id]];
            Arrays.fill(computeSeconds[id], Double.NaN);
            List<Integer> list = new ArrayList<>();
            StringBuilder why = new StringBuilder();
            for (int n = 0; n < nodes; n++) {
                Node node = inst.node(n);
                if (!inst.allowed(e, n)) {
                    continue;
                }
                if (isSource[id] && !inst.connected(device, n)) {
                    note(why, "'" + node.name() + "' has no channel from device '" + inst.node(device).name()
                            + "' for the input");
                    continue;
                }
                if (sink && !inst.connected(n, device)) {
                    note(why, "'" + node.name() + "' has no channel back to device '" + inst.node(device).name()
                            + "' for the result");
                    continue;
                }
                if (node.memoryBytes().isPresent() && weight > node.memoryBytes().getAsLong()) {
                    note(why, "'" + node.name() + "' has " + node.memoryBytes().getAsLong()
                            + " bytes of memory, the layer's weights need " + format(weight));
                    continue;
                }
                list.add(n);
                computeSeconds[id][n] = inst.computeSeconds(id, n);
            }
            candidates[id] = list.stream().mapToInt(Integer::intValue).toArray();
            if (candidates[id].length == 0 && reason == null) {
                reason = "layer '" + inst.model(e).layer(layerOf[id]).name() + "' of endpoint '"
                        + inst.endpoint(e).name() + "' can run on no node"
                        + (why.length() == 0 ? " (the endpoint is allowed on no node)" : ": " + why);
            }
        }
        infeasibleReason = reason;
    }

    private static void note(StringBuilder why, String text) {
        if (why.length() > 0) {
            why.append("; ");
        }
        why.append(text);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    /** Why no plan can exist, found without search; {@code null} when nothing obvious is wrong. */
    String infeasibleReason() {
        return infeasibleReason;
    }

    boolean isSink(int id) {
        return sinkOf[requestOf[id]] == id;
    }

    /** Whether subtask {@code a} is a transitive predecessor of {@code b} (same request). */
    boolean isAncestor(int a, int b) {
        if (requestOf[a] != requestOf[b]) {
            return false;
        }
        int la = layerOf[a];
        return (ancestorBits[b][la >>> 6] & (1L << (la & 63))) != 0;
    }

    boolean isCandidate(int id, int n) {
        return !Double.isNaN(computeSeconds[id][n]);
    }

    /** Seconds to move the output of data edge j from node a to node b (+Infinity without a channel). */
    double edgeTransferSeconds(int j, int a, int b) {
        return instance.transferSeconds(a, b, outputBytes[edgeProducer[j]]);
    }

    /** Seconds to move the model input of source subtask id from its device to node n. */
    double inputTransferSeconds(int id, int n) {
        return instance.transferSeconds(deviceOfRequest[requestOf[id]], n, inputBytes[id]);
    }

    /** Seconds to move the result of request r from node n back to its device. */
    double resultTransferSeconds(int r, int n) {
        return instance.transferSeconds(n, deviceOfRequest[r], resultBytes[r]);
    }

    /** Number of transfers: data edges, inputs (one per source subtask) and results (one per request). */
    int transferCount() {
        int sources = 0;
        for (boolean s : isSource) {
            if (s) {
                sources++;
            }
        }
        return edges + sources + requests;
    }

    double maxReleaseSeconds() {
        double max = 0;
        for (double r : releaseSeconds) {
            max = Math.max(max, r);
        }
        return max;
    }

    long memoryLimit(int n) {
        Node node = instance.node(n);
        return node.memoryBytes().isPresent() ? node.memoryBytes().getAsLong() : -1;
    }

    int queueLimit(int n) {
        Node node = instance.node(n);
        return node.queueLimit().isPresent() ? node.queueLimit().getAsInt() : -1;
    }

    boolean anyQueueLimit() {
        for (int n = 0; n < nodes; n++) {
            if (queueLimit(n) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Groups of interchangeable nodes, or an empty list when nodes cannot be swapped safely. Nodes are
     * interchangeable when every transfer the model can need takes zero time and has a channel, and they have the
     * same speed, memory, queue limit and, for every endpoint, the same permission: then relabelling them maps
     * plans to plans of equal cost (the Standard Task Graph case: identical processors, no communication).
     */
    List<int[]> interchangeableGroups() {
        for (int a = 0; a < nodes; a++) {
            for (int b = 0; b < nodes; b++) {
                if (a != b && !instance.connected(a, b)) {
                    return List.of();
                }
            }
        }
        double maxBytes = 0;
        for (int id = 0; id < subtasks; id++) {
            maxBytes = Math.max(maxBytes, Math.max(outputBytes[id], inputBytes[id]));
        }
        for (double bytes : resultBytes) {
            maxBytes = Math.max(maxBytes, bytes);
        }
        for (int a = 0; a < nodes; a++) {
            for (int b = 0; b < nodes; b++) {
                if (instance.transferSeconds(a, b, maxBytes) != 0) { // monotone in bytes
                    return List.of();
                }
            }
        }
        List<int[]> groups = new ArrayList<>();
        boolean[] taken = new boolean[nodes];
        for (int a = 0; a < nodes; a++) {
            if (taken[a]) {
                continue;
            }
            List<Integer> group = new ArrayList<>();
            group.add(a);
            for (int b = a + 1; b < nodes; b++) {
                if (!taken[b] && sameNode(a, b)) {
                    group.add(b);
                    taken[b] = true;
                }
            }
            if (group.size() > 1) {
                groups.add(group.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return groups;
    }

    private boolean sameNode(int a, int b) {
        Node x = instance.node(a);
        Node y = instance.node(b);
        if (x.speedFlopsPerSecond() != y.speedFlopsPerSecond() || !x.memoryBytes().equals(y.memoryBytes())
                || !x.queueLimit().equals(y.queueLimit())) {
            return false;
        }
        for (int id = 0; id < subtasks; id++) {
            if (isCandidate(id, a) != isCandidate(id, b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every node runs every subtask in the same time (identical machines). */
    boolean identicalDurations() {
        for (int id = 0; id < subtasks; id++) {
            if (candidates[id].length != nodes) {
                return false;
            }
            for (int n = 1; n < nodes; n++) {
                if (computeSeconds[id][n] != computeSeconds[id][0]) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The plan with the nodes of each interchangeable group renamed in order of first use by decision index, so
     * that the i-th decision using a group uses one of its first i + 1 members (the symmetry-breaking rule of the
     * exact models). Interchangeable nodes make the renamed plan cost the same.
     */
    PipelinePlan canonical(PipelinePlan plan, List<int[]> symmetricGroups) {
        if (symmetricGroups.isEmpty()) {
            return plan;
        }
        int[] nodeOf = plan.nodeOf(subtasks);
        int[] rename = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            rename[node] = node;
        }
        for (int[] group : symmetricGroups) {
            java.util.Set<Integer> members = new java.util.HashSet<>();
            for (int g : group) {
                members.add(g);
            }
            int[] decisionNode = new int[decisionCount];
            java.util.Arrays.fill(decisionNode, -1);
            for (int id = 0; id < subtasks; id++) {
                decisionNode[decisionOf[id]] = nodeOf[id];
            }
            List<Integer> order = new ArrayList<>();
            for (int decision = 0; decision < decisionCount; decision++) {
                int node = decisionNode[decision];
                if (node >= 0 && members.contains(node) && !order.contains(node)) {
                    order.add(node);
                }
            }
            for (int g : group) {
                if (!order.contains(g)) {
                    order.add(g);
                }
            }
            for (int rank = 0; rank < group.length; rank++) {
                rename[order.get(rank)] = group[rank];
            }
        }
        List<int[]> queues = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            queues.add(new int[0]);
        }
        for (int node = 0; node < nodes; node++) {
            queues.set(rename[node], plan.queue(node));
        }
        return new PipelinePlan(queues);
    }

    /**
     * The plan of a timed schedule: each node's queue in order of start time, ties broken by end time, then by
     * layer index (so an ancestor with zero duration goes first), then by id. Times are snapped to a grid of
     * {@code resolution} first, so that floating-point noise from a MILP cannot reorder equal times.
     */
    PipelinePlan planOf(int[] nodeOf, double[] start, double[] end, double resolution) {
        long[] s = new long[subtasks];
        long[] e = new long[subtasks];
        for (int id = 0; id < subtasks; id++) {
            s[id] = Math.round(start[id] / resolution);
            e[id] = Math.round(end[id] / resolution);
        }
        List<int[]> queues = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            int node = n;
            queues.add(java.util.stream.IntStream.range(0, subtasks).filter(id -> nodeOf[id] == node).boxed()
                    .sorted(java.util.Comparator.<Integer>comparingLong(id -> s[id]).thenComparingLong(id -> e[id])
                            .thenComparingInt(id -> layerOf[id]).thenComparingInt(id -> id))
                    .mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(queues);
    }
}
