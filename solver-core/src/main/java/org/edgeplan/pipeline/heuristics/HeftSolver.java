package org.edgeplan.pipeline.heuristics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.PlacementMode;

/**
 * HEFT (Topcuoglu, Hariri and Wu, IEEE TPDS 2002) over all subtasks of all requests.
 *
 * <ol>
 *   <li>Upward rank per (endpoint, layer): {@code rank(v) = w̄(v) + max over successors s of (c̄(v, s) + rank(s))},
 *   for the sink {@code w̄(sink) + c̄(result)}. {@code w̄} is the mean compute time over the endpoint's allowed
 *   nodes; {@code c̄(bytes)} the mean transfer time over ordered pairs of distinct, connected allowed nodes (for the
 *   result: over allowed nodes other than the device that reach it). Adding the result term to the sink is our
 *   adaptation: a request completes when its result is back.</li>
 *   <li>Priority list: requests by release time, and within one release time by decreasing rank (ties: lower
 *   subtask id, so predecessors come first). With one request (the STG special case) this is textbook HEFT; with a
 *   stream it keeps HEFT from serving a later request before an earlier one (our reading of "honouring release
 *   times").</li>
 *   <li>Each subtask in turn goes to the node with the earliest finish time under insertion: its ready time on node
 *   n is the latest arrival of its inputs (predecessor's finish + transfer; for a source layer, release + the
 *   input's transfer from the device), and it takes the earliest idle gap of node n at or after that time long
 *   enough for its compute time. Candidates are the allowed nodes reachable from every predecessor's node (from the
 *   device for a source), from which the result can still find its way back to the device
 *   ({@link HeuristicSupport#returnable}; directly for the sink), with room for the layer's weights
 *   ({@link MemoryLedger}). For the sink the finish time includes the result's way back. Ties: lower node index.
 *   In static mode the first placed request of an endpoint fixes each layer's node for all of them.</li>
 * </ol>
 * The queue of each node is its subtasks sorted by HEFT's start time (ties: the order HEFT placed them). The
 * evaluator replays those orders semi-actively, so with non-exclusive links its times are never later than HEFT's;
 * with exclusive links transfers may queue, and the evaluator's score is what counts either way. Transfers are
 * priced uncontended while placing. When no node can take a subtask, the result is {@code infeasible} with the
 * reason; queue limits are left to the evaluator's verdict.
 */
public final class HeftSolver implements PipelineSolver {
    public HeftSolver() {
        // stateless
    }

    @Override
    public String name() {
        return "heft";
    }

    @Override
    public String description() {
        return "HEFT: upward rank with mean costs, insertion-based earliest finish time on allowed nodes";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        int count = instance.subtaskCount();
        int nodes = instance.nodeCount();
        double[][] rank = upwardRanks(instance);
        int[] order = priorityOrder(instance, rank);
        MemoryLedger ledger = new MemoryLedger(instance);
        NodeTimeline[] timelines = new NodeTimeline[nodes];
        for (int n = 0; n < nodes; n++) {
            timelines[n] = new NodeTimeline();
        }
        int[][] fixed = new int[instance.endpointCount()][];
        for (int e = 0; e < fixed.length; e++) {
            fixed[e] = new int[instance.model(e).layerCount()];
            Arrays.fill(fixed[e], -1);
        }
        boolean isStatic = instance.mode() == PlacementMode.STATIC;
        boolean[][] returnable = new boolean[instance.endpointCount()][];
        for (int e = 0; e < returnable.length; e++) {
            returnable[e] = HeuristicSupport.returnable(instance, e);
        }
        int[] nodeOf = new int[count];
        double[] start = new double[count];
        double[] finish = new double[count];
        int[] sequence = new int[count];
        double estimate = 0;
        for (int step = 0; step < count; step++) {
            int id = order[step];
            int e = instance.subtaskEndpoint(id);
            int k = instance.subtaskRequest(id);
            int v = instance.subtaskLayer(id);
            DnnGraph model = instance.model(e);
            int device = instance.deviceOf(e);
            double release = instance.releaseSeconds(e, k);
            boolean sink = v == model.sink();
            int bestNode = -1;
            double bestScore = Double.POSITIVE_INFINITY;
            double bestStart = 0;
            for (int n = 0; n < nodes; n++) {
                if (!instance.allowed(e, n) || !returnable[e][n] || isStatic && fixed[e][v] >= 0 && fixed[e][v] != n
                        || !ledger.fits(e, v, n)) {
                    continue;
                }
                double ready = model.isSource(v) ? release + instance.transferSeconds(device, n, model.inputBytes())
                        : release;
                for (int i = 0; i < model.predecessorCount(v); i++) {
                    int u = model.predecessor(v, i);
                    int producer = instance.subtaskId(e, k, u);
                    ready = Math.max(ready, finish[producer]
                            + instance.transferSeconds(nodeOf[producer], n, model.layer(u).outputBytes()));
                }
                double back = sink ? instance.transferSeconds(n, device, model.resultBytes()) : 0.0;
                if (ready == Double.POSITIVE_INFINITY || back == Double.POSITIVE_INFINITY) {
                    continue;   // a missing channel
                }
                double compute = instance.computeSeconds(id, n);
                double s = timelines[n].earliestStart(ready, compute);
                double score = s + compute + back;
                if (score < bestScore) {
                    bestScore = score;
                    bestNode = n;
                    bestStart = s;
                }
            }
            if (bestNode < 0) {
                return SolveResult.noPlan(name() + ": no node can take subtask " + instance.subtaskLabel(id)
                        + " (allowed, with channels from its inputs" + (sink ? " and back to the device" : "")
                        + " and room for its weights) after the subtasks placed before it",
                        deadline.elapsedSeconds());
            }
            double compute = instance.computeSeconds(id, bestNode);
            timelines[bestNode].insert(bestStart, bestStart + compute, id);
            nodeOf[id] = bestNode;
            start[id] = bestStart;
            finish[id] = bestStart + compute;
            sequence[id] = step;
            ledger.deploy(e, v, bestNode);
            if (isStatic) {
                fixed[e][v] = bestNode;
            }
            if (sink) {
                estimate = instance.objective() == PipelineObjective.MAKESPAN ? Math.max(estimate, bestScore)
                        : estimate + bestScore - release;
            }
        }
        List<int[]> queues = new ArrayList<>(nodes);
        for (int n = 0; n < nodes; n++) {
            queues.add(timelines[n].queue(start, sequence));
        }
        return HeuristicSupport.finish(name(), instance, new PipelinePlan(queues), deadline,
                Map.of("heftObjectiveEstimate", estimate));
    }

    /** Upward rank of every (endpoint, layer), as in the class comment. */
    static double[][] upwardRanks(PipelineInstance instance) {
        double[][] rank = new double[instance.endpointCount()][];
        for (int e = 0; e < rank.length; e++) {
            DnnGraph model = instance.model(e);
            int device = instance.deviceOf(e);
            List<Integer> allowed = new ArrayList<>();
            for (int n = 0; n < instance.nodeCount(); n++) {
                if (instance.allowed(e, n)) {
                    allowed.add(n);
                }
            }
            double inverseSpeed = 0;
            for (int n : allowed) {
                inverseSpeed += 1.0 / instance.node(n).speedFlopsPerSecond();
            }
            inverseSpeed /= allowed.size();
            // Mean latency and seconds per byte over ordered pairs of distinct connected allowed nodes.
            double latency = 0;
            double perByte = 0;
            int pairs = 0;
            for (int a : allowed) {
                for (int b : allowed) {
                    if (a != b && instance.connected(a, b)) {
                        double l = instance.transferSeconds(a, b, 0);
                        latency += l;
                        perByte += instance.transferSeconds(a, b, 1) - l;
                        pairs++;
                    }
                }
            }
            double meanLatency = pairs == 0 ? 0 : latency / pairs;
            double meanPerByte = pairs == 0 ? 0 : perByte / pairs;
            double back = 0;
            int backs = 0;
            for (int n : allowed) {
                if (n != device && instance.connected(n, device)) {
                    back += instance.transferSeconds(n, device, model.resultBytes());
                    backs++;
                }
            }
            double meanBack = backs == 0 ? 0 : back / backs;
            int layers = model.layerCount();
            rank[e] = new double[layers];
            for (int v = layers - 1; v >= 0; v--) {
                double tail = v == model.sink() ? meanBack : 0;
                for (int i = 0; i < model.successorCount(v); i++) {
                    int s = model.successor(v, i);
                    double c = pairs == 0 ? 0 : meanLatency + model.layer(v).outputBytes() * meanPerByte;
                    tail = Math.max(tail, c + rank[e][s]);
                }
                rank[e][v] = model.layer(v).flops() * inverseSpeed + tail;
            }
        }
        return rank;
    }

    /** Subtask ids by release time, then decreasing upward rank, then id. */
    static int[] priorityOrder(PipelineInstance instance, double[][] rank) {
        int count = instance.subtaskCount();
        Integer[] ids = new Integer[count];
        double[] release = new double[count];
        double[] key = new double[count];
        for (int id = 0; id < count; id++) {
            ids[id] = id;
            int e = instance.subtaskEndpoint(id);
            release[id] = instance.releaseSeconds(e, instance.subtaskRequest(id));
            key[id] = rank[e][instance.subtaskLayer(id)];
        }
        Arrays.sort(ids, (x, y) -> {
            int byRelease = Double.compare(release[x], release[y]);
            if (byRelease != 0) {
                return byRelease;
            }
            int byRank = Double.compare(key[y], key[x]);
            return byRank != 0 ? byRank : Integer.compare(x, y);
        });
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = ids[i];
        }
        return out;
    }
}
