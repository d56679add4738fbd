package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The simulation behind {@link PipelineEvaluator}, bound to one instance and reusable for many plans (its scratch
 * arrays are allocated once). Not thread-safe: use one per thread.
 *
 * <p>Without exclusive links every transfer starts when its data is ready, and the plan's times are those of
 * {@link QueueTiming} (the one timing of problem B, shared with the exact models and the local search). With
 * exclusive links each channel carries one transfer at a time in first-in first-out order, which needs an
 * event-driven simulation of the channels' queues; it is in this class alone.
 *
 * <p>{@link #objective(PipelinePlan)} is the fast path for search heuristics: it runs the same checks and the same
 * simulation as {@link #evaluate(PipelinePlan)} but builds no message and no result object, and returns
 * {@code +Infinity} at the first violation. See {@link PipelineEvaluator} for the semantics.
 */
public final class PipelineSimulator {
    static final int MAX_MESSAGES_PER_KIND = 10;

    private static final int FINISH = 0;
    private static final int TRANSFER_DONE = 1;
    private static final int INPUT_AVAILABLE = 2;
    /** Ranked last at equal times, so a free channel chooses only after every transfer of that instant queued. */
    private static final int DISPATCH = 3;

    private final CompiledPipeline c;
    private final int transferCount;
    private final QueueTiming timing;
    private final QueueTiming.Durations seconds;

    // Plan, flattened.
    private final int[] nodeOf;
    private final int[] posOf;
    private final int[] queueStart;
    private final int[] queueFlat;
    // Simulation state: the times point into the QueueTiming's arrays without exclusive links, to these with them.
    private double[] start;
    private double[] finish;
    private double[] ready;
    private final double[] eventStart;
    private final double[] eventFinish;
    private final double[] eventReady;
    private final int[] remaining;
    private final int[] headPos;
    private final boolean[] nodeIdle;
    private final double[] nodeFree;
    private final double[] transferAvailable;
    private final double[] transferStart;
    private final double[] transferFinish;
    private final double[] completion;
    private final EventHeap events;
    private final EventHeap[] channelQueues;
    private final boolean[] channelBusy;
    private final boolean[] channelDispatchPending;
    private final int[] memoryStamp;
    private double[] waitScratchA = new double[16];
    private double[] waitScratchB = new double[16];
    private int finishedCount;
    private boolean simulated;

    /** Compiles the instance into flat arrays; costs about one simulation. */
    public PipelineSimulator(PipelineInstance instance) {
        this(new CompiledPipeline(instance));
    }

    PipelineSimulator(CompiledPipeline compiled) {
        this.c = compiled;
        int n = c.subtasks;
        int nn = c.nodes;
        transferCount = c.edges + n + c.requests;
        timing = new QueueTiming(c);
        seconds = QueueTiming.seconds(c);
        nodeOf = new int[n];
        posOf = new int[n];
        queueStart = new int[nn + 1];
        queueFlat = new int[n];
        eventStart = c.linkExclusive ? new double[n] : null;
        eventFinish = c.linkExclusive ? new double[n] : null;
        eventReady = c.linkExclusive ? new double[n] : null;
        remaining = new int[n];
        headPos = new int[nn];
        nodeIdle = new boolean[nn];
        nodeFree = new double[nn];
        transferAvailable = new double[transferCount];
        transferStart = new double[transferCount];
        transferFinish = new double[transferCount];
        completion = new double[c.requests];
        events = new EventHeap(Math.max(16, 2 * nn + 16));
        channelQueues = c.linkExclusive ? new EventHeap[nn * nn] : null;
        channelBusy = c.linkExclusive ? new boolean[nn * nn] : null;
        channelDispatchPending = c.linkExclusive ? new boolean[nn * nn] : null;
        memoryStamp = new int[c.layerKeyWeightBytes.length];
    }

    /** The instance this simulator is bound to. */
    public PipelineInstance instance() {
        return c.instance;
    }

    /** The plan's objective (total latency or makespan), or {@code +Infinity} when the plan is infeasible. */
    public double objective(PipelinePlan plan) {
        if (!run(plan, null)) {
            return Double.POSITIVE_INFINITY;
        }
        double total = 0;
        double makespan = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < c.requests; r++) {
            total += completion[r] - c.requestRelease[r];
            makespan = Math.max(makespan, completion[r]);
        }
        return c.instance.objective() == PipelineObjective.MAKESPAN ? makespan : total;
    }

    /** The full evaluation: feasibility with reasons, times, latencies, queueing delays, stalls, utilisation. */
    public PipelineEvaluation evaluate(PipelinePlan plan) {
        List<String> violations = new ArrayList<>();
        boolean feasible = run(plan, violations);
        if (!simulated) {
            return PipelineEvaluation.unsimulated(c, violations);
        }
        return PipelineEvaluation.of(c, feasible, violations, nodeOf, start, finish, ready, completion,
                transferAvailable, transferStart, transferFinish);
    }

    /** Runs checks and the simulation; fills {@code violations} when not null, else stops at the first one. */
    private boolean run(PipelinePlan plan, List<String> violations) {
        simulated = false;
        Messages messages = violations == null ? null : new Messages(violations);
        if (!flatten(plan, messages)) {
            finishMessages(messages);
            return false;
        }
        boolean ok = true;
        boolean connected = true;
        // Node allowed, transfers possible.
        PipelineInstance inst = c.instance;
        for (int sub = 0; sub < c.subtasks; sub++) {
            int id = sub;
            int node = nodeOf[id];
            int e = c.endpointOf[id];
            if (!inst.allowed(e, node)) {
                ok = false;
                if (messages == null) {
                    return false;
                }
                messages.add(Messages.NOT_ALLOWED, () -> "subtask " + inst.subtaskLabel(id) + " is on node '"
                        + nodeName(node) + "', which endpoint '" + inst.endpoint(e).name() + "' may not use");
            }
            for (int j = c.predStart[id]; j < c.predStart[id + 1]; j++) {
                int u = c.edgeProducer[j];
                int from = nodeOf[u];
                if (!inst.connected(from, node)) {
                    connected = false;
                    if (messages == null) {
                        return false;
                    }
                    messages.add(Messages.NO_CHANNEL, () -> "no channel from node '" + nodeName(from) + "' to node '"
                            + nodeName(node) + "' for the data of " + inst.subtaskLabel(u) + " to "
                            + inst.subtaskLabel(id));
                }
            }
            if (c.isSource(id)) {
                int device = c.endpointDevice[e];
                if (!inst.connected(device, node)) {
                    connected = false;
                    if (messages == null) {
                        return false;
                    }
                    messages.add(Messages.NO_CHANNEL, () -> "no channel from device '" + nodeName(device)
                            + "' to node '" + nodeName(node) + "' for the input of " + inst.subtaskLabel(id));
                }
            }
            if (c.requestSink[c.requestOf[id]] == id) {
                int device = c.endpointDevice[e];
                if (!inst.connected(node, device)) {
                    connected = false;
                    if (messages == null) {
                        return false;
                    }
                    messages.add(Messages.NO_CHANNEL, () -> "no channel from node '" + nodeName(node)
                            + "' back to device '" + nodeName(device) + "' for the result of "
                            + inst.subtaskLabel(id));
                }
            }
        }
        ok &= connected;
        if (inst.mode() == PlacementMode.STATIC) {
            for (int e = 0; e < inst.endpointCount(); e++) {
                DnnGraph model = inst.model(e);
                for (int k = 1; k < inst.endpoint(e).requestCount(); k++) {
                    for (int v = 0; v < model.layerCount(); v++) {
                        int first = inst.subtaskId(e, 0, v);
                        int id = inst.subtaskId(e, k, v);
                        if (nodeOf[id] != nodeOf[first]) {
                            ok = false;
                            if (messages == null) {
                                return false;
                            }
                            int endpoint = e;
                            int request = k;
                            String layer = model.layer(v).name();
                            messages.add(Messages.STATIC, () -> "static mode: layer '" + layer + "' of endpoint '"
                                    + inst.endpoint(endpoint).name() + "' runs on node '" + nodeName(nodeOf[first])
                                    + "' for request 0 but on node '" + nodeName(nodeOf[id]) + "' for request "
                                    + request);
                        }
                    }
                }
            }
        }
        // Cleared before counting, not after: the fast path returns from inside the loop at the first violation, and
        // stamps left behind would hide those layers' weights from the next plan's count.
        Arrays.fill(memoryStamp, 0);
        for (int node = 0; node < c.nodes; node++) {
            if (c.memoryLimit[node] < 0) {
                continue;
            }
            int stamp = node + 1;
            double bytes = 0;
            int layers = 0;
            for (int p = queueStart[node]; p < queueStart[node + 1]; p++) {
                int key = c.layerKeyOf[queueFlat[p]];
                if (memoryStamp[key] != stamp) {
                    memoryStamp[key] = stamp;
                    bytes += c.layerKeyWeightBytes[key];
                    layers++;
                }
            }
            if (bytes > c.memoryLimit[node]) {
                ok = false;
                if (messages == null) {
                    Arrays.fill(memoryStamp, 0); // the next plan must not see this plan's stamps
                    return false;
                }
                int where = node;
                double need = bytes;
                int count = layers;
                messages.add(Messages.MEMORY, () -> "node '" + nodeName(where) + "' holds the weights of " + count
                        + " distinct layers, " + format(need) + " bytes, more than its memory of "
                        + c.memoryLimit[where] + " bytes");
            }
        }
        if (!connected) {
            finishMessages(messages);
            return false;
        }
        simulate();
        simulated = true;
        if (finishedCount < c.subtasks) {
            ok = false;
            if (messages == null) {
                return false;
            }
            reportDeadlock(messages);
        }
        if (finishedCount == c.subtasks) {
            ok &= checkQueueLimits(messages);
            if (!ok && messages == null) {
                return false;
            }
        }
        finishMessages(messages);
        return ok;
    }

    private static void finishMessages(Messages messages) {
        if (messages != null) {
            messages.finish();
        }
    }

    /** Checks one queue per node and every subtask exactly once; fills nodeOf, posOf, queueStart, queueFlat. */
    private boolean flatten(PipelinePlan plan, Messages messages) {
        PipelineInstance inst = c.instance;
        if (plan.nodeCount() != c.nodes) {
            if (messages != null) {
                messages.add(Messages.STRUCTURE, () -> "plan has " + plan.nodeCount() + " queues but instance '"
                        + inst.name() + "' has " + c.nodes + " nodes; a plan needs one queue per node, in node order");
            }
            return false;
        }
        Arrays.fill(nodeOf, -1);
        boolean ok = true;
        int flat = 0;
        for (int node = 0; node < c.nodes; node++) {
            queueStart[node] = flat;
            int length = plan.queueLength(node);
            for (int p = 0; p < length; p++) {
                int id = plan.queueEntry(node, p);
                if (id < 0 || id >= c.subtasks) {
                    ok = false;
                    if (messages == null) {
                        return false;
                    }
                    int where = node;
                    int position = p;
                    messages.add(Messages.STRUCTURE, () -> "queue of node '" + nodeName(where) + "' position "
                            + position + ": subtask id " + id + " is out of range 0.." + (c.subtasks - 1));
                    continue;
                }
                if (nodeOf[id] >= 0) {
                    ok = false;
                    if (messages == null) {
                        return false;
                    }
                    int where = node;
                    int position = p;
                    int firstNode = nodeOf[id];
                    int firstPosition = posOf[id];
                    messages.add(Messages.STRUCTURE, () -> "subtask " + inst.subtaskLabel(id)
                            + " appears more than once: on node '" + nodeName(firstNode) + "' (position "
                            + firstPosition + ") and on node '" + nodeName(where) + "' (position " + position + ")");
                    continue;
                }
                nodeOf[id] = node;
                posOf[id] = p;
                if (flat < queueFlat.length) {
                    queueFlat[flat] = id;
                }
                flat++;
            }
        }
        queueStart[c.nodes] = flat;
        for (int id = 0; id < c.subtasks; id++) {
            if (nodeOf[id] < 0) {
                ok = false;
                if (messages == null) {
                    return false;
                }
                int missing = id;
                messages.add(Messages.STRUCTURE, () -> "subtask " + inst.subtaskLabel(missing) + " is in no queue");
            }
        }
        return ok;
    }

    private void simulate() {
        Arrays.fill(transferAvailable, Double.NaN);
        Arrays.fill(transferStart, Double.NaN);
        Arrays.fill(transferFinish, Double.NaN);
        Arrays.fill(completion, Double.NaN);
        if (c.linkExclusive) {
            simulateChannelQueues();
        } else {
            timeParallelChannels();
        }
    }

    /**
     * Without exclusive links: the times of {@link QueueTiming}, then the transfers and completions as the channels
     * carry them (each transfer leaves when its data is ready). A subtask that never starts keeps the ready time of
     * the inputs that did arrive ({@code -Infinity} when none did), as an event-driven simulation would leave it.
     */
    private void timeParallelChannels() {
        finishedCount = timing.time(nodeOf, queueStart, queueFlat, seconds);
        start = timing.startArray();
        finish = timing.finishArray();
        ready = timing.readyArray();
        for (int node = 0; node < c.nodes; node++) {
            int p = queueStart[node];
            while (p < queueStart[node + 1] && !Double.isNaN(finish[queueFlat[p]])) {
                p++;
            }
            headPos[node] = p - queueStart[node];
        }
        for (int id = 0; id < c.subtasks; id++) {
            int node = nodeOf[id];
            if (c.isSource(id)) {
                int device = c.endpointDevice[c.endpointOf[id]];
                if (device != node) {
                    int tid = c.edges + id;
                    transferAvailable[tid] = c.requestRelease[c.requestOf[id]];
                    transferStart[tid] = transferAvailable[tid];
                    transferFinish[tid] = c.inputArrivalSeconds(id, node);
                }
                if (Double.isNaN(finish[id])) {
                    ready[id] = c.inputArrivalSeconds(id, node);
                }
            } else if (Double.isNaN(finish[id])) {
                double arrived = Double.NEGATIVE_INFINITY;
                for (int j = c.predStart[id]; j < c.predStart[id + 1]; j++) {
                    int u = c.edgeProducer[j];
                    if (!Double.isNaN(finish[u])) {
                        arrived = Math.max(arrived, c.edgeArrivalSeconds(j, nodeOf[u], finish[u], node));
                    }
                }
                ready[id] = arrived;
            }
            if (Double.isNaN(finish[id])) {
                continue;
            }
            for (int k = c.succStart[id]; k < c.succStart[id + 1]; k++) {
                int j = c.succEdge[k];
                int to = nodeOf[c.edgeConsumer[j]];
                if (to != node) {
                    transferAvailable[j] = finish[id];
                    transferStart[j] = finish[id];
                    transferFinish[j] = c.edgeArrivalSeconds(j, node, finish[id], to);
                }
            }
            int r = c.requestOf[id];
            if (c.requestSink[r] == id) {
                int device = c.endpointDevice[c.requestEndpoint[r]];
                if (device == node) {
                    completion[r] = finish[id];
                } else {
                    int tid = c.edges + c.subtasks + r;
                    transferAvailable[tid] = finish[id];
                    transferStart[tid] = finish[id];
                    transferFinish[tid] = c.resultArrivalSeconds(id, node, finish[id]);
                    completion[r] = transferFinish[tid];
                }
            }
        }
    }

    /** With exclusive links: an event-driven simulation of node queues and first-in first-out channel queues. */
    private void simulateChannelQueues() {
        int n = c.subtasks;
        start = eventStart;
        finish = eventFinish;
        ready = eventReady;
        Arrays.fill(start, Double.NaN);
        Arrays.fill(finish, Double.NaN);
        Arrays.fill(ready, Double.NEGATIVE_INFINITY);
        for (int id = 0; id < n; id++) {
            int preds = c.predStart[id + 1] - c.predStart[id];
            remaining[id] = preds == 0 ? 1 : preds;
        }
        Arrays.fill(headPos, 0);
        Arrays.fill(nodeIdle, true);
        Arrays.fill(nodeFree, Double.NEGATIVE_INFINITY);
        events.clear();
        for (EventHeap q : channelQueues) {
            if (q != null) {
                q.clear();
            }
        }
        Arrays.fill(channelBusy, false);
        Arrays.fill(channelDispatchPending, false);
        finishedCount = 0;
        int inputBase = c.edges;
        for (int id = 0; id < n; id++) {
            if (!c.isSource(id)) {
                continue;
            }
            double release = c.requestRelease[c.requestOf[id]];
            int device = c.endpointDevice[c.endpointOf[id]];
            if (device == nodeOf[id]) {
                deliver(id, release);
            } else {
                int tid = inputBase + id;
                events.push(release, key(INPUT_AVAILABLE, tid), tid);
            }
        }
        while (!events.isEmpty()) {
            events.pop();
            double now = events.time();
            int type = (int) (events.key() >>> 32);
            int value = events.value();
            switch (type) {
                case FINISH -> onFinish(value, now);
                case TRANSFER_DONE -> onTransferDone(value, now);
                case INPUT_AVAILABLE -> {
                    int id = value - c.edges;
                    enqueueTransfer(c.endpointDevice[c.endpointOf[id]], nodeOf[id], now, id, -1, value);
                }
                case DISPATCH -> onDispatch(value, now);
                default -> throw new IllegalStateException("unknown event type " + type);
            }
        }
    }

    private static long key(int type, int value) {
        return ((long) type << 32) | (value & 0xffffffffL);
    }

    private void deliver(int id, double arrival) {
        if (arrival > ready[id]) {
            ready[id] = arrival;
        }
        if (--remaining[id] == 0) {
            tryStart(nodeOf[id]);
        }
    }

    private void tryStart(int node) {
        if (!nodeIdle[node]) {
            return;
        }
        int p = queueStart[node] + headPos[node];
        if (p >= queueStart[node + 1]) {
            return;
        }
        int head = queueFlat[p];
        if (remaining[head] != 0) {
            return;
        }
        double s = Math.max(nodeFree[node], ready[head]);
        double f = s + c.flops[head] / c.speed[node];
        start[head] = s;
        finish[head] = f;
        nodeIdle[node] = false;
        events.push(f, key(FINISH, head), head);
    }

    private void onFinish(int id, double now) {
        int node = nodeOf[id];
        nodeIdle[node] = true;
        nodeFree[node] = now;
        headPos[node]++;
        finishedCount++;
        for (int s = c.succStart[id]; s < c.succStart[id + 1]; s++) {
            int j = c.succEdge[s];
            int consumer = c.edgeConsumer[j];
            int to = nodeOf[consumer];
            if (to == node) {
                deliver(consumer, now);
            } else {
                enqueueTransfer(node, to, now, consumer, id, j);
            }
        }
        int r = c.requestOf[id];
        if (c.requestSink[r] == id) {
            int device = c.endpointDevice[c.requestEndpoint[r]];
            int tid = c.edges + c.subtasks + r;
            if (device == node) {
                completion[r] = now;
            } else {
                enqueueTransfer(node, device, now, c.subtasks + r, id, tid);
            }
        }
        tryStart(node);
    }

    /** Queues a transfer on channel from->to; FIFO by (available time, consumer key, producer). */
    private void enqueueTransfer(int from, int to, double now, int consumerKey, int producer, int tid) {
        int channel = from * c.nodes + to;
        EventHeap queue = channelQueues[channel];
        if (queue == null) {
            queue = new EventHeap(16);
            channelQueues[channel] = queue;
        }
        queue.push(now, ((long) consumerKey << 32) | ((producer + 1) & 0xffffffffL), tid);
        transferAvailable[tid] = now;
        if (!channelBusy[channel] && !channelDispatchPending[channel]) {
            channelDispatchPending[channel] = true;
            events.push(now, key(DISPATCH, channel), channel);
        }
    }

    private void onDispatch(int channel, double now) {
        channelDispatchPending[channel] = false;
        EventHeap queue = channelQueues[channel];
        if (channelBusy[channel] || queue.isEmpty()) {
            return;
        }
        queue.pop();
        int tid = queue.value();
        double seconds = c.instance.transferSeconds(channel / c.nodes, channel % c.nodes, transferBytes(tid));
        transferStart[tid] = now;
        transferFinish[tid] = now + seconds;
        channelBusy[channel] = true;
        events.push(now + seconds, key(TRANSFER_DONE, tid), tid);
    }

    private void onTransferDone(int tid, double now) {
        int channel = transferFrom(tid) * c.nodes + transferTo(tid);
        channelBusy[channel] = false;
        if (!channelQueues[channel].isEmpty() && !channelDispatchPending[channel]) {
            channelDispatchPending[channel] = true;
            events.push(now, key(DISPATCH, channel), channel);
        }
        if (tid < c.edges) {
            deliver(c.edgeConsumer[tid], now);
        } else if (tid < c.edges + c.subtasks) {
            deliver(tid - c.edges, now);
        } else {
            completion[tid - c.edges - c.subtasks] = now;
        }
    }

    private double transferBytes(int tid) {
        if (tid < c.edges) {
            return c.outputBytes[c.edgeProducer[tid]];
        }
        if (tid < c.edges + c.subtasks) {
            return c.endpointInputBytes[c.endpointOf[tid - c.edges]];
        }
        return c.endpointResultBytes[c.requestEndpoint[tid - c.edges - c.subtasks]];
    }

    private int transferFrom(int tid) {
        if (tid < c.edges) {
            return nodeOf[c.edgeProducer[tid]];
        }
        if (tid < c.edges + c.subtasks) {
            return c.endpointDevice[c.endpointOf[tid - c.edges]];
        }
        return nodeOf[c.requestSink[tid - c.edges - c.subtasks]];
    }

    private int transferTo(int tid) {
        if (tid < c.edges) {
            return nodeOf[c.edgeConsumer[tid]];
        }
        if (tid < c.edges + c.subtasks) {
            return nodeOf[tid - c.edges];
        }
        return c.endpointDevice[c.requestEndpoint[tid - c.edges - c.subtasks]];
    }

    private void reportDeadlock(Messages messages) {
        PipelineInstance inst = c.instance;
        StringBuilder blocked = new StringBuilder();
        int shown = 0;
        int total = 0;
        for (int node = 0; node < c.nodes; node++) {
            int p = queueStart[node] + headPos[node];
            if (p >= queueStart[node + 1]) {
                continue;
            }
            total++;
            if (shown == MAX_MESSAGES_PER_KIND) {
                continue;
            }
            shown++;
            int head = queueFlat[p];
            if (blocked.length() > 0) {
                blocked.append("; ");
            }
            blocked.append("node '").append(nodeName(node)).append("' at ").append(inst.subtaskLabel(head))
                    .append(", which waits for ");
            boolean first = true;
            for (int j = c.predStart[head]; j < c.predStart[head + 1]; j++) {
                int u = c.edgeProducer[j];
                if (!Double.isNaN(finish[u])) {
                    continue;
                }
                if (!first) {
                    blocked.append(" and ");
                }
                first = false;
                blocked.append(inst.subtaskLabel(u)).append(" (position ").append(posOf[u]).append(" on node '")
                        .append(nodeName(nodeOf[u])).append("')");
            }
            if (first) {
                blocked.append("its inputs");
            }
        }
        if (total > shown) {
            blocked.append("; and ").append(total - shown).append(" more blocked nodes");
        }
        int done = finishedCount;
        messages.add(Messages.DEADLOCK, () -> "deadlock: the queue order contradicts precedence, "
                + (c.subtasks - done) + " subtasks never start; blocked queue heads: " + blocked);
    }

    /** Max number of subtasks ready but not started at once, per node with a queue limit. */
    private boolean checkQueueLimits(Messages messages) {
        boolean ok = true;
        for (int node = 0; node < c.nodes; node++) {
            int limit = c.queueLimit[node];
            if (limit < 0) {
                continue;
            }
            int length = queueStart[node + 1] - queueStart[node];
            if (waitScratchA.length < length) {
                waitScratchA = new double[length];
                waitScratchB = new double[length];
            }
            int m = 0;
            for (int p = queueStart[node]; p < queueStart[node + 1]; p++) {
                int id = queueFlat[p];
                if (start[id] > ready[id]) {
                    waitScratchA[m] = ready[id];
                    waitScratchB[m] = start[id];
                    m++;
                }
            }
            Arrays.sort(waitScratchA, 0, m);
            Arrays.sort(waitScratchB, 0, m);
            int waiting = 0;
            int most = 0;
            double at = Double.NaN;
            int i = 0;
            int j = 0;
            while (i < m) {
                if (waitScratchB[j] <= waitScratchA[i]) {
                    waiting--;
                    j++;
                } else {
                    waiting++;
                    if (waiting > most) {
                        most = waiting;
                        at = waitScratchA[i];
                    }
                    i++;
                }
            }
            if (most > limit) {
                ok = false;
                if (messages == null) {
                    return false;
                }
                int where = node;
                int count = most;
                double time = at;
                messages.add(Messages.QUEUE_LIMIT, () -> "node '" + nodeName(where) + "': " + count
                        + " subtasks wait ready but not started at t = " + format(time)
                        + " s, more than its queue limit of " + limit);
            }
        }
        return ok;
    }

    private String nodeName(int node) {
        return c.instance.node(node).name();
    }

    static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.6g", value);
    }

    /** Violation messages, at most {@link #MAX_MESSAGES_PER_KIND} of each kind, then a count of the rest. */
    private static final class Messages {
        static final int STRUCTURE = 0;
        static final int NOT_ALLOWED = 1;
        static final int NO_CHANNEL = 2;
        static final int STATIC = 3;
        static final int MEMORY = 4;
        static final int DEADLOCK = 5;
        static final int QUEUE_LIMIT = 6;
        private static final String[] KIND_NAMES = {"plan structure", "node not allowed", "missing channel",
            "static mode", "memory", "deadlock", "queue limit"};

        private final List<String> out;
        private final int[] counts = new int[KIND_NAMES.length];

        Messages(List<String> out) {
            this.out = out;
        }

        void add(int kind, java.util.function.Supplier<String> message) {
            if (counts[kind]++ < MAX_MESSAGES_PER_KIND) {
                out.add(message.get());
            }
        }

        void finish() {
            for (int kind = 0; kind < counts.length; kind++) {
                if (counts[kind] > MAX_MESSAGES_PER_KIND) {
                    out.add("... and " + (counts[kind] - MAX_MESSAGES_PER_KIND) + " more " + KIND_NAMES[kind]
                            + " violations");
                }
            }
        }
    }
}
