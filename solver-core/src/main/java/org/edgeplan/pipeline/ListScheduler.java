package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.List;

import org.edgeplan.core.InvalidInputException;

/**
 * Turns a placement (the node of every subtask) into a {@link PipelinePlan} by list scheduling: whenever a node is
 * free, it starts, among its subtasks whose inputs have all arrived, the one with the earliest ready time (ties:
 * earlier release, then lower subtask id). Transfers take their uncontended time
 * ({@link PipelineInstance#transferSeconds}); link contention is ignored when choosing the order, and the
 * {@link PipelineEvaluator} remains the truth about the resulting times. Deterministic.
 *
 * <p>How it is computed: under that rule every node runs its subtasks in increasing (ready time, release rank, id),
 * each starting at the later of its ready time and its node's previous finish. (A subtask started before another
 * one of its node was either ready earlier, or ready while the other was not yet ready.) A consumer becomes ready no
 * earlier than its producer finishes, so taking subtasks one heap pop at a time in that key order, Dijkstra-like,
 * visits them in the order of the simulation, with one push and one pop per subtask instead of the simulation's
 * finish and wake-up events. The tests check this against the event-driven definition on random instances; the two
 * can differ only in how instants are shared when zero-compute subtasks meet zero-time transfers between nodes
 * (both orders are then valid list schedules).
 *
 * <p>The queue orders follow the order of start decisions, which respects every precedence, so the plan never
 * deadlocks: it is feasible under the evaluator whenever the placement is allowed, connected and meets the static,
 * memory and queue-limit rules (the scheduler does not repair those).
 *
 * <p>Bound to one instance and reusable; not thread-safe.
 */
public final class ListScheduler {
    private final CompiledPipeline c;
    /** Subtasks whose inputs are all known, by (ready time, release rank, id). */
    private final EventHeap readyHeap;
    private final double[] nodeFree;
    private final double[] ready;
    private final int[] remaining;
    private final int[] releaseRank;

    public ListScheduler(PipelineInstance instance) {
        this(new CompiledPipeline(instance));
    }

    ListScheduler(CompiledPipeline compiled) {
        this.c = compiled;
        readyHeap = new EventHeap(64);
        nodeFree = new double[c.nodes];
        ready = new double[c.subtasks];
        remaining = new int[c.subtasks];
        releaseRank = c.releaseRanks();
    }

    /** One-off convenience: {@code new ListScheduler(instance).schedule(nodeOf)}. */
    public static PipelinePlan schedule(PipelineInstance instance, int[] nodeOf) {
        return new ListScheduler(instance).schedule(nodeOf);
    }

    /**
     * The plan that runs subtask {@code id} on node {@code nodeOf[id]} in list-scheduling order.
     *
     * @throws InvalidInputException when {@code nodeOf} has the wrong length or names no node
     */
    public PipelinePlan schedule(int[] nodeOf) {
        if (nodeOf.length != c.subtasks) {
            throw new InvalidInputException("placement has " + nodeOf.length + " entries, instance '"
                    + c.instance.name() + "' has " + c.subtasks + " subtasks");
        }
        for (int id = 0; id < c.subtasks; id++) {
            if (nodeOf[id] < 0 || nodeOf[id] >= c.nodes) {
                throw new InvalidInputException("placement puts subtask " + c.instance.subtaskLabel(id)
                        + " on node index " + nodeOf[id] + ", expected 0.." + (c.nodes - 1));
            }
        }
        int[] counts = new int[c.nodes];
        for (int id = 0; id < c.subtasks; id++) {
            counts[nodeOf[id]]++;
        }
        int[][] queues = new int[c.nodes][];
        for (int n = 0; n < c.nodes; n++) {
            queues[n] = new int[counts[n]];
        }
        int[] filled = new int[c.nodes];
        java.util.Arrays.fill(nodeFree, Double.NEGATIVE_INFINITY);
        java.util.Arrays.fill(ready, Double.NEGATIVE_INFINITY);
        readyHeap.clear();
        PipelineInstance inst = c.instance;
        for (int id = 0; id < c.subtasks; id++) {
            remaining[id] = c.predStart[id + 1] - c.predStart[id];
        }
        for (int id = 0; id < c.subtasks; id++) {
            if (c.isSource(id)) {
                int e = c.endpointOf[id];
                double arrival = c.requestRelease[c.requestOf[id]]
                        + inst.transferSeconds(c.endpointDevice[e], nodeOf[id], c.endpointInputBytes[e]);
                ready[id] = arrival;
                readyHeap.push(arrival, tieBreak(id), id);
            }
        }
        while (!readyHeap.isEmpty()) {
            readyHeap.pop();
            int id = readyHeap.value();
            int node = nodeOf[id];
            queues[node][filled[node]++] = id;
            double finish = Math.max(readyHeap.time(), nodeFree[node]) + c.flops[id] / c.speed[node];
            nodeFree[node] = finish;
            for (int s = c.succStart[id]; s < c.succStart[id + 1]; s++) {
                int consumer = c.edgeConsumer[c.succEdge[s]];
                double arrival = finish + inst.transferSeconds(node, nodeOf[consumer], c.outputBytes[id]);
                if (arrival > ready[consumer]) {
                    ready[consumer] = arrival;
                }
                if (--remaining[consumer] == 0) {
                    readyHeap.push(ready[consumer], tieBreak(consumer), consumer);
                }
            }
        }
        // Every subtask is popped once its producers are (the DNN graphs are acyclic), even over a missing channel
        // (infinite ready time), so the plan is complete and the evaluator can name what is wrong with it.
        List<int[]> out = new ArrayList<>(c.nodes);
        for (int n = 0; n < c.nodes; n++) {
            out.add(queues[n]);
        }
        return new PipelinePlan(out);
    }

    /** Tie-break key among equally ready subtasks: earlier release first (by rank), then lower id. */
    private long tieBreak(int id) {
        return ((long) releaseRank[c.requestOf[id]] << 32) | (id & 0xffffffffL);
    }
}
