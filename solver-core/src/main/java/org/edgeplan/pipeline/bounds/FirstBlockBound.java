package org.edgeplan.pipeline.bounds;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.mincost.CapacityScalingMinimumCostFlow;
import org.jgrapht.alg.flow.mincost.MinimumCostFlowProblem;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * A total-latency lower bound for chain requests released together (one release group, {@link ReleaseGroupBound}):
 * it sees the queueing of requests on the node where each one starts, which the relaxations and the priced bound
 * smooth out, and it is exact where every request runs whole on one server (the identical requests of the contended
 * family offloaded to edge servers of different speeds).
 *
 * <p><b>Claim.</b> Charge each request r to the node k of its first layer, and let its <i>first block</i> be the
 * layers 0..b that run on k before the chain leaves k (b the last layer when it never leaves). In any plan the
 * evaluator accepts:
 * <ol>
 *   <li>C_r ≥ F_r + q(b, k), where F_r is the finish of layer b and q(b, k) the least time from there to completion
 *       with the next layer on another node: a transfer, that layer's compute, and the contention-free tail after
 *       it (section 1 of docs/models/pipeline-bounds.md); for b the last layer, the result's transfer home;</li>
 *   <li>the requests charged to k, ordered by F, satisfy F_(i) ≥ h(k) + Σ_{l ≤ i} w_(l), where w is the block's
 *       compute time on k and h(k) the earliest any of them can start on k (release plus the input's transfer):
 *       k runs one subtask at a time and the first i blocks all ran on k between h(k) and F_(i).</li>
 * </ol>
 * Summing 2 over i gives Σ F ≥ Σ_r [h(k) + j_r·w_r] with j_r the request's position from the last, so
 * Σ_r (C_r − a) ≥ Σ_r [h(k_r) + j_r·w_r + q_r] − n·a ≥ the least-cost assignment of the requests to the slots
 * (k, j) with cost(r, k, j) = h(k) + min over b of (j·w_r(k, b) + q_r(b, k)) − a: each plan gives each request one
 * slot and no slot twice. Work of other requests on k and of later blocks only delays, so dropping it keeps the
 * bound; static placement, memory, queue limits and exclusive links only delay too, so the bound holds with them.
 *
 * <p>Proof sketch and tests: docs/models/pipeline-bounds.md, section 6. The assignment is a min-cost flow
 * (JGraphT's capacity scaling); the bound is its cost lowered by 1e-10 of its magnitude for floating-point rounding.
 * Not computed (NaN) for makespan, for requests released at different times, and when a request's model is not a
 * chain (its first block would not end at one layer).
 */
final class FirstBlockBound {
    /** Largest assignment graph built (requests × requests × nodes arcs); larger groups get no bound (NaN). */
    static final long MAX_ARCS = 4_000_000;

    /**
     * Relative lowering for floating-point rounding: far above the rounding of sums of a few thousand terms (about
     * 1e-13), and below the 1e-9 at which a bound proves a plan optimal, so that a plan at the bound is proven.
     */
    static final double MARGIN = 1e-10;

    private FirstBlockBound() {
    }

    /**
     * The bound of an instance whose requests are all released at one instant, in the objective's seconds; NaN when
     * not computed (see the class comment, and more than {@link #MAX_ARCS} arcs), +Infinity when some request has no
     * allowed start. {@code tail} is the contention-free tail of every subtask on every node ({@link
     * PipelineLowerBound}'s backward pass, {@code [id * nodes + node]}).
     */
    static double seconds(CompiledPipeline c, double[] tail) {
        PipelineInstance instance = c.instance();
        int n = c.requestCount();
        int nn = c.nodeCount();
        if (c.objective() != PipelineObjective.TOTAL_LATENCY || n == 0 || (long) n * n * nn > MAX_ARCS) {
            return Double.NaN;
        }
        double release = c.releaseSeconds(0);
        for (int r = 0; r < n; r++) {
            if (c.releaseSeconds(r) != release || !isChain(c, r)) {
                return Double.NaN;
            }
        }
        // Per request and node: the (w, q) pairs of its possible first blocks; the node's earliest start.
        List<List<double[]>> blocks = new ArrayList<>();
        double[] head = new double[nn];
        Arrays.fill(head, Double.POSITIVE_INFINITY);
        for (int r = 0; r < n; r++) {
            int e = c.endpointOfRequest(r);
            int device = c.deviceOf(e);
            int first = c.firstSubtaskOf(r);
            int last = c.lastSubtaskOf(r);
            for (int k = 0; k < nn; k++) {
                List<double[]> pairs = new ArrayList<>();
                double start = k == device ? 0.0 : instance.transferSeconds(device, k, c.inputBytes(e));
                if (c.allowed(first, k) && Double.isFinite(start)) {
                    double work = 0;
                    for (int b = first; b <= last && c.allowed(b, k); b++) {
                        work += c.flops(b) / c.speed(k);
                        double q = b == last ? (k == device ? 0.0 : instance.transferSeconds(k, device,
                                c.resultBytes(e))) : leave(c, instance, tail, b, k);
                        if (Double.isFinite(q)) {
                            pairs.add(new double[] {work, q});
                        }
                    }
                }
                if (!pairs.isEmpty()) {
                    head[k] = Math.min(head[k], release + start);
                }
                blocks.add(pairs);
            }
        }
        // Min-cost flow: request r (supply 1) -> slot (k, j) (capacity 1) -> sink (demand n).
        Graph<Integer, DefaultWeightedEdge> g = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        int sink = n;
        g.addVertex(sink);
        for (int r = 0; r < n; r++) {
            g.addVertex(r);
        }
        int nextSlot = n + 1;
        for (int k = 0; k < nn; k++) {
            int users = 0;
            for (int r = 0; r < n; r++) {
                users += blocks.get(r * nn + k).isEmpty() ? 0 : 1;
            }
            for (int j = 1; j <= users; j++) {
                int slot = nextSlot++;
                g.addVertex(slot);
                g.setEdgeWeight(g.addEdge(slot, sink), 0.0);
                for (int r = 0; r < n; r++) {
                    List<double[]> pairs = blocks.get(r * nn + k);
                    if (pairs.isEmpty()) {
                        continue;
                    }
                    double best = Double.POSITIVE_INFINITY;
                    for (double[] p : pairs) {
                        best = Math.min(best, j * p[0] + p[1]);
                    }
                    g.setEdgeWeight(g.addEdge(r, slot), head[k] + best - release);
                }
            }
        }
        for (int r = 0; r < n; r++) {
            if (g.outDegreeOf(r) == 0) {
                return Double.POSITIVE_INFINITY;
            }
        }
        MinimumCostFlowProblem<Integer, DefaultWeightedEdge> problem =
                new MinimumCostFlowProblem.MinimumCostFlowProblemImpl<>(g, v -> v < n ? 1 : v == sink ? -n : 0,
                        edge -> 1);
        double cost = new CapacityScalingMinimumCostFlow<Integer, DefaultWeightedEdge>().getMinimumCostFlow(problem)
                .getCost();
        return cost - MARGIN * Math.abs(cost);
    }

    /** q(b, k): least time from layer b's finish on k to completion, the next layer on another node. */
    private static double leave(CompiledPipeline c, PipelineInstance instance, double[] tail, int b, int k) {
        int nn = c.nodeCount();
        int next = b + 1;
        double best = Double.POSITIVE_INFINITY;
        for (int to = 0; to < nn; to++) {
            if (to == k || !c.allowed(next, to)) {
                continue;
            }
            best = Math.min(best, instance.transferSeconds(k, to, c.outputBytes(b)) + c.flops(next) / c.speed(to)
                    + tail[next * nn + to]);
        }
        return best;
    }

    /** Whether request r's subtasks form one chain in id order (each fed by the one before, the last the sink). */
    private static boolean isChain(CompiledPipeline c, int r) {
        int first = c.firstSubtaskOf(r);
        int last = c.lastSubtaskOf(r);
        if (!c.isSource(first) || c.sinkOf(r) != last) {
            return false;
        }
        for (int id = first + 1; id <= last; id++) {
            if (c.inEnd(id) - c.inStart(id) != 1 || c.producer(c.inStart(id)) != id - 1) {
                return false;
            }
        }
        return true;
    }
}
