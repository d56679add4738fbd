package org.edgeplan.pipeline.heuristics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsWeightedGraph;
import org.jgrapht.graph.DefaultWeightedEdge;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.MultiEndpointDag;
import org.edgeplan.pipeline.MultiEndpointDag.ChoiceVertex;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * The retrieval step: the cheapest path through endpoint e's (layer × node) choice graph of the
 * {@link MultiEndpointDag}. The graph is built once per endpoint by {@link MultiEndpointDag#choiceGraph} (JGraphT);
 * its edges join consecutive layers of the model's topological order, and an edge exists when its transfers have a
 * channel. Two queries run on it:
 *
 * <ol>
 *   <li>{@link #retrieve()}: JGraphT's Dijkstra on an {@link AsWeightedGraph} view under per-(layer, node) weights
 *   that the caller sets in {@link #waits()}. The edge into (layer v, node b) from (layer v - 1, node a) costs
 *   <pre>
 *   compute(v, b) + wait[v][b]                                        (the node weight)
 *   + [a ≠ b] · transfer(live bytes at v, a -> b)                     (the edge weight)
 *   + [v is a source layer] · transfer(input, device -> b)
 *   </pre>
 *   and the edge into the sink costs {@code transfer(result, a -> device)}. The solver uses it with zero waits
 *   (the uncontended cheapest path, one of its starts).</li>
 *   <li>{@link #retrieveTimed}: the same graph and the same prices, but the wait of (v, b) depends on when the
 *   request's data would reach b, which the sweep knows because it computes estimated finish times layer by layer
 *   (a layered DAG needs one sweep in layer order, no priority queue). The solver uses it with the prescheduling's
 *   virtual waiting times. JGraphT's Dijkstra cannot take time-dependent weights, and a JGraphT query measured
 *   75-180 µs on a 1,000-subtask instance, too slow to run for every request of every pass. Tests pin the two
 *   queries to the same cost when the waits do not depend on time and the model has one source layer (with
 *   several, the sweep lets the input reach a later source layer in parallel, a maximum, where the fixed prices
 *   add its transfer).</li>
 * </ol>
 *
 * <p>The <em>live bytes at v</em> are the outputs of all layers {@code u < v} read by some layer {@code >= v}: what
 * crosses a switch of node between positions v - 1 and v of the topological order. For a chain that is the output
 * of layer v - 1, exactly; for a DAG it is exact for a path that switches node once and an approximation otherwise
 * (our choice; the model's helper {@link MultiEndpointDag#uncontendedCost} prices only the linearisation
 * predecessor). A path may still need a channel between non-adjacent layers that the graph does not see; callers
 * check the result with {@link HeuristicSupport#connected} and reject it when a channel is missing.
 */
final class ChoiceRetrieval {
    private final PipelineInstance instance;
    private final int endpoint;
    private final DnnGraph model;
    private final int device;
    private final double[] liveBytes;
    private final double[][] wait;     // [layer][node], set by the caller
    private final Graph<ChoiceVertex, DefaultWeightedEdge> weighted;
    private final Graph<ChoiceVertex, DefaultWeightedEdge> structure;
    private final ChoiceVertex source;
    private final ChoiceVertex sink;
    /** The edges of the choice graph as arrays: into position v (v = L: the sink), from node edgeFrom to edgeTo. */
    private final int[][] edgeFrom;
    private final int[][] edgeTo;
    private final double[][] distance;   // [layer][node]: estimated finish after release, scratch of the sweep
    private final int[][] parent;        // [layer][node]: node of the previous layer on the best path, -1 none
    private final double[] scratchArrival;
    private final int[] scratchFrom;

    ChoiceRetrieval(MultiEndpointDag dag, int endpoint) {
        this.instance = dag.instance();
        this.endpoint = endpoint;
        this.model = instance.model(endpoint);
        this.device = instance.deviceOf(endpoint);
        int layers = model.layerCount();
        liveBytes = new double[layers];
        int[] lastReader = new int[layers];
        for (int u = 0; u < layers; u++) {
            lastReader[u] = -1;
            for (int i = 0; i < model.successorCount(u); i++) {
                lastReader[u] = Math.max(lastReader[u], model.successor(u, i));
            }
        }
        for (int v = 1; v < layers; v++) {
            for (int u = 0; u < v; u++) {
                if (lastReader[u] >= v) {
                    liveBytes[v] += model.layer(u).outputBytes();
                }
            }
        }
        wait = new double[layers][instance.nodeCount()];
        structure = dag.choiceGraph(endpoint, this::cost);
        weighted = new AsWeightedGraph<>(structure,
                edge -> cost(structure.getEdgeSource(edge), structure.getEdgeTarget(edge)), false, false);
        source = new ChoiceVertex(-1, device);
        sink = new ChoiceVertex(layers, device);
        edgeFrom = new int[layers + 1][];
        edgeTo = new int[layers + 1][];
        int[] counts = new int[layers + 1];
        for (DefaultWeightedEdge edge : structure.edgeSet()) {
            counts[structure.getEdgeTarget(edge).layer()]++;
        }
        for (int v = 0; v <= layers; v++) {
            edgeFrom[v] = new int[counts[v]];
            edgeTo[v] = new int[counts[v]];
        }
        // Sorted by (to, from) so that the sweep's ties always go to the lowest node index.
        List<DefaultWeightedEdge> edges = new ArrayList<>(structure.edgeSet());
        edges.sort(Comparator.<DefaultWeightedEdge>comparingInt(x -> structure.getEdgeTarget(x).node())
                .thenComparingInt(x -> structure.getEdgeSource(x).node()));
        int[] fill = new int[layers + 1];
        for (DefaultWeightedEdge edge : edges) {
            int v = structure.getEdgeTarget(edge).layer();
            edgeFrom[v][fill[v]] = structure.getEdgeSource(edge).node();
            edgeTo[v][fill[v]] = structure.getEdgeTarget(edge).node();
            fill[v]++;
        }
        distance = new double[layers][instance.nodeCount()];
        parent = new int[layers][instance.nodeCount()];
        scratchArrival = new double[instance.nodeCount()];
        scratchFrom = new int[instance.nodeCount()];
    }

    int endpoint() {
        return endpoint;
    }

    /** The latency weights, [layer][node], to fill before {@link #retrieve()}; zero initially. */
    double[][] waits() {
        return wait;
    }

    /** The node of each layer on the cheapest path under the current weights, by JGraphT's Dijkstra; null if none. */
    int[] retrieve() {
        GraphPath<ChoiceVertex, DefaultWeightedEdge> path =
                new DijkstraShortestPath<>(weighted).getPath(source, sink);
        if (path == null) {
            return null;
        }
        int[] nodeOfLayer = new int[model.layerCount()];
        for (ChoiceVertex vertex : path.getVertexList()) {
            if (vertex.layer() >= 0 && vertex.layer() < nodeOfLayer.length) {
                nodeOfLayer[vertex.layer()] = vertex.node();
            }
        }
        return nodeOfLayer;
    }

    /** Waiting seconds of layer v on node n when its inputs arrive there {@code sinceRelease} seconds after release. */
    @FunctionalInterface
    interface TimedWait {
        double seconds(int layer, int node, double sinceRelease);
    }

    /**
     * The time-dependent variant used for the waits: one sweep over the layers computing, for each (layer v, node
     * b), the earliest estimated finish after the request's release, where the inputs arrive at
     * {@code max(finish of v - 1 on a + [a ≠ b] · transfer(live bytes at v, a -> b), [v source] · transfer(input,
     * device -> b))}, then the layer waits {@code wait.seconds(v, b, arrival)} and computes. The path's cost is the
     * estimated latency (the sink's finish plus the result's way back). Exact for the estimate whenever
     * {@code arrival + wait} never decreases as the arrival gets later, which holds for a queue's virtual waiting
     * time. Ties: the lowest node index. Returns null when the sink is unreachable.
     */
    int[] retrieveTimed(TimedWait wait) {
        int layers = model.layerCount();
        for (int v = 0; v < layers; v++) {
            Arrays.fill(distance[v], Double.POSITIVE_INFINITY);
            Arrays.fill(parent[v], -1);
        }
        double[] arrival = scratchArrival;
        int[] from = scratchFrom;
        for (int v = 0; v < layers; v++) {
            Arrays.fill(arrival, Double.POSITIVE_INFINITY);
            Arrays.fill(from, -1);
            for (int i = 0; i < edgeTo[v].length; i++) {
                int a = edgeFrom[v][i];
                int b = edgeTo[v][i];
                double at = arrivalAt(v, a, b, v == 0 ? 0.0 : distance[v - 1][a]);
                if (at < arrival[b]) {
                    arrival[b] = at;
                    from[b] = a;
                }
            }
            for (int b = 0; b < arrival.length; b++) {
                if (from[b] >= 0 && arrival[b] < Double.POSITIVE_INFINITY) {
                    distance[v][b] = arrival[b] + wait.seconds(v, b, arrival[b]) + compute(v, b);
                    parent[v][b] = from[b];
                }
            }
        }
        int last = -1;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < edgeFrom[layers].length; i++) {
            int a = edgeFrom[layers][i];
            double d = distance[layers - 1][a] + instance.transferSeconds(a, device, model.resultBytes());
            if (d < best) {
                best = d;
                last = a;
            }
        }
        if (last < 0) {
            return null;
        }
        int[] nodeOfLayer = new int[layers];
        int node = last;
        for (int v = layers - 1; v >= 0; v--) {
            nodeOfLayer[v] = node;
            node = parent[v][node];
        }
        return nodeOfLayer;
    }

    /** The estimated latency of a fixed placement under {@link #retrieveTimed}'s rules (+Infinity without channels). */
    double timedPathCost(int[] nodeOfLayer, TimedWait wait) {
        double finish = 0;
        int previous = device;
        for (int v = 0; v < nodeOfLayer.length; v++) {
            int b = nodeOfLayer[v];
            double at = arrivalAt(v, previous, b, finish);
            if (at == Double.POSITIVE_INFINITY) {
                return at;
            }
            finish = at + wait.seconds(v, b, at) + compute(v, b);
            previous = b;
        }
        return finish + instance.transferSeconds(previous, device, model.resultBytes());
    }

    /** The estimated start of each layer, seconds after release, of a fixed placement under the timed rules. */
    double[] timedStarts(int[] nodeOfLayer, TimedWait wait) {
        double[] starts = new double[nodeOfLayer.length];
        double finish = 0;
        int previous = device;
        for (int v = 0; v < nodeOfLayer.length; v++) {
            int b = nodeOfLayer[v];
            double at = arrivalAt(v, previous, b, finish);
            starts[v] = at + wait.seconds(v, b, at);
            finish = starts[v] + compute(v, b);
            previous = b;
        }
        return starts;
    }

    /** Seconds layer v computes on node n. */
    double computeSeconds(int v, int node) {
        return compute(v, node);
    }

    /** When the inputs of layer v reach node b if layer v - 1 finished on a at {@code previousFinish}. */
    private double arrivalAt(int v, int a, int b, double previousFinish) {
        double at = v == 0 ? 0.0 : previousFinish + (a != b ? instance.transferSeconds(a, b, liveBytes[v]) : 0.0);
        if (model.isSource(v)) {
            at = Math.max(at, instance.transferSeconds(device, b, model.inputBytes()));
        }
        return at;
    }

    private double compute(int v, int node) {
        return model.layer(v).flops() / instance.node(node).speedFlopsPerSecond();
    }

    /** The cost of a placement as a path of the choice graph under the current weights (for tests and statistics). */
    double pathCost(int[] nodeOfLayer) {
        double sum = 0;
        int previous = device;
        for (int v = 0; v < nodeOfLayer.length; v++) {
            sum += cost(v - 1, previous, v, nodeOfLayer[v]);
            previous = nodeOfLayer[v];
        }
        return sum + cost(nodeOfLayer.length - 1, previous, nodeOfLayer.length, device);
    }

    private double cost(ChoiceVertex from, ChoiceVertex to) {
        return cost(from.layer(), from.node(), to.layer(), to.node());
    }

    private double cost(int fromLayer, int fromNode, int toLayer, int toNode) {
        if (toLayer == model.layerCount()) {
            return instance.transferSeconds(fromNode, toNode, model.resultBytes());
        }
        double w = model.layer(toLayer).flops() / instance.node(toNode).speedFlopsPerSecond() + wait[toLayer][toNode];
        if (fromLayer >= 0 && fromNode != toNode) {
            w += instance.transferSeconds(fromNode, toNode, liveBytes[toLayer]);
        }
        if (model.isSource(toLayer)) {
            w += instance.transferSeconds(device, toNode, model.inputBytes());
        }
        return w;
    }
}
