package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;

import org.edgeplan.core.InvalidInputException;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The graphs of a problem-B instance, built with JGraphT and exposed read-only: the subtask graph and each endpoint's
 * choice graph (the retrieval heuristics search the latter through views, {@code ChoiceRetrieval}). Networks that are
 * one algorithm's own input are built by that algorithm: DADS's s-t flow network of an endpoint's device/server cut
 * ({@code DadsSolver}).
 *
 * <ol>
 *   <li>The <b>subtask graph</b>: one directed graph of all (endpoint, request, layer) subtasks (vertices = subtask
 *   ids) with one edge per data dependency, weighted by the bytes it carries. Edges always go from a lower to a
 *   higher id (layers are numbered topologically within a request), which makes the graph acyclic by
 *   construction. Helpers: a topological order (JGraphT) and the critical (longest) path, one pass over that order
 *   (JGraphT has no DAG longest path).</li>
 *   <li>Per endpoint, the <b>choice graph</b> that retrieval heuristics search: vertices (layer, allowed node),
 *   plus a source (the input on the endpoint's device) and a sink (the result back on the device); edges connect
 *   consecutive layers of the model's topological order, weighted by a caller-supplied {@link ChoiceCost}
 *   (typically transfer + compute). A shortest source-sink path picks one node per layer. For a chain model this
 *   is exactly a partitioning-offloading of the chain. For a model with branches the path runs over the
 *   topological linearisation of the DAG: the cost of an edge sees only the linearisation predecessor, so data
 *   edges between layers that are not adjacent in that order are not priced, and the path's cost is an
 *   approximation (exact only when the caller's cost makes it so).</li>
 * </ol>
 */
public final class MultiEndpointDag {
    private final PipelineInstance instance;
    private Graph<Integer, DefaultWeightedEdge> subtaskGraph;
    private int[] topologicalOrder;

    /** A vertex of an endpoint's choice graph: {@code layer} = -1 is the source, {@code layer} = L the sink. */
    public record ChoiceVertex(int layer, int node) {
    }

    /**
     * Cost of moving from (fromLayer on fromNode) to (toLayer on toNode) in an endpoint's choice graph:
     * fromLayer = -1 is the input on the device, toLayer = layerCount the result back on the device. Must be
     * non-negative; {@code +Infinity} (or NaN) leaves the edge out.
     */
    @FunctionalInterface
    public interface ChoiceCost {
        double cost(int fromLayer, int fromNode, int toLayer, int toNode);
    }

    /** Seconds attributed to a data edge, for critical paths. */
    @FunctionalInterface
    public interface EdgeSeconds {
        double seconds(int producer, int consumer, double bytes);
    }

    /**
     * A longest path of the subtask graph.
     *
     * @param lengthSeconds sum of vertex and edge seconds along it
     * @param subtasks      subtask ids from a source to a sink
     */
    public record CriticalPath(double lengthSeconds, int[] subtasks) {
        public CriticalPath {
            subtasks = subtasks.clone();
        }

        @Override
        public int[] subtasks() {
            return subtasks.clone();
        }
    }

    /**
     * A node per layer chosen by a shortest path of the choice graph.
     *
     * @param nodeOfLayer the node index of each layer (topological index)
     * @param cost        the path's cost
     */
    public record LayerPlacement(int[] nodeOfLayer, double cost) {
        public LayerPlacement {
            nodeOfLayer = nodeOfLayer.clone();
        }

        @Override
        public int[] nodeOfLayer() {
            return nodeOfLayer.clone();
        }
    }

    public MultiEndpointDag(PipelineInstance instance) {
        this.instance = instance;
    }

    public PipelineInstance instance() {
        return instance;
    }

    /** The read-only subtask graph (built on first use). Edge weight = bytes of the producer's output. */
    public synchronized Graph<Integer, DefaultWeightedEdge> subtaskGraph() {
        if (subtaskGraph == null) {
            SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> g =
                    new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
            for (int id = 0; id < instance.subtaskCount(); id++) {
                g.addVertex(id);
            }
            for (int e = 0; e < instance.endpointCount(); e++) {
                DnnGraph model = instance.model(e);
                for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                    for (int v = 0; v < model.layerCount(); v++) {
                        int consumer = instance.subtaskId(e, k, v);
                        for (int p = 0; p < model.predecessorCount(v); p++) {
                            int u = model.predecessor(v, p);
                            int producer = instance.subtaskId(e, k, u);
                            if (producer >= consumer) {
                                throw new IllegalStateException("data edge " + instance.subtaskLabel(producer)
                                        + " -> " + instance.subtaskLabel(consumer) + " breaks topological numbering");
                            }
                            DefaultWeightedEdge edge = g.addEdge(producer, consumer);
                            g.setEdgeWeight(edge, model.layer(u).outputBytes());
                        }
                    }
                }
            }
            subtaskGraph = new AsUnmodifiableGraph<>(g);
        }
        return subtaskGraph;
    }

    /** A topological order of all subtasks (JGraphT's, ties by smaller id). */
    public synchronized int[] topologicalOrder() {
        if (topologicalOrder == null) {
            Graph<Integer, DefaultWeightedEdge> g = subtaskGraph();
            int[] order = new int[instance.subtaskCount()];
            int i = 0;
            TopologicalOrderIterator<Integer, DefaultWeightedEdge> it =
                    new TopologicalOrderIterator<>(g, Integer::compare);
            while (it.hasNext()) {
                order[i++] = it.next();
            }
            topologicalOrder = order;
        }
        return topologicalOrder.clone();
    }

    /**
     * The longest path when subtask {@code id} takes {@code vertexSeconds(id)} and each data edge
     * {@code edgeSeconds(producer, consumer, bytes)}: one pass over the topological order.
     */
    public CriticalPath criticalPath(IntToDoubleFunction vertexSeconds, EdgeSeconds edgeSeconds) {
        Graph<Integer, DefaultWeightedEdge> g = subtaskGraph();
        int n = instance.subtaskCount();
        double[] longest = new double[n];   // longest path ending at id, including id
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        int best = -1;
        for (int id : topologicalOrder()) {
            double in = 0;
            for (DefaultWeightedEdge edge : g.incomingEdgesOf(id)) {
                int u = g.getEdgeSource(edge);
                double via = longest[u] + edgeSeconds.seconds(u, id, g.getEdgeWeight(edge));
                if (via > in || parent[id] < 0 && via >= in) {
                    in = via;
                    parent[id] = u;
                }
            }
            longest[id] = in + vertexSeconds.applyAsDouble(id);
            if (best < 0 || longest[id] > longest[best]) {
                best = id;
            }
        }
        List<Integer> path = new ArrayList<>();
        for (int v = best; v >= 0; v = parent[v]) {
            path.add(v);
        }
        int[] ids = new int[path.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = path.get(ids.length - 1 - i);
        }
        return new CriticalPath(best < 0 ? 0 : longest[best], ids);
    }

    /**
     * Endpoint e's (layer × allowed node) choice graph, read-only, with edge weights from {@code cost}. Vertices
     * are (layer, node) for every layer and every node the endpoint may use, plus {@code (-1, device)} and
     * {@code (L, device)}; edges join consecutive layers of the topological order.
     */
    public Graph<ChoiceVertex, DefaultWeightedEdge> choiceGraph(int endpoint, ChoiceCost cost) {
        DnnGraph model = instance.model(endpoint);
        int layers = model.layerCount();
        int device = instance.deviceOf(endpoint);
        SimpleDirectedWeightedGraph<ChoiceVertex, DefaultWeightedEdge> g =
                new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        List<Integer> allowed = new ArrayList<>();
        for (int n = 0; n < instance.nodeCount(); n++) {
            if (instance.allowed(endpoint, n)) {
                allowed.add(n);
            }
        }
        ChoiceVertex source = new ChoiceVertex(-1, device);
        ChoiceVertex sink = new ChoiceVertex(layers, device);
        g.addVertex(source);
        g.addVertex(sink);
        for (int v = 0; v < layers; v++) {
            for (int n : allowed) {
                g.addVertex(new ChoiceVertex(v, n));
            }
        }
        for (int v = 0; v <= layers; v++) {
            List<Integer> fromNodes = v == 0 ? List.of(device) : allowed;
            List<Integer> toNodes = v == layers ? List.of(device) : allowed;
            for (int a : fromNodes) {
                for (int b : toNodes) {
                    double w = cost.cost(v - 1, a, v, b);
                    if (Double.isNaN(w) || w == Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    if (w < 0) {
                        throw new InvalidInputException("choice cost from layer " + (v - 1) + " on node " + a
                                + " to layer " + v + " on node " + b + " is negative: " + w);
                    }
                    DefaultWeightedEdge edge = g.addEdge(new ChoiceVertex(v - 1, a), new ChoiceVertex(v, b));
                    g.setEdgeWeight(edge, w);
                }
            }
        }
        return new AsUnmodifiableGraph<>(g);
    }

    /**
     * The uncontended cost for endpoint e's choice graph: transfer of the linearisation predecessor's output (the
     * model input from the source, the result to the sink) plus the compute time of the target layer.
     */
    public ChoiceCost uncontendedCost(int endpoint) {
        DnnGraph model = instance.model(endpoint);
        return (fromLayer, fromNode, toLayer, toNode) -> {
            double bytes;
            if (fromLayer < 0) {
                bytes = model.inputBytes();
            } else if (toLayer == model.layerCount()) {
                bytes = model.resultBytes();
            } else {
                bytes = model.layer(fromLayer).outputBytes();
            }
            double transfer = instance.transferSeconds(fromNode, toNode, bytes);
            double compute = toLayer == model.layerCount() ? 0.0
                    : model.layer(toLayer).flops() / instance.node(toNode).speedFlopsPerSecond();
            return transfer + compute;
        };
    }

    /** The shortest source-sink path of endpoint e's choice graph (Dijkstra), or empty when the sink is unreachable. */
    public Optional<LayerPlacement> shortestPlacement(int endpoint, ChoiceCost cost) {
        Graph<ChoiceVertex, DefaultWeightedEdge> g = choiceGraph(endpoint, cost);
        int layers = instance.model(endpoint).layerCount();
        int device = instance.deviceOf(endpoint);
        GraphPath<ChoiceVertex, DefaultWeightedEdge> path = DijkstraShortestPath.findPathBetween(g,
                new ChoiceVertex(-1, device), new ChoiceVertex(layers, device));
        if (path == null) {
            return Optional.empty();
        }
        int[] nodeOfLayer = new int[layers];
        for (ChoiceVertex vertex : path.getVertexList()) {
            if (vertex.layer() >= 0 && vertex.layer() < layers) {
                nodeOfLayer[vertex.layer()] = vertex.node();
            }
        }
        return Optional.of(new LayerPlacement(nodeOfLayer, path.getWeight()));
    }
}
