package org.edgeplan.pipeline.heuristics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.jgrapht.Graph;
import org.jgrapht.alg.flow.EdmondsKarpMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * DADS-style partitioning (Hu et al., "Dynamic Adaptive DNN Surgery", INFOCOM 2019), its light-load mode: per
 * endpoint, the device/server partition of the layer DAG that minimises an additive latency, found as a minimum
 * s-t cut with JGraphT's Edmonds-Karp max flow, for each candidate server; the best server wins.
 *
 * <h2>The cut model</h2>
 * For endpoint e and server s (an allowed node other than the device, with channels both ways), a partition puts
 * the set D of layers on the device and the rest on s, D closed under predecessors (no data flows server →
 * device except the result). Its cost is
 * <pre>
 *   Σ_{v ∈ D} device(v) + Σ_{v ∉ D} server(v)
 *   + Σ_{data edges u → v, u ∈ D, v ∉ D} transfer(out(u), device → s)
 *   + Σ_{source layers v ∉ D} transfer(input, device → s) + [sink ∉ D] · transfer(result, s → device)
 * </pre>
 * with compute times FLOPs / speed. Every data edge is its own transfer, as in the evaluator (DADS merges the
 * outputs a layer sends to several consumers; our evaluator sends them separately, so the cut does too). Network:
 * source S (device side) and sink T (server side); per layer v an edge {@code S -> v} of capacity
 * {@code server(v)} plus its input and result terms (cut when v goes to the server) and {@code v -> T} of capacity
 * {@code device(v)} (cut when v stays on the device); per data edge {@code u -> v} the transfer time, and
 * {@code v -> u} of "infinite" capacity so that a cut never sends data back from the server. When the device is not
 * allowed, every {@code v -> T} is infinite. The source side of JGraphT's minimum cut is D. The additive cost is
 * DADS's sequential (light-load) latency: it ignores that the two sides and parallel transfers overlap, and all
 * contention.
 *
 * <p>The same partition serves every request (valid in static and dynamic mode); queues are ordered by
 * {@link org.edgeplan.pipeline.ListScheduler} and the evaluator scores the plan. The heavy-load (throughput) mode of
 * DADS is not implemented.
 *
 * <p>Memory: endpoints in index order; each takes the cheapest server whose cut fits the memory still free, else
 * everything on its device if that fits, else the result is {@code infeasible} with that reason. Queue limits are
 * not considered: the evaluator's verdict is returned.
 */
public final class DadsSolver implements PipelineSolver {
    /**
     * A minimum cut of endpoint e for one server.
     *
     * @param endpoint    endpoint index
     * @param server      the server node
     * @param onDevice    whether each layer (topological index) is on the device side
     * @param costSeconds the cut's capacity, i.e. the additive latency of the partition
     */
    public record Cut(int endpoint, int server, boolean[] onDevice, double costSeconds) {
        public Cut {
            onDevice = onDevice.clone();
        }

        @Override
        public boolean[] onDevice() {
            return onDevice.clone();
        }

        public int[] nodeOfLayer(PipelineInstance instance) {
            int[] out = new int[onDevice.length];
            for (int v = 0; v < out.length; v++) {
                out[v] = onDevice[v] ? instance.deviceOf(endpoint) : server;
            }
            return out;
        }
    }

    public DadsSolver() {
        // stateless
    }

    @Override
    public String name() {
        return "dads";
    }

    @Override
    public String description() {
        return "minimum s-t cut device/server partition of each endpoint's DNN DAG (DADS light-load), list-scheduled";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        return HeuristicSupport.placeInTurn(name(), instance, deadline, e -> partitions(instance, e),
                (e, any) -> !any ? "server with channels to and from its device"
                        : "partition whose layer weights fit the memory left by the endpoints before it");
    }

    /**
     * Endpoint e's partitions in preference order: the minimum cut to each reachable server, by cost then server
     * index, then everything on the device (when allowed) as the fallback.
     */
    private static List<int[]> partitions(PipelineInstance instance, int e) {
        List<Cut> cuts = new ArrayList<>();
        for (int s : HeuristicSupport.servers(instance, e)) {
            if (HeuristicSupport.reachableBothWays(instance, e, s)) {
                cuts.add(minimumCut(instance, e, s));
            }
        }
        cuts.sort(Comparator.comparingDouble(Cut::costSeconds).thenComparingInt(Cut::server));
        List<int[]> out = new ArrayList<>();
        for (Cut cut : cuts) {
            out.add(cut.nodeOfLayer(instance));
        }
        int device = instance.deviceOf(e);
        if (instance.allowed(e, device)) {
            int[] local = new int[instance.model(e).layerCount()];
            Arrays.fill(local, device);
            out.add(local);
        }
        return out;
    }

    /** The additive latency (class comment) of {@code onDevice} layers on the device and the rest on server. */
    public static double partitionCostSeconds(PipelineInstance instance, int e, int server, boolean[] onDevice) {
        DnnGraph model = instance.model(e);
        int device = instance.deviceOf(e);
        double cost = 0;
        for (int v = 0; v < model.layerCount(); v++) {
            int node = onDevice[v] ? device : server;
            cost += model.layer(v).flops() / instance.node(node).speedFlopsPerSecond();
            if (!onDevice[v]) {
                if (model.isSource(v)) {
                    cost += instance.transferSeconds(device, server, model.inputBytes());
                }
                for (int i = 0; i < model.predecessorCount(v); i++) {
                    int u = model.predecessor(v, i);
                    if (onDevice[u]) {
                        cost += instance.transferSeconds(device, server, model.layer(u).outputBytes());
                    }
                }
            }
        }
        if (!onDevice[model.sink()]) {
            cost += instance.transferSeconds(server, device, model.resultBytes());
        }
        return cost;
    }

    /** The minimum cut of endpoint e's DAG between its device and {@code server} (channels both ways required). */
    public static Cut minimumCut(PipelineInstance instance, int e, int server) {
        DnnGraph model = instance.model(e);
        int layers = model.layerCount();
        int device = instance.deviceOf(e);
        boolean deviceAllowed = instance.allowed(e, device);
        double[] toServer = new double[layers];   // S -> v: paid when v is on the server
        double[] toDevice = new double[layers];   // v -> T: paid when v stays on the device
        double finite = 0;
        for (int v = 0; v < layers; v++) {
            toServer[v] = model.layer(v).flops() / instance.node(server).speedFlopsPerSecond();
            if (model.isSource(v)) {
                toServer[v] += instance.transferSeconds(device, server, model.inputBytes());
            }
            if (v == model.sink()) {
                toServer[v] += instance.transferSeconds(server, device, model.resultBytes());
            }
            toDevice[v] = model.layer(v).flops() / instance.node(device).speedFlopsPerSecond();
            finite += toServer[v] + toDevice[v];
        }
        double[][] edgeSeconds = new double[layers][];
        for (int v = 0; v < layers; v++) {
            edgeSeconds[v] = new double[model.predecessorCount(v)];
            for (int i = 0; i < edgeSeconds[v].length; i++) {
                edgeSeconds[v][i] = instance.transferSeconds(device, server,
                        model.layer(model.predecessor(v, i)).outputBytes());
                finite += edgeSeconds[v][i];
            }
        }
        // "Infinite" must exceed any finite cut; flows below epsilon count as zero.
        double big = 4 * finite + 1;
        double epsilon = Math.max(finite, 1e-300) * 1e-12;
        Graph<Integer, DefaultWeightedEdge> g = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        int source = layers;
        int sink = layers + 1;
        for (int v = 0; v < layers + 2; v++) {
            g.addVertex(v);
        }
        for (int v = 0; v < layers; v++) {
            g.setEdgeWeight(g.addEdge(source, v), toServer[v]);
            g.setEdgeWeight(g.addEdge(v, sink), deviceAllowed ? toDevice[v] : big);
        }
        for (int v = 0; v < layers; v++) {
            for (int i = 0; i < edgeSeconds[v].length; i++) {
                int u = model.predecessor(v, i);
                addCapacity(g, u, v, edgeSeconds[v][i]);
                addCapacity(g, v, u, big);
            }
        }
        EdmondsKarpMFImpl<Integer, DefaultWeightedEdge> flow = new EdmondsKarpMFImpl<>(g, epsilon);
        flow.calculateMinCut(source, sink);
        Set<Integer> sourceSide = flow.getSourcePartition();
        boolean[] onDevice = new boolean[layers];
        for (int v = 0; v < layers; v++) {
            onDevice[v] = sourceSide.contains(v);
        }
        // Report the model's cost of the partition, not the flow value, so rounding inside the flow cannot leak.
        return new Cut(e, server, onDevice, partitionCostSeconds(instance, e, server, onDevice));
    }

    private static void addCapacity(Graph<Integer, DefaultWeightedEdge> g, int from, int to, double capacity) {
        DefaultWeightedEdge edge = g.getEdge(from, to);
        if (edge == null) {
            g.setEdgeWeight(g.addEdge(from, to), capacity);
        } else {
            g.setEdgeWeight(edge, g.getEdgeWeight(edge) + capacity);
        }
    }
}
