package org.edgeplan.formulations.pipeline.timefold;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;

/**
 * The immutable facts of a problem-B instance in the form the Timefold adapter reads in its shadow-variable
 * suppliers and constraints: flat per-subtask and per-node arrays, computed once. It is a problem fact of
 * {@link PipelineSchedule}; the planning clone shares it.
 *
 * <p>Times are computed with exactly the arithmetic of the evaluator's simulation (same operands, same order), so
 * the shadow start and finish times of a plan equal {@link org.edgeplan.pipeline.PipelineEvaluation}'s bit for bit
 * when channels are not exclusive.
 */
public final class ScheduleModel {
    /** Nanoseconds per second: the score's time scale. */
    public static final double NANOS_PER_SECOND = 1e9;
    /** Bytes per mebibyte: the unit of the memory-capacity penalty. */
    public static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private final PipelineInstance instance;
    private final int[] endpointOf;
    private final int[] requestOf;
    private final int[] layerKeyOf;
    private final double[] release;
    private final double[] flops;
    private final double[] outputBytes;
    private final double[] weightBytes;
    private final double[] keyWeightBytes;
    private final boolean[] source;
    private final boolean[] sink;
    private final int[] endpointDevice;
    private final double[] endpointInputBytes;
    private final double[] endpointResultBytes;
    private final double[] speed;
    private final long[] memoryLimit;
    private final int[] queueLimit;
    private final boolean[] missingOut;
    private final boolean[] missingIn;

    public ScheduleModel(PipelineInstance instance) {
        this.instance = instance;
        missingOut = new boolean[instance.nodeCount()];
        missingIn = new boolean[instance.nodeCount()];
        for (int from = 0; from < instance.nodeCount(); from++) {
            for (int to = 0; to < instance.nodeCount(); to++) {
                if (!instance.connected(from, to)) {
                    missingOut[from] = true;
                    missingIn[to] = true;
                }
            }
        }
        int n = instance.subtaskCount();
        int ne = instance.endpointCount();
        endpointOf = new int[n];
        requestOf = new int[n];
        layerKeyOf = new int[n];
        release = new double[n];
        flops = new double[n];
        outputBytes = new double[n];
        weightBytes = new double[n];
        source = new boolean[n];
        sink = new boolean[n];
        endpointDevice = new int[ne];
        endpointInputBytes = new double[ne];
        endpointResultBytes = new double[ne];
        int keyBase = 0;
        int keyCount = 0;
        for (int e = 0; e < ne; e++) {
            keyCount += instance.model(e).layerCount();
        }
        keyWeightBytes = new double[keyCount];
        for (int e = 0; e < ne; e++) {
            DnnGraph model = instance.model(e);
            endpointDevice[e] = instance.deviceOf(e);
            endpointInputBytes[e] = model.inputBytes();
            endpointResultBytes[e] = model.resultBytes();
            for (int v = 0; v < model.layerCount(); v++) {
                keyWeightBytes[keyBase + v] = model.layer(v).weightBytes();
            }
            for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                for (int v = 0; v < model.layerCount(); v++) {
                    int id = instance.subtaskId(e, k, v);
                    DnnLayer layer = model.layer(v);
                    endpointOf[id] = e;
                    requestOf[id] = instance.requestId(e, k);
                    layerKeyOf[id] = keyBase + v;
                    release[id] = instance.releaseSeconds(e, k);
                    flops[id] = layer.flops();
                    outputBytes[id] = layer.outputBytes();
                    weightBytes[id] = layer.weightBytes();
                    source[id] = model.isSource(v);
                    sink[id] = model.sink() == v;
                }
            }
            keyBase += model.layerCount();
        }
        int nn = instance.nodeCount();
        speed = new double[nn];
        memoryLimit = new long[nn];
        queueLimit = new int[nn];
        for (int node = 0; node < nn; node++) {
            Node spec = instance.node(node);
            speed[node] = spec.speedFlopsPerSecond();
            memoryLimit[node] = spec.memoryBytes().isPresent() ? spec.memoryBytes().getAsLong() : -1L;
            queueLimit[node] = spec.queueLimit().isPresent() ? spec.queueLimit().getAsInt() : -1;
        }
    }

    public PipelineInstance instance() {
        return instance;
    }

    public boolean staticMode() {
        return instance.mode() == PlacementMode.STATIC;
    }

    public PipelineObjective objective() {
        return instance.objective();
    }

    public int endpointOf(int id) {
        return endpointOf[id];
    }

    /** Global request id of subtask {@code id}. */
    public int requestOf(int id) {
        return requestOf[id];
    }

    /** Dense (endpoint, layer) key of subtask {@code id}: what static placement and memory are counted by. */
    public int layerKeyOf(int id) {
        return layerKeyOf[id];
    }

    public double releaseSeconds(int id) {
        return release[id];
    }

    public boolean isSource(int id) {
        return source[id];
    }

    public boolean isSink(int id) {
        return sink[id];
    }

    public double weightBytes(int id) {
        return weightBytes[id];
    }

    /** Weight bytes of the layer with (endpoint, layer) key {@code key}. */
    public double keyWeightBytes(int key) {
        return keyWeightBytes[key];
    }

    public int deviceOfSubtask(int id) {
        return endpointDevice[endpointOf[id]];
    }

    public boolean allowed(int id, int node) {
        return instance.allowed(endpointOf[id], node);
    }

    /** Seconds to compute subtask {@code id} on {@code node}, as the evaluator computes it. */
    public double computeSeconds(int id, int node) {
        return flops[id] / speed[node];
    }

    /** When the model input of source subtask {@code id} has arrived on {@code node}. */
    public double inputArrivalSeconds(int id, int node) {
        int e = endpointOf[id];
        return release[id] + instance.transferSeconds(endpointDevice[e], node, endpointInputBytes[e]);
    }

    /** When the output of {@code producer} (finished at {@code finish} on {@code from}) has arrived on {@code to}. */
    public double outputArrivalSeconds(int producer, int from, double finish, int to) {
        return finish + instance.transferSeconds(from, to, outputBytes[producer]);
    }

    /** When the result of sink subtask {@code id} (finished at {@code finish} on {@code node}) is back on its device. */
    public double resultArrivalSeconds(int id, int node, double finish) {
        int e = endpointOf[id];
        return finish + instance.transferSeconds(node, endpointDevice[e], endpointResultBytes[e]);
    }

    public boolean connected(int from, int to) {
        return instance.connected(from, to);
    }

    /** Whether some node has no channel from {@code node}: only then can data leaving it miss a channel. */
    public boolean missesSomeChannelFrom(int node) {
        return missingOut[node];
    }

    /** Whether some node has no channel to {@code node}: only then can data coming to it miss a channel. */
    public boolean missesSomeChannelTo(int node) {
        return missingIn[node];
    }

    /** Memory capacity of {@code node} in bytes, -1 when unlimited. */
    public long memoryLimitBytes(int node) {
        return memoryLimit[node];
    }

    /** Queue limit of {@code node}, -1 when unlimited. */
    public int queueLimit(int node) {
        return queueLimit[node];
    }

    /** Seconds rounded to whole nanoseconds, the score's unit; non-finite values are the caller's to exclude. */
    public static long nanos(double seconds) {
        return Math.round(seconds * NANOS_PER_SECOND);
    }

    @Override
    public String toString() {
        return "ScheduleModel[" + instance.name() + ", " + speed.length + " nodes, " + flops.length
                + " subtasks]";
    }
}
