package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.edgeplan.core.Evaluation;

/**
 * The evaluator's account of a problem-B plan (see {@link PipelineEvaluator} for the semantics): feasibility with
 * human-readable violations, and, when the plan could be simulated, the start, finish and ready time of every
 * subtask, the completion and latency of every request, queueing delays, and per node busy time, stall time,
 * utilisation and subtask count.
 *
 * <p>A plan that is structurally broken (wrong number of queues, missing, duplicated or unknown subtasks) or that
 * needs a transfer over a missing channel is not simulated: {@link #simulated()} is false and every time is NaN.
 * A plan that was simulated but breaks a constraint (node not allowed, static mode, memory, queue limit, deadlock)
 * keeps its times for diagnosis (subtasks that never start in a deadlock have NaN times); its objective is still
 * {@code +Infinity}.
 */
public final class PipelineEvaluation implements Evaluation {
    /** Violations named in {@link #violationSummary()}. */
    public static final int SUMMARY_VIOLATIONS = 3;

    private final CompiledPipeline compiled;
    private final boolean feasible;
    private final boolean simulated;
    private final List<String> violations;
    private final int[] nodeOf;
    private final double[] start;
    private final double[] finish;
    private final double[] ready;
    private final double[] completion;
    private final double[] transferAvailable;
    private final double[] transferStart;
    private final double[] transferFinish;
    private final double totalLatencySeconds;
    private final double makespanSeconds;
    private final double totalQueueingDelaySeconds;
    private final double[] nodeBusySeconds;
    private final double[] nodeStallSeconds;
    private final int[] nodeSubtasks;
    private List<Transfer> transfers;

    /**
     * One data movement between two distinct nodes.
     *
     * @param fromNode         sending node index
     * @param toNode           receiving node index
     * @param producer         producing subtask id, -1 for a request's input (born on the device)
     * @param consumer         consuming subtask id, -1 for a request's result (returned to the device)
     * @param requestId        global request id
     * @param bytes            size
     * @param availableSeconds when the data was ready to send
     * @param startSeconds     when it started to move (later than available only on a busy exclusive channel)
     * @param finishSeconds    when it arrived
     */
    public record Transfer(int fromNode, int toNode, int producer, int consumer, int requestId, double bytes,
                           double availableSeconds, double startSeconds, double finishSeconds) {
    }

    private PipelineEvaluation(CompiledPipeline compiled, boolean feasible, boolean simulated, List<String> violations,
                               int[] nodeOf, double[] start, double[] finish, double[] ready, double[] completion,
                               double[] transferAvailable, double[] transferStart, double[] transferFinish) {
        this.compiled = compiled;
        this.feasible = feasible;
        this.simulated = simulated;
        this.violations = List.copyOf(violations);
        this.nodeOf = nodeOf;
        this.start = start;
        this.finish = finish;
        this.ready = ready;
        this.completion = completion;
        this.transferAvailable = transferAvailable;
        this.transferStart = transferStart;
        this.transferFinish = transferFinish;
        int nn = compiled.nodes;
        nodeBusySeconds = new double[nn];
        nodeStallSeconds = new double[nn];
        nodeSubtasks = new int[nn];
        if (!simulated) {
            totalLatencySeconds = Double.NaN;
            makespanSeconds = Double.NaN;
            totalQueueingDelaySeconds = Double.NaN;
            Arrays.fill(nodeBusySeconds, Double.NaN);
            Arrays.fill(nodeStallSeconds, Double.NaN);
            return;
        }
        double total = 0;
        double makespan = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < compiled.requests; r++) {
            total += completion[r] - compiled.requestRelease[r];
            makespan = Math.max(makespan, completion[r]);
        }
        totalLatencySeconds = total;
        makespanSeconds = makespan;
        double queueing = 0;
        double[] firstStart = new double[nn];
        double[] lastFinish = new double[nn];
        Arrays.fill(firstStart, Double.POSITIVE_INFINITY);
        Arrays.fill(lastFinish, Double.NEGATIVE_INFINITY);
        for (int id = 0; id < compiled.subtasks; id++) {
            int node = nodeOf[id];
            nodeSubtasks[node]++;
            if (Double.isNaN(start[id])) {
                continue;
            }
            queueing += start[id] - ready[id];
            nodeBusySeconds[node] += finish[id] - start[id];
            firstStart[node] = Math.min(firstStart[node], start[id]);
            lastFinish[node] = Math.max(lastFinish[node], finish[id]);
        }
        totalQueueingDelaySeconds = queueing;
        for (int node = 0; node < nn; node++) {
            nodeStallSeconds[node] = firstStart[node] == Double.POSITIVE_INFINITY ? 0.0
                    : Math.max(0.0, (lastFinish[node] - firstStart[node]) - nodeBusySeconds[node]);
        }
    }

    static PipelineEvaluation unsimulated(CompiledPipeline compiled, List<String> violations) {
        return new PipelineEvaluation(compiled, false, false, violations, null, null, null, null, null, null, null,
                null);
    }

    static PipelineEvaluation of(CompiledPipeline compiled, boolean feasible, List<String> violations, int[] nodeOf,
                                 double[] start, double[] finish, double[] ready, double[] completion,
                                 double[] transferAvailable, double[] transferStart, double[] transferFinish) {
        return new PipelineEvaluation(compiled, feasible, true, violations, nodeOf.clone(), start.clone(),
                finish.clone(), ready.clone(), completion.clone(), transferAvailable.clone(), transferStart.clone(),
                transferFinish.clone());
    }

    @Override
    public boolean feasible() {
        return feasible;
    }

    /** Total latency or makespan, per the instance's objective; {@code +Infinity} when infeasible. */
    @Override
    public double objective() {
        if (!feasible) {
            return Double.POSITIVE_INFINITY;
        }
        return compiled.instance.objective() == PipelineObjective.MAKESPAN ? makespanSeconds : totalLatencySeconds;
    }

    @Override
    public List<String> violations() {
        return violations;
    }

    /**
     * The first {@value #SUMMARY_VIOLATIONS} violations joined by "; ", then "(+N more)" when there are more: the
     * reason a solver gives in one line when the evaluator rejects its plan. Empty for a feasible plan.
     */
    public String violationSummary() {
        List<String> shown = violations.subList(0, Math.min(SUMMARY_VIOLATIONS, violations.size()));
        String more = violations.size() > SUMMARY_VIOLATIONS
                ? " (+" + (violations.size() - SUMMARY_VIOLATIONS) + " more)" : "";
        return String.join("; ", shown) + more;
    }

    /** Whether the plan was simulated, so that times are available. */
    public boolean simulated() {
        return simulated;
    }

    public PipelineInstance instance() {
        return compiled.instance;
    }

    /** Node index of subtask {@code id}, or -1 when the plan was not simulated. */
    public int nodeOf(int id) {
        return simulated ? nodeOf[id] : -1;
    }

    public double startSeconds(int id) {
        return simulated ? start[id] : Double.NaN;
    }

    public double finishSeconds(int id) {
        return simulated ? finish[id] : Double.NaN;
    }

    /** When every input of subtask {@code id} had arrived on its node. */
    public double readySeconds(int id) {
        return simulated ? ready[id] : Double.NaN;
    }

    /** start − ready of subtask {@code id}. */
    public double queueingDelaySeconds(int id) {
        return simulated ? start[id] - ready[id] : Double.NaN;
    }

    /** Start times by subtask id (a copy; empty when not simulated). */
    public double[] startTimes() {
        return simulated ? start.clone() : new double[0];
    }

    /** Finish times by subtask id (a copy; empty when not simulated). */
    public double[] finishTimes() {
        return simulated ? finish.clone() : new double[0];
    }

    /** Ready times by subtask id (a copy; empty when not simulated). */
    public double[] readyTimes() {
        return simulated ? ready.clone() : new double[0];
    }

    /** When the result of global request {@code requestId} is back on its device. */
    public double completionSeconds(int requestId) {
        return simulated ? completion[requestId] : Double.NaN;
    }

    /** completion − release of global request {@code requestId}. */
    public double latencySeconds(int requestId) {
        return simulated ? completion[requestId] - compiled.requestRelease[requestId] : Double.NaN;
    }

    public double totalLatencySeconds() {
        return totalLatencySeconds;
    }

    public double meanLatencySeconds() {
        return totalLatencySeconds / compiled.requests;
    }

    /** The last completion time (absolute, from time 0). */
    public double makespanSeconds() {
        return makespanSeconds;
    }

    /** Σ over subtasks of start − ready. */
    public double totalQueueingDelaySeconds() {
        return totalQueueingDelaySeconds;
    }

    /** Seconds node n spends computing. */
    public double nodeBusySeconds(int node) {
        return nodeBusySeconds[node];
    }

    /** Idle seconds of node n between its first start and its last finish: (last finish − first start) − busy. */
    public double nodeStallSeconds(int node) {
        return nodeStallSeconds[node];
    }

    /** Busy seconds / makespan (0 when the makespan is 0). */
    public double nodeUtilisation(int node) {
        if (!simulated) {
            return Double.NaN;
        }
        return makespanSeconds > 0 ? nodeBusySeconds[node] / makespanSeconds : 0.0;
    }

    /** Number of subtasks placed on node n (0 when not simulated). */
    public int nodeSubtaskCount(int node) {
        return nodeSubtasks[node];
    }

    /** Σ over nodes of stall seconds. */
    public double totalStallSeconds() {
        double sum = 0;
        for (double s : nodeStallSeconds) {
            sum += s;
        }
        return sum;
    }

    /**
     * Every transfer between distinct nodes that took place (data edges, inputs, results), in no particular order;
     * empty when not simulated. Built on first call.
     */
    public List<Transfer> transfers() {
        if (!simulated) {
            return List.of();
        }
        if (transfers == null) {
            CompiledPipeline c = compiled;
            List<Transfer> out = new ArrayList<>();
            for (int tid = 0; tid < transferStart.length; tid++) {
                if (Double.isNaN(transferStart[tid])) {
                    continue;
                }
                if (tid < c.edges) {
                    int u = c.edgeProducer[tid];
                    int v = c.edgeConsumer[tid];
                    out.add(new Transfer(nodeOf[u], nodeOf[v], u, v, c.requestOf[v], c.outputBytes[u],
                            transferAvailable[tid], transferStart[tid], transferFinish[tid]));
                } else if (tid < c.edges + c.subtasks) {
                    int s = tid - c.edges;
                    int e = c.endpointOf[s];
                    out.add(new Transfer(c.endpointDevice[e], nodeOf[s], -1, s, c.requestOf[s],
                            c.endpointInputBytes[e], transferAvailable[tid], transferStart[tid], transferFinish[tid]));
                } else {
                    int r = tid - c.edges - c.subtasks;
                    int e = c.requestEndpoint[r];
                    int sink = c.requestSink[r];
                    out.add(new Transfer(nodeOf[sink], c.endpointDevice[e], sink, -1, r, c.endpointResultBytes[e],
                            transferAvailable[tid], transferStart[tid], transferFinish[tid]));
                }
            }
            transfers = List.copyOf(out);
        }
        return transfers;
    }

    @Override
    public String toString() {
        return "PipelineEvaluation[" + compiled.instance.name() + ", " + (feasible ? "feasible" : "infeasible")
                + ", objective " + objective() + (violations.isEmpty() ? "" : ", " + violations) + "]";
    }
}
