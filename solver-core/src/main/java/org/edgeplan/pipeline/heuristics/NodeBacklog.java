package org.edgeplan.pipeline.heuristics;

import java.util.Arrays;

import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * The prescheduling's latency weights: for each node, the <em>virtual waiting time</em> {@code V_n(t)} of a simulated
 * schedule, i.e. the compute seconds node n still has to do at time t for subtasks whose inputs have arrived by t
 * (the rest of the running subtask plus every subtask ready but not started). A subtask arriving at n at time t behind
 * that work waits about {@code V_n(t)}: exactly so under the list scheduler's earliest-ready-first order, where later
 * arrivals do not overtake it. Built once per simulated schedule; each query costs O(log m) for a node with m
 * subtasks, plus the exclusion of one request's own subtasks.
 */
final class NodeBacklog {
    private final PipelineInstance instance;
    private final int[] nodeOf;
    private final double[] ready;
    private final double[] start;
    private final double[] finish;
    private final int[] offset;            // per node, into the flat arrays
    private final double[] readySorted;    // per node ascending
    private final double[] readyPrefix;    // Σ compute of the first i by ready time (length count + nodes)
    private final double[] startSorted;    // per node ascending
    private final double[] startPrefix;
    private final double[] finishByStart;

    /** From a simulated schedule (every subtask with times). */
    NodeBacklog(PipelineInstance instance, PipelineEvaluation evaluation) {
        this.instance = instance;
        int count = instance.subtaskCount();
        int nodes = instance.nodeCount();
        nodeOf = new int[count];
        for (int id = 0; id < count; id++) {
            nodeOf[id] = evaluation.nodeOf(id);
        }
        ready = evaluation.readyTimes();
        start = evaluation.startTimes();
        finish = evaluation.finishTimes();
        offset = new int[nodes + 1];
        for (int id = 0; id < count; id++) {
            offset[nodeOf[id] + 1]++;
        }
        for (int n = 0; n < nodes; n++) {
            offset[n + 1] += offset[n];
        }
        Integer[] byNode = new Integer[count];
        int[] fill = offset.clone();
        for (int id = 0; id < count; id++) {
            byNode[fill[nodeOf[id]]++] = id;
        }
        readySorted = new double[count];
        startSorted = new double[count];
        finishByStart = new double[count];
        readyPrefix = new double[count + nodes];
        startPrefix = new double[count + nodes];
        for (int n = 0; n < nodes; n++) {
            int from = offset[n];
            int to = offset[n + 1];
            Arrays.sort(byNode, from, to, (x, y) -> Double.compare(ready[x], ready[y]));
            double sum = 0;
            readyPrefix[from + n] = 0;
            for (int i = from; i < to; i++) {
                int id = byNode[i];
                readySorted[i] = ready[id];
                sum += finish[id] - start[id];
                readyPrefix[i + n + 1] = sum;
            }
            Arrays.sort(byNode, from, to, (x, y) -> Double.compare(start[x], start[y]));
            sum = 0;
            startPrefix[from + n] = 0;
            for (int i = from; i < to; i++) {
                int id = byNode[i];
                startSorted[i] = start[id];
                finishByStart[i] = finish[id];
                sum += finish[id] - start[id];
                startPrefix[i + n + 1] = sum;
            }
        }
    }

    /** {@code V_n(t)} counting every subtask. */
    double at(int node, double t) {
        int from = offset[node];
        int to = offset[node + 1];
        if (from == to) {
            return 0;
        }
        int readyCount = upperBound(readySorted, from, to, t) - from;
        int startedCount = upperBound(startSorted, from, to, t) - from;
        double waiting = readyPrefix[from + node + readyCount] - startPrefix[from + node + startedCount];
        double running = 0;
        if (startedCount > 0) {
            running = Math.max(0, finishByStart[from + startedCount - 1] - t);
        }
        return Math.max(0, waiting + running);
    }

    /**
     * {@code V_n(t)} without the subtasks of one request ({@code first .. first + layers - 1}, the subtask ids of one
     * request are consecutive): a request does not wait for itself.
     */
    double atExcluding(int node, double t, int first, int layers) {
        double v = at(node, t);
        for (int id = first; id < first + layers; id++) {
            if (nodeOf[id] != node) {
                continue;
            }
            if (start[id] <= t) {
                v -= Math.max(0, finish[id] - t);
            } else if (ready[id] <= t) {
                v -= finish[id] - start[id];
            }
        }
        return Math.max(0, v);
    }

    /**
     * The waits one request sees: {@code V_n(release + sinceRelease)} without its own subtasks ({@code first ..
     * first + layers - 1}), as a {@link ChoiceRetrieval.TimedWait} for the time-dependent retrieval.
     */
    ChoiceRetrieval.TimedWait forRequest(int first, int layers, double release) {
        int nodes = offset.length - 1;
        int[] ownStart = new int[nodes + 1];
        for (int id = first; id < first + layers; id++) {
            ownStart[nodeOf[id] + 1]++;
        }
        for (int n = 0; n < nodes; n++) {
            ownStart[n + 1] += ownStart[n];
        }
        int[] own = new int[layers];
        int[] fill = ownStart.clone();
        for (int id = first; id < first + layers; id++) {
            own[fill[nodeOf[id]]++] = id;
        }
        return (layer, node, sinceRelease) -> {
            double t = release + sinceRelease;
            double v = at(node, t);
            for (int i = ownStart[node]; i < ownStart[node + 1]; i++) {
                int id = own[i];
                if (start[id] <= t) {
                    v -= Math.max(0, finish[id] - t);
                } else if (ready[id] <= t) {
                    v -= finish[id] - start[id];
                }
            }
            return Math.max(0, v);
        };
    }

    double readySeconds(int id) {
        return ready[id];
    }

    PipelineInstance instance() {
        return instance;
    }

    /** First index in [from, to) whose value is greater than t. */
    private static int upperBound(double[] sorted, int from, int to, double t) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
