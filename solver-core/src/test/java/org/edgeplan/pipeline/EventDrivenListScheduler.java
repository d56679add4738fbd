package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.List;


/**
 * The reference for {@link ListScheduler}: the list schedule as a discrete-event simulation, literally as its
 * definition reads (finish events free nodes and make consumers ready; a free node, woken at an instant, starts the
 * earliest-ready of its subtasks whose inputs have arrived, ties by release rank then id). This was the production
 * implementation until 2026-12-01; {@link ListScheduler} now computes the same plans with one heap
 * ({@code ListSchedulerTest#sameQueuesAsTheEventDrivenDefinition}). Kept in the tests only, as the oracle.
 */
final class EventDrivenListScheduler {
    private static final int FINISH = 0;
    /** Ranked after finishes at equal times, so a free node sees every subtask that became ready at that instant. */
    private static final int WAKE = 1;

    private final CompiledPipeline c;
    private final EventHeap events;
    private final EventHeap[] readyQueues;
    private final boolean[] nodeIdle;
    private final double[] ready;
    private final int[] remaining;
    private final int[] releaseRank;

    EventDrivenListScheduler(PipelineInstance instance) {
        this(new CompiledPipeline(instance));
    }

    EventDrivenListScheduler(CompiledPipeline compiled) {
        this.c = compiled;
        events = new EventHeap(64);
        readyQueues = new EventHeap[c.nodes];
        for (int n = 0; n < c.nodes; n++) {
            readyQueues[n] = new EventHeap(16);
        }
        nodeIdle = new boolean[c.nodes];
        ready = new double[c.subtasks];
        remaining = new int[c.subtasks];
        releaseRank = c.releaseRanks();
    }

    /** The plan that runs subtask {@code id} on node {@code nodeOf[id]} in list-scheduling order. */
    PipelinePlan schedule(int[] nodeOf) {
        // Placements are valid here (ListScheduler validates for both).
        int[] counts = new int[c.nodes];
        for (int id = 0; id < c.subtasks; id++) {
            counts[nodeOf[id]]++;
        }
        int[][] queues = new int[c.nodes][];
        for (int n = 0; n < c.nodes; n++) {
            queues[n] = new int[counts[n]];
            readyQueues[n].clear();
        }
        int[] filled = new int[c.nodes];
        java.util.Arrays.fill(nodeIdle, true);
        java.util.Arrays.fill(ready, Double.NEGATIVE_INFINITY);
        events.clear();
        PipelineInstance inst = c.instance;
        for (int id = 0; id < c.subtasks; id++) {
            remaining[id] = c.predStart[id + 1] - c.predStart[id];
        }
        for (int id = 0; id < c.subtasks; id++) {
            if (c.isSource(id)) {
                int e = c.endpointOf[id];
                double arrival = c.requestRelease[c.requestOf[id]]
                        + inst.transferSeconds(c.endpointDevice[e], nodeOf[id], c.endpointInputBytes[e]);
                makeReady(id, arrival, nodeOf, arrival);
            }
        }
        while (!events.isEmpty()) {
            events.pop();
            double now = events.time();
            int type = (int) (events.key() >>> 32);
            int value = events.value();
            if (type == FINISH) {
                int node = nodeOf[value];
                nodeIdle[node] = true;
                for (int s = c.succStart[value]; s < c.succStart[value + 1]; s++) {
                    int j = c.succEdge[s];
                    int consumer = c.edgeConsumer[j];
                    double arrival = now + inst.transferSeconds(node, nodeOf[consumer], c.outputBytes[value]);
                    if (arrival > ready[consumer]) {
                        ready[consumer] = arrival;
                    }
                    if (--remaining[consumer] == 0) {
                        makeReady(consumer, ready[consumer], nodeOf, now);
                    }
                }
                events.push(now, key(WAKE, node), node);
            } else {
                int node = value;
                EventHeap candidates = readyQueues[node];
                if (!nodeIdle[node] || candidates.isEmpty() || candidates.peekTime() > now) {
                    continue;
                }
                candidates.pop();
                int id = candidates.value();
                queues[node][filled[node]++] = id;
                nodeIdle[node] = false;
                events.push(now + c.flops[id] / c.speed[node], key(FINISH, id), id);
            }
        }
        List<int[]> out = new ArrayList<>(c.nodes);
        for (int n = 0; n < c.nodes; n++) {
            if (filled[n] != counts[n]) {
                // Only possible with infinite transfer times (missing channels): append the rest in id order so
                // the plan stays complete and the evaluator can name the missing channel.
                appendUnscheduled(queues[n], filled, n, nodeOf);
            }
            out.add(queues[n]);
        }
        return new PipelinePlan(out);
    }

    private void appendUnscheduled(int[] queue, int[] filled, int node, int[] nodeOf) {
        java.util.BitSet present = new java.util.BitSet(c.subtasks);
        for (int p = 0; p < filled[node]; p++) {
            present.set(queue[p]);
        }
        for (int id = 0; id < c.subtasks && filled[node] < queue.length; id++) {
            if (nodeOf[id] == node && !present.get(id)) {
                queue[filled[node]++] = id;
            }
        }
    }

    /** All inputs of {@code id} are known to arrive at {@code readyTime}: offer it to its node from then on. */
    private void makeReady(int id, double readyTime, int[] nodeOf, double now) {
        ready[id] = readyTime;
        int node = nodeOf[id];
        readyQueues[node].push(readyTime, encodeTieBreak(id), id);
        events.push(Math.max(now, readyTime), key(WAKE, node), node);
    }

    /** Tie-break key among equally ready subtasks: earlier release first (by rank), then lower id. */
    private long encodeTieBreak(int id) {
        return ((long) releaseRank[c.requestOf[id]] << 32) | (id & 0xffffffffL);
    }

    private static long key(int type, int value) {
        return ((long) type << 32) | (value & 0xffffffffL);
    }
}
