package org.edgeplan.pipeline;

import java.util.Arrays;
import java.util.Locale;

/**
 * The nodes each subtask could run on in some feasible plan, judged on the subtask alone: the nodes its endpoint may
 * use, minus those that can never work for it: a source layer needs a channel from the device, a sink a channel back
 * to it, and a layer whose weights exceed a node's memory cannot be deployed there. When some subtask has no
 * candidate left the instance has no feasible plan, and {@link #infeasibleReason()} says why. The exact models create
 * their placement variables over these nodes only, and greedy placements choose among them.
 */
public final class PlacementCandidates {
    private final int[][] candidates;
    private final String infeasibleReason;

    private PlacementCandidates(int[][] candidates, String infeasibleReason) {
        this.candidates = candidates;
        this.infeasibleReason = infeasibleReason;
    }

    /** The candidates of every subtask of {@code c}. */
    public static PlacementCandidates of(CompiledPipeline c) {
        PipelineInstance inst = c.instance;
        int[][] candidates = new int[c.subtasks][];
        String reason = null;
        int[] buffer = new int[c.nodes];
        for (int id = 0; id < c.subtasks; id++) {
            int e = c.endpointOf[id];
            int device = c.endpointDevice[e];
            boolean sink = c.isSink(id);
            boolean source = c.isSource(id);
            double weight = c.layerKeyWeightBytes[c.layerKeyOf[id]];
            int count = 0;
            StringBuilder why = new StringBuilder();
            for (int n = 0; n < c.nodes; n++) {
                Node node = inst.node(n);
                if (!inst.allowed(e, n)) {
                    continue;
                }
                if (source && !inst.connected(device, n)) {
                    note(why, "'" + node.name() + "' has no channel from device '" + inst.node(device).name()
                            + "' for the input");
                    continue;
                }
                if (sink && !inst.connected(n, device)) {
                    note(why, "'" + node.name() + "' has no channel back to device '" + inst.node(device).name()
                            + "' for the result");
                    continue;
                }
                if (c.memoryLimit[n] >= 0 && weight > c.memoryLimit[n]) {
                    note(why, "'" + node.name() + "' has " + c.memoryLimit[n]
                            + " bytes of memory, the layer's weights need " + format(weight));
                    continue;
                }
                buffer[count++] = n;
            }
            candidates[id] = Arrays.copyOf(buffer, count);
            if (count == 0 && reason == null) {
                reason = "layer '" + inst.model(e).layer(c.layerOf[id]).name() + "' of endpoint '"
                        + inst.endpoint(e).name() + "' can run on no node"
                        + (why.length() == 0 ? " (the endpoint is allowed on no node)" : ": " + why);
            }
        }
        return new PlacementCandidates(candidates, reason);
    }

    private static void note(StringBuilder why, String text) {
        if (why.length() > 0) {
            why.append("; ");
        }
        why.append(text);
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    /** Why no plan can exist, found without search; {@code null} when every subtask has a candidate. */
    public String infeasibleReason() {
        return infeasibleReason;
    }

    /** Every subtask's candidate nodes, indexed by subtask id (a copy, for models that iterate them often). */
    public int[][] all() {
        int[][] copy = new int[candidates.length][];
        for (int id = 0; id < candidates.length; id++) {
            copy[id] = candidates[id].clone();
        }
        return copy;
    }

    /** Whether {@code node} is a candidate of subtask {@code id}. */
    public boolean contains(int id, int node) {
        return Arrays.binarySearch(candidates[id], node) >= 0;
    }
}
