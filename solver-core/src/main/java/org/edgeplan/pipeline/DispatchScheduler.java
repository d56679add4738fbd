package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.edgeplan.core.InvalidInputException;

/**
 * Queue orders for a fixed placement by non-delay dispatching with a priority rule: whenever a node could start
 * work, it starts, among the subtasks placed on it whose inputs have arrived, the one the rule ranks first; when none
 * has arrived it waits for the earliest. {@link ListScheduler} instead serves every node first come, first served
 * (by the time a subtask's inputs arrive), which is what a FIFO queue does but not what a scheduler should do with a
 * backlog: on {@code scaled-vgg5-e8-s2-r18-dynamic} Timefold's best placement gives a total latency of 0.635 list-
 * scheduled, 0.603 in Timefold's own order and 0.600 dispatched by least remaining work (docs/pipeline-lns.md).
 *
 * <p>Rules ({@link Priority}): the least remaining work of the subtask's request first, the classic rule for total
 * completion time (shortest remaining processing time); the most remaining work first, the classic rule for
 * makespan (longest remaining path, as HLFET); the oldest request first. A request's remaining work at a subtask is
 * the compute time, on the given placement, of that subtask and the later subtasks of its request (for a chain,
 * exactly what is left to do when the subtask starts; for a DAG, the subtasks after it in topological order). Ties
 * go to the earlier request (by release), then the lower subtask id.
 *
 * <p>Times are estimates for the choice only (transfers without channel contention, as
 * {@link CompiledPipeline#edgeArrivalSeconds}); the evaluator re-times the plan. The queue orders follow the order of start decisions, which
 * respects every precedence, so the plan never deadlocks. O(S log S) for S subtasks. Bound to one instance and
 * reusable; not thread-safe.
 */
public final class DispatchScheduler {
    /** Which ready subtask a node starts first. */
    public enum Priority {
        /** The request with the least remaining work: for total latency. */
        LEAST_REMAINING_WORK,
        /** The request with the most remaining work: for makespan. */
        MOST_REMAINING_WORK,
        /** The request released first. */
        OLDEST_REQUEST;

        /** The rule that suits an objective: least remaining work for total latency, most for makespan. */
        public static Priority suitedTo(PipelineObjective objective) {
            return objective == PipelineObjective.MAKESPAN ? MOST_REMAINING_WORK : LEAST_REMAINING_WORK;
        }
    }

    private final CompiledPipeline c;
    private final int[] releaseRank;
    private final EventHeap[] waiting;
    private final EventHeap[] ready;
    private final EventHeap decisions;
    private final double[] nodeFree;
    private final double[] readyAt;
    private final int[] remainingInputs;
    private final double[] tailSeconds;

    public DispatchScheduler(PipelineInstance instance) {
        this(new CompiledPipeline(instance));
    }

    public DispatchScheduler(CompiledPipeline compiled) {
        this.c = compiled;
        releaseRank = c.releaseRanks();
        waiting = new EventHeap[c.nodes];
        ready = new EventHeap[c.nodes];
        for (int n = 0; n < c.nodes; n++) {
            waiting[n] = new EventHeap(16);
            ready[n] = new EventHeap(16);
        }
        decisions = new EventHeap(2 * c.nodes);
        nodeFree = new double[c.nodes];
        readyAt = new double[c.subtasks];
        remainingInputs = new int[c.subtasks];
        tailSeconds = new double[c.subtasks];
    }

    /**
     * The plan that runs subtask {@code id} on node {@code nodeOf[id]}, queues in dispatching order under the rule.
     *
     * @throws InvalidInputException when {@code nodeOf} has the wrong length or names no node
     */
    public PipelinePlan schedule(int[] nodeOf, Priority priority) {
        if (nodeOf.length != c.subtasks) {
            throw new InvalidInputException("placement has " + nodeOf.length + " entries, instance '"
                    + c.instance.name() + "' has " + c.subtasks + " subtasks");
        }
        int[] counts = new int[c.nodes];
        for (int id = 0; id < c.subtasks; id++) {
            if (nodeOf[id] < 0 || nodeOf[id] >= c.nodes) {
                throw new InvalidInputException("placement puts subtask " + c.instance.subtaskLabel(id)
                        + " on node index " + nodeOf[id] + ", expected 0.." + (c.nodes - 1));
            }
            counts[nodeOf[id]]++;
        }
        for (int r = 0; r < c.requests; r++) {
            double tail = 0;
            for (int id = c.requestSink[r]; id >= c.requestFirst[r]; id--) {
                tail += c.computeSeconds(id, nodeOf[id]);
                tailSeconds[id] = tail;
            }
        }
        int[][] queues = new int[c.nodes][];
        for (int n = 0; n < c.nodes; n++) {
            queues[n] = new int[counts[n]];
            waiting[n].clear();
            ready[n].clear();
        }
        decisions.clear();
        int[] filled = new int[c.nodes];
        Arrays.fill(nodeFree, Double.NEGATIVE_INFINITY);
        for (int id = 0; id < c.subtasks; id++) {
            remainingInputs[id] = c.predStart[id + 1] - c.predStart[id];
            readyAt[id] = Double.NEGATIVE_INFINITY;
            if (c.isSource(id)) {
                readyAt[id] = c.inputArrivalSeconds(id, nodeOf[id]);
                waiting[nodeOf[id]].push(readyAt[id], tieBreak(id), id);
            }
        }
        for (int n = 0; n < c.nodes; n++) {
            if (!waiting[n].isEmpty()) {
                decisions.push(decisionTime(n), n, n);
            }
        }
        for (int placed = 0; placed < c.subtasks; ) {
            if (decisions.isEmpty()) {
                // Only a subtask over a missing channel (never ready) can be left: queue the rest in id order so
                // that the plan is complete and the evaluator names what is wrong.
                appendUnplaced(nodeOf, queues, filled);
                break;
            }
            decisions.pop();
            int n = decisions.value();
            double t = decisions.time();
            if (ready[n].isEmpty() && waiting[n].isEmpty() || t != decisionTime(n)) {
                continue; // stale: the node's decision time changed since this entry was pushed
            }
            while (!waiting[n].isEmpty() && waiting[n].peekTime() <= t) {
                waiting[n].pop();
                int id = waiting[n].value();
                ready[n].push(key(id, priority), waiting[n].key(), id);
            }
            ready[n].pop();
            int id = ready[n].value();
            queues[n][filled[n]++] = id;
            placed++;
            double finish = t + c.computeSeconds(id, n);
            nodeFree[n] = finish;
            for (int s = c.succStart[id]; s < c.succStart[id + 1]; s++) {
                int j = c.succEdge[s];
                int consumer = c.edgeConsumer[j];
                double arrival = c.edgeArrivalSeconds(j, n, finish, nodeOf[consumer]);
                if (arrival > readyAt[consumer]) {
                    readyAt[consumer] = arrival;
                }
                if (--remainingInputs[consumer] == 0) {
                    int m = nodeOf[consumer];
                    waiting[m].push(readyAt[consumer], tieBreak(consumer), consumer);
                    if (m != n) {
                        decisions.push(decisionTime(m), m, m);
                    }
                }
            }
            if (!ready[n].isEmpty() || !waiting[n].isEmpty()) {
                decisions.push(decisionTime(n), n, n);
            }
        }
        List<int[]> out = new ArrayList<>(c.nodes);
        for (int n = 0; n < c.nodes; n++) {
            out.add(queues[n]);
        }
        return new PipelinePlan(out);
    }

    /** When node {@code n} can next start something: when it is free, or when its first input arrives. */
    private double decisionTime(int n) {
        if (!ready[n].isEmpty()) {
            return nodeFree[n];
        }
        double first = waiting[n].isEmpty() ? Double.POSITIVE_INFINITY : waiting[n].peekTime();
        return Math.max(nodeFree[n], first);
    }

    private double key(int id, Priority priority) {
        return switch (priority) {
            case LEAST_REMAINING_WORK -> tailSeconds[id];
            case MOST_REMAINING_WORK -> -tailSeconds[id];
            case OLDEST_REQUEST -> c.requestRelease[c.requestOf[id]];
        };
    }

    /** Earlier release (by rank) first, then the lower id. */
    private long tieBreak(int id) {
        return ((long) releaseRank[c.requestOf[id]] << 32) | (id & 0xffffffffL);
    }

    private void appendUnplaced(int[] nodeOf, int[][] queues, int[] filled) {
        boolean[] queued = new boolean[c.subtasks];
        for (int n = 0; n < c.nodes; n++) {
            for (int k = 0; k < filled[n]; k++) {
                queued[queues[n][k]] = true;
            }
        }
        for (int id = 0; id < c.subtasks; id++) {
            if (!queued[id]) {
                queues[nodeOf[id]][filled[nodeOf[id]]++] = id;
            }
        }
    }
}
