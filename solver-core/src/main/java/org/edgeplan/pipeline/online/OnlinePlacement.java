package org.edgeplan.pipeline.online;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSimulator;
import org.edgeplan.pipeline.PlacementMode;

/**
 * Problem B as an online process, for agents that place requests as they arrive (issue 17): the requests in release
 * order (ties by endpoint, then request index), each placed on arrival by one of a fixed list of candidate placements,
 * and every node serving its queue in placement order (a placed request's subtasks join the end of their nodes'
 * queues, in topological order).
 *
 * <p><b>Candidates.</b> Candidate {@code k = j · N + b} (N nodes, {@code j = 0..L−1} with L the largest layer count of
 * the instance's models): the request's first {@code j} subtasks in topological order on its own device, the rest on
 * node {@code b}; {@code j = 0} is the whole request on {@code b} (on its device when b is the device). These are the
 * per-node chain cuts of Neurosurgeon-style partitioning, all-device and all-on-node-b; the same list for every
 * request, so a policy sees a fixed action space. {@link #mask()} says which are open: those that exist for the
 * request's model ({@code j} below its layer count, {@code b} not the device when {@code j > 0}), that the evaluator
 * accepts for the requests placed so far (allowed nodes, links, memory, queue limits: each candidate is scored), and in
 * static placement the endpoint's first choice for its later requests.
 *
 * <p><b>Rewards.</b> Placing the t-th request returns {@code −(f_t − f_{t−1})}, where {@code f_t} is the objective the
 * evaluator ({@link PipelineSimulator}) gives the instance cut to the t requests placed so far (each endpoint keeping
 * its first requests) with the queues built so far, and {@code f_0 = 0}. The sum over an episode is therefore exactly
 * {@code −f_T}, the evaluator's objective of the final plan on the whole instance (tested). With total latency and
 * non-exclusive links {@code f_t − f_{t−1}} is the new request's latency (a request appended to every queue it uses
 * delays no one before it); with exclusive links a later transfer may take a channel first, and the difference says so.
 *
 * <p>Cost: without exclusive links, memory and queue limits each candidate is timed incrementally in the evaluator's
 * semi-active timing (see {@link #timeCandidate}), O(subtasks of the request + their edges); otherwise every step
 * builds the cut instance and simulates it once per open candidate, about {@code T · K} simulations of growing
 * instances per episode. Not thread-safe; deterministic.
 */
public final class OnlinePlacement {
    private final PipelineInstance instance;
    private final CompiledPipeline c;
    /** Whether candidates are timed incrementally (see {@link #timeCandidate}) instead of by simulating the cut. */
    private final boolean incremental;
    /** Finish times of the placed subtasks (incremental timing). */
    private final double[] finish;
    private final double[] scratch;
    private final int nodes;
    private final int maxLayers;
    /** Requests in arrival order: [endpoint, request index]. */
    private final int[][] arrivals;
    private final int[] placedPerEndpoint;
    /** Static placement: the candidate each endpoint's first request took, or −1. */
    private final int[] endpointChoice;
    /** Node of every subtask of the whole instance, −1 until placed. */
    private final int[] nodeOf;
    /** The queues so far, as subtask ids of the whole instance. */
    private final List<List<Integer>> queues;
    private final double[] nodeEnd;
    private int step;
    private double objectiveSoFar;
    private double[] candidateObjective;

    public OnlinePlacement(PipelineInstance instance) {
        this(instance, false);
    }

    /**
     * @param exact always score candidates by simulating the cut instance, even where the incremental timing applies
     *              (for tests that compare the two)
     */
    OnlinePlacement(PipelineInstance instance, boolean exact) {
        this.instance = instance;
        this.c = new CompiledPipeline(instance);
        this.incremental = !exact && !c.linkExclusive() && !c.anyQueueLimit() && !c.anyMemoryLimit();
        this.finish = new double[instance.subtaskCount()];
        this.scratch = new double[instance.subtaskCount()];
        this.nodes = instance.nodeCount();
        int layers = 0;
        for (int e = 0; e < instance.endpointCount(); e++) {
            layers = Math.max(layers, instance.model(e).layerCount());
        }
        this.maxLayers = layers;
        List<int[]> order = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                order.add(new int[] {e, k});
            }
        }
        order.sort(Comparator.<int[]>comparingDouble(a -> instance.releaseSeconds(a[0], a[1]))
                .thenComparingInt(a -> a[0]).thenComparingInt(a -> a[1]));
        this.arrivals = order.toArray(new int[0][]);
        this.placedPerEndpoint = new int[instance.endpointCount()];
        this.endpointChoice = new int[instance.endpointCount()];
        Arrays.fill(endpointChoice, -1);
        this.nodeOf = new int[instance.subtaskCount()];
        Arrays.fill(nodeOf, -1);
        this.nodeEnd = new double[nodes];
        this.queues = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            queues.add(new ArrayList<>());
        }
    }

    public PipelineInstance instance() {
        return instance;
    }

    /** Number of candidates, the same for every request: {@code L · N}. */
    public int candidateCount() {
        return maxLayers * nodes;
    }

    /** Requests in the episode. */
    public int requestCount() {
        return arrivals.length;
    }

    /** Requests placed so far. */
    public int placed() {
        return step;
    }

    public boolean done() {
        return step == arrivals.length;
    }

    /** The endpoint of the next request. */
    public int endpoint() {
        return arrivals[step][0];
    }

    /** The index of the next request within its endpoint. */
    public int request() {
        return arrivals[step][1];
    }

    /** The evaluator's objective of the requests placed so far ({@code f_t}). */
    public double objectiveSoFar() {
        return objectiveSoFar;
    }

    /** When each node's queue so far ends in the evaluator's schedule of the requests placed so far (0 if empty). */
    public double nodeEndSeconds(int node) {
        return nodeEnd[node];
    }

    /** The node that subtask {@code id} of the whole instance was placed on, or −1. */
    public int nodeOf(int id) {
        return nodeOf[id];
    }

    /**
     * The open candidates of the next request (see the class comment); every one is scored by the evaluator, so
     * {@link #rewardOf} is known for each afterwards. At least one is open unless no placement of this request is
     * feasible with those before it.
     */
    public boolean[] mask() {
        requireOpen();
        boolean[] open = new boolean[candidateCount()];
        candidateObjective = new double[candidateCount()];
        Arrays.fill(candidateObjective, Double.POSITIVE_INFINITY);
        PipelineInstance cut = null;
        PipelineSimulator simulator = null;
        if (!incremental) {
            int[] keep = placedPerEndpoint.clone();
            keep[endpoint()]++;
            cut = cutInstance(keep);
            simulator = new PipelineSimulator(cut);
        }
        for (int k = 0; k < open.length; k++) {
            if (!exists(k)) {
                continue;
            }
            int e = endpoint();
            if (instance.mode() == PlacementMode.STATIC && endpointChoice[e] >= 0 && endpointChoice[e] != k) {
                continue;
            }
            double f = incremental ? timeCandidate(k, scratch) : simulator.objective(cutPlan(cut, k));
            if (Double.isFinite(f)) {
                open[k] = true;
                candidateObjective[k] = f;
            }
        }
        return open;
    }

    /** The reward candidate {@code k} would get ({@code −∞} if it is closed); after {@link #mask()}. */
    public double rewardOf(int k) {
        if (candidateObjective == null) {
            throw new IllegalStateException("call mask() first");
        }
        return objectiveSoFar - candidateObjective[k];
    }

    /** Places the next request by candidate {@code k} (open by {@link #mask()}) and returns its reward. */
    public double place(int k) {
        if (candidateObjective == null) {
            mask();
        }
        if (k < 0 || k >= candidateCount() || !Double.isFinite(candidateObjective[k])) {
            throw new IllegalArgumentException("candidate " + k + " is not open for request " + request()
                    + " of endpoint '" + instance.endpoint(endpoint()).name() + "'");
        }
        int e = endpoint();
        int r = request();
        int layers = instance.model(e).layerCount();
        for (int l = 0; l < layers; l++) {
            int id = instance.subtaskId(e, r, l);
            nodeOf[id] = nodeFor(e, l, k);
            queues.get(nodeOf[id]).add(id);
        }
        if (endpointChoice[e] < 0) {
            endpointChoice[e] = k;
        }
        double reward = objectiveSoFar - candidateObjective[k];
        objectiveSoFar = candidateObjective[k];
        if (incremental) {
            timeCandidate(k, finish);
            for (int l = 0; l < layers; l++) {
                int id = instance.subtaskId(e, r, l);
                nodeEnd[nodeOf[id]] = finish[id];
            }
        }
        placedPerEndpoint[e]++;
        step++;
        candidateObjective = null;
        if (incremental) {
            return reward;
        }
        PipelineInstance cut = cutInstance(placedPerEndpoint);
        PipelineEvaluation evaluation = new PipelineSimulator(cut).evaluate(cutPlan(cut, -1));
        Arrays.fill(nodeEnd, 0);
        for (int id = 0; id < cut.subtaskCount(); id++) {
            int n = evaluation.nodeOf(id);
            nodeEnd[n] = Math.max(nodeEnd[n], evaluation.finishSeconds(id));
        }
        return reward;
    }

    /** The plan of the whole instance, once every request is placed. */
    public PipelinePlan plan() {
        if (!done()) {
            throw new IllegalStateException((arrivals.length - step) + " requests are not placed yet");
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> q : queues) {
            out.add(q.stream().mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(out);
    }

    /**
     * The objective after placing the next request by candidate k, timed incrementally into {@code into} (its
     * subtasks' finish times), or +∞ when a subtask may not run there or data cannot reach it. Valid without
     * exclusive links, memory and queue limits: then the evaluator times a plan semi-actively with
     * {@code QueueTiming} (every subtask starts at the later of its inputs' arrival and the finish of the subtask
     * before it in its queue), and a request appended to the end of every queue it uses changes no earlier time. So
     * its subtasks, in topological order, start at the later of their inputs' arrival and their node's last finish,
     * with the evaluator's own durations ({@link CompiledPipeline}); the request completes when its sink's result is
     * back on its device. Equal to the cut-instance simulation on random instances ({@code OnlinePlacementTest}).
     */
    private double timeCandidate(int k, double[] into) {
        int e = endpoint();
        int req = instance.requestId(e, request());
        int first = c.firstSubtaskOf(req);
        int last = c.lastSubtaskOf(req);
        double completion = Double.NaN;
        int device = c.deviceOfRequest(req);
        // Each node's last finish as this request's earlier subtasks leave it (0 for an empty queue: every ready
        // time is at least the release, which is >= 0).
        double[] last0 = nodeEnd.clone();
        for (int id = first; id <= last; id++) {
            int node = nodeFor(e, id - first, k);
            if (!c.allowed(id, node)) {
                return Double.POSITIVE_INFINITY;
            }
            double ready;
            if (c.isSource(id)) {
                ready = c.inputArrivalSeconds(id, node);
            } else {
                ready = Double.NEGATIVE_INFINITY;
                for (int j = c.inStart(id); j < c.inEnd(id); j++) {
                    int u = c.producer(j); // data edges stay within a request
                    ready = Math.max(ready, c.edgeArrivalSeconds(j, nodeFor(e, u - first, k), into[u], node));
                }
            }
            if (!Double.isFinite(ready)) {
                return Double.POSITIVE_INFINITY;
            }
            double start = Math.max(ready, last0[node]);
            into[id] = start + c.computeSeconds(id, node);
            last0[node] = into[id];
            if (id == c.sinkOf(req)) {
                completion = node == device ? into[id] : c.resultArrivalSeconds(id, node, into[id]);
            }
        }
        if (!Double.isFinite(completion)) {
            return Double.POSITIVE_INFINITY;
        }
        return instance.objective() == PipelineObjective.MAKESPAN ? Math.max(objectiveSoFar, completion)
                : objectiveSoFar + completion - c.releaseSeconds(req);
    }

    /** Whether candidate k exists for the next request's model. */
    private boolean exists(int k) {
        int j = k / nodes;
        int b = k % nodes;
        int e = endpoint();
        return j < instance.model(e).layerCount() && (j == 0 || b != instance.deviceOf(e));
    }

    /** The node of layer {@code layer} of the next request of endpoint e under candidate k. */
    int nodeFor(int e, int layer, int k) {
        int j = k / nodes;
        return layer < j ? instance.deviceOf(e) : k % nodes;
    }

    private void requireOpen() {
        if (done()) {
            throw new IllegalStateException("every request is placed");
        }
    }

    /**
     * The instance cut to the first {@code count} arrivals: each endpoint with its first requests (endpoints
     * without any are left out), everything else as in the instance.
     */
    private PipelineInstance cutInstance(int[] keep) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            if (keep[e] > 0) {
                Endpoint x = instance.endpoint(e);
                endpoints.add(new Endpoint(x.name(), x.device(), x.model(),
                        x.releaseTimesSeconds().subList(0, keep[e]), x.allowedNodes()));
            }
        }
        return new PipelineInstance(instance.name(), instance.description(), instance.nodes(), instance.links(),
                instance.defaultLink(), instance.models(), endpoints, instance.mode(), instance.objective(),
                instance.linkExclusive());
    }

    /** The queues so far plus the next request by candidate k (none when k < 0), in the cut instance's subtask ids. */
    private PipelinePlan cutPlan(PipelineInstance cut, int k) {
        Map<String, Integer> cutIndex = new LinkedHashMap<>();
        for (int e = 0; e < cut.endpointCount(); e++) {
            cutIndex.put(cut.endpoint(e).name(), e);
        }
        int e = k >= 0 ? endpoint() : -1;
        int r = k >= 0 ? request() : -1;
        List<int[]> out = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            List<Integer> q = queues.get(n);
            int extra = 0;
            for (int l = 0; k >= 0 && l < instance.model(e).layerCount(); l++) {
                if (nodeFor(e, l, k) == n) {
                    extra++;
                }
            }
            int[] ids = new int[q.size() + extra];
            int i = 0;
            for (int id : q) {
                ids[i++] = cut.subtaskId(cutIndex.get(instance.endpoint(instance.subtaskEndpoint(id)).name()),
                        instance.subtaskRequest(id), instance.subtaskLayer(id));
            }
            for (int l = 0; k >= 0 && l < instance.model(e).layerCount(); l++) {
                if (nodeFor(e, l, k) == n) {
                    ids[i++] = cut.subtaskId(cutIndex.get(instance.endpoint(e).name()), r, l);
                }
            }
            out.add(ids);
        }
        return new PipelinePlan(out);
    }
}
