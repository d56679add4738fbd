package org.edgeplan.pipeline;

import java.util.Arrays;

/**
 * The times of a plan whose node queues are fixed and whose channels carry transfers in parallel: every subtask
 * starts at the later of its ready time (the latest arrival of its inputs) and the finish of the subtask before it in
 * its queue (semi-active scheduling), and finishes its compute time later. This is the one timing of problem B: the
 * {@link PipelineSimulator} times every plan without exclusive links with it, the Timefold adapter re-times its
 * working plan with it after each move, and the CP-SAT model times its hint with it in the model's integer units.
 *
 * <p>One pass in topological order over the data edges and the queue-order edges (each subtask after the one before
 * it in its queue), O(subtasks + edges). Subtasks the pass never reaches lie on or behind a cycle of those edges: the
 * queue orders contradict precedence and they never start (the evaluator's deadlock); their times are NaN. They are
 * always a suffix of each queue.
 *
 * <p>Bound to one compiled instance, its scratch arrays allocated once; not thread-safe.
 */
public final class QueueTiming {
    /**
     * The durations a timing uses, in one unit of time: the evaluator's seconds ({@link #seconds}) or another unit
     * (e.g. a model's rounded integer units, exactly representable in a double below 2^53).
     */
    public interface Durations {
        /** Time to compute subtask {@code id} on {@code node}. */
        double compute(int id, int node);

        /** When the model input of source subtask {@code id} is on {@code node}. */
        double inputArrival(int id, int node);

        /** When the output of data edge {@code edge}'s producer, finished at {@code finish} on {@code from}, is on {@code to}. */
        double edgeArrival(int edge, int from, double finish, int to);
    }

    private final CompiledPipeline c;
    private final int[] waiting;
    private final int[] order;
    private final int[] next;
    private final double[] ready;
    private final double[] start;
    private final double[] finish;
    private final double[] nodeFree;
    private int timed;

    public QueueTiming(CompiledPipeline compiled) {
        this.c = compiled;
        int n = compiled.subtasks;
        waiting = new int[n];
        order = new int[n];
        next = new int[n];
        ready = new double[n];
        start = new double[n];
        finish = new double[n];
        nodeFree = new double[compiled.nodes];
    }

    /** The evaluator's durations in seconds (same operands, same order as its simulation). */
    public static Durations seconds(CompiledPipeline compiled) {
        return new Durations() {
            @Override
            public double compute(int id, int node) {
                return compiled.computeSeconds(id, node);
            }

            @Override
            public double inputArrival(int id, int node) {
                return compiled.inputArrivalSeconds(id, node);
            }

            @Override
            public double edgeArrival(int edge, int from, double finish, int to) {
                return compiled.edgeArrivalSeconds(edge, from, finish, to);
            }
        };
    }

    /**
     * Times the plan given by {@code nodeOf} (node of each subtask, -1 when it is in no queue) and its queues: the
     * queue of node {@code n} is {@code queueFlat[queueStart[n] .. queueStart[n + 1] - 1]}. Returns how many subtasks
     * were timed; all of them exactly when the queues respect precedence.
     */
    public int time(int[] nodeOf, int[] queueStart, int[] queueFlat, Durations durations) {
        int n = c.subtasks;
        Arrays.fill(next, -1);
        for (int id = 0; id < n; id++) {
            waiting[id] = nodeOf[id] < 0 ? -1 : c.predStart[id + 1] - c.predStart[id];
        }
        for (int node = 0; node < c.nodes; node++) {
            for (int p = queueStart[node] + 1; p < queueStart[node + 1]; p++) {
                next[queueFlat[p - 1]] = queueFlat[p];
                waiting[queueFlat[p]]++;
            }
        }
        Arrays.fill(ready, Double.NaN);
        Arrays.fill(start, Double.NaN);
        Arrays.fill(finish, Double.NaN);
        int head = 0;
        int tail = 0;
        for (int id = 0; id < n; id++) {
            if (waiting[id] == 0) {
                order[tail++] = id;
            }
        }
        // A subtask enters the order once its producers and its queue predecessor are timed, so each node's
        // subtasks are timed in queue order and the node's last finish is its queue predecessor's.
        Arrays.fill(nodeFree, Double.NEGATIVE_INFINITY);
        while (head < tail) {
            int id = order[head++];
            int node = nodeOf[id];
            double r;
            if (c.predStart[id] == c.predStart[id + 1]) {
                r = durations.inputArrival(id, node);
            } else {
                r = Double.NEGATIVE_INFINITY;
                for (int j = c.predStart[id]; j < c.predStart[id + 1]; j++) {
                    int u = c.edgeProducer[j];
                    double arrival = durations.edgeArrival(j, nodeOf[u], finish[u], node);
                    if (arrival > r) {
                        r = arrival;
                    }
                }
            }
            double s = Math.max(nodeFree[node], r);
            double f = s + durations.compute(id, node);
            ready[id] = r;
            start[id] = s;
            finish[id] = f;
            nodeFree[node] = f;
            for (int k = c.succStart[id]; k < c.succStart[id + 1]; k++) {
                int v = c.edgeConsumer[c.succEdge[k]];
                if (--waiting[v] == 0) {
                    order[tail++] = v;
                }
            }
            int after = next[id];
            if (after >= 0 && --waiting[after] == 0) {
                order[tail++] = after;
            }
        }
        timed = tail;
        return tail;
    }

    /**
     * Times {@code plan}, whose queues must hold every subtask exactly once (the evaluator checks that; this does
     * not); returns how many subtasks were timed, all of them exactly when the queues respect precedence.
     */
    public int time(PipelinePlan plan, Durations durations) {
        int[] nodeOf = plan.nodeOf(c.subtasks);
        int[] queueStart = new int[c.nodes + 1];
        int[] queueFlat = new int[c.subtasks];
        int flat = 0;
        for (int node = 0; node < c.nodes; node++) {
            queueStart[node] = flat;
            for (int p = 0; p < plan.queueLength(node); p++) {
                queueFlat[flat++] = plan.queueEntry(node, p);
            }
        }
        queueStart[c.nodes] = flat;
        return time(nodeOf, queueStart, queueFlat, durations);
    }

    /** How many subtasks the last {@link #time} call timed. */
    public int timedCount() {
        return timed;
    }

    /** Ready time of subtask {@code id} in the last timing, NaN when it was not timed. */
    public double ready(int id) {
        return ready[id];
    }

    /** Start time of subtask {@code id} in the last timing, NaN when it was not timed. */
    public double start(int id) {
        return start[id];
    }

    /** Finish time of subtask {@code id} in the last timing, NaN when it was not timed. */
    public double finish(int id) {
        return finish[id];
    }

    /** The simulator reads the times in place. */
    double[] readyArray() {
        return ready;
    }

    double[] startArray() {
        return start;
    }

    double[] finishArray() {
        return finish;
    }
}
