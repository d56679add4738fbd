package org.edgeplan.pipeline.heuristics;

import java.util.Arrays;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * Free weight memory per node while a heuristic builds a placement, counted as the evaluator counts it: a node
 * holds the weights of each distinct (endpoint, layer) placed on it once, however many requests use it. Nodes
 * without a capacity have infinite room. Mutable, used inside one solve.
 */
final class MemoryLedger {
    private final PipelineInstance instance;
    private final double[] freeBytes;
    private final boolean[][] deployed;   // [endpoint][layer * nodes + node]

    MemoryLedger(PipelineInstance instance) {
        this.instance = instance;
        int nodes = instance.nodeCount();
        freeBytes = new double[nodes];
        for (int n = 0; n < nodes; n++) {
            var memory = instance.node(n).memoryBytes();
            freeBytes[n] = memory.isPresent() ? memory.getAsLong() : Double.POSITIVE_INFINITY;
        }
        deployed = new boolean[instance.endpointCount()][];
        for (int e = 0; e < deployed.length; e++) {
            deployed[e] = new boolean[instance.model(e).layerCount() * nodes];
        }
    }

    /** Whether any node has a capacity at all (when none does, every check passes). */
    boolean limited() {
        for (double free : freeBytes) {
            if (free != Double.POSITIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }

    double freeBytes(int node) {
        return freeBytes[node];
    }

    /** Whether layer v of endpoint e is already deployed on node n. */
    boolean deployed(int e, int v, int n) {
        return deployed[e][v * instance.nodeCount() + n];
    }

    /** Whether layer v of endpoint e may be placed on node n (already there, or its weights fit). */
    boolean fits(int e, int v, int n) {
        return deployed[e][v * instance.nodeCount() + n]
                || instance.model(e).layer(v).weightBytes() <= freeBytes[n];
    }

    /** Places layer v of endpoint e on node n (a no-op when it is already there). */
    void deploy(int e, int v, int n) {
        int key = v * instance.nodeCount() + n;
        if (!deployed[e][key]) {
            deployed[e][key] = true;
            freeBytes[n] -= instance.model(e).layer(v).weightBytes();
        }
    }

    /** Whether a whole layer placement of endpoint e fits at once. */
    boolean fits(int e, int[] nodeOfLayer) {
        DnnGraph model = instance.model(e);
        double[] need = new double[instance.nodeCount()];
        boolean[] counted = new boolean[deployed[e].length];
        for (int v = 0; v < model.layerCount(); v++) {
            int key = v * instance.nodeCount() + nodeOfLayer[v];
            if (!deployed[e][key] && !counted[key]) {
                counted[key] = true;
                need[nodeOfLayer[v]] += model.layer(v).weightBytes();
            }
        }
        for (int n = 0; n < need.length; n++) {
            if (need[n] > 0 && need[n] > freeBytes[n]) {
                return false;
            }
        }
        return true;
    }

    /** Places a whole layer placement of endpoint e. */
    void deploy(int e, int[] nodeOfLayer) {
        for (int v = 0; v < nodeOfLayer.length; v++) {
            deploy(e, v, nodeOfLayer[v]);
        }
    }

    @Override
    public String toString() {
        return "MemoryLedger" + Arrays.toString(freeBytes);
    }
}
