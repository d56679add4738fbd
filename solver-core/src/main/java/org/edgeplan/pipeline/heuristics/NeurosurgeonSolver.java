package org.edgeplan.pipeline.heuristics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * Neurosurgeon-style partitioning (Kang et al., ASPLOS 2017), one split per endpoint chosen as if the endpoint were
 * alone: layers {@code [0, p)} of the model's topological order run on the endpoint's device, layers
 * {@code [p, L)} on one server (an allowed node other than the device, normally an edge or cloud node, with
 * channels both ways). For a chain this is exactly the classical split point; for a DAG it is a topological-order
 * prefix, so every data edge crosses the cut device → server only.
 *
 * <p>Each candidate (p, server) is priced by the latency of one request released at 0 with nothing else in the
 * system, by the evaluator's rules: each side runs its layers in topological order without idling more than its
 * inputs force, every data edge crossing the cut is its own transfer {@code device -> server}, the input goes to
 * each source layer's node, the result comes back from the sink's node. Contention (other requests, other
 * endpoints, exclusive links) is ignored when choosing, which is the point of this baseline. Ties: the larger p
 * (less offloaded), then the lower server index. The same split is used for every request (valid in static and
 * dynamic mode); the queues are then ordered by {@link org.edgeplan.pipeline.ListScheduler} and scored by the
 * evaluator.
 *
 * <p>Memory: endpoints are taken in index order and each may only choose splits whose layer weights fit the memory
 * still free on the device and the server after the endpoints before it; when no split fits, the result is
 * {@code infeasible} with that reason (another order might have fitted). Queue limits are not considered: a plan that
 * breaks one is reported {@code infeasible} with the evaluator's reason.
 */
public final class NeurosurgeonSolver implements PipelineSolver {
    /**
     * One candidate split of endpoint e.
     *
     * @param endpoint       endpoint index
     * @param splitIndex     p: layers with topological index {@code < p} stay on the device
     * @param server         node of layers {@code >= p}, or -1 when p = L (all on the device)
     * @param latencySeconds the latency of one request alone
     */
    public record Split(int endpoint, int splitIndex, int server, double latencySeconds) {
        /** The node of each layer. */
        public int[] nodeOfLayer(PipelineInstance instance) {
            int[] out = new int[instance.model(endpoint).layerCount()];
            for (int v = 0; v < out.length; v++) {
                out[v] = v < splitIndex ? instance.deviceOf(endpoint) : server;
            }
            return out;
        }
    }

    public NeurosurgeonSolver() {
        // stateless
    }

    @Override
    public String name() {
        return "neurosurgeon";
    }

    @Override
    public String description() {
        return "best single device/server split per endpoint ignoring contention (Neurosurgeon-style), list-scheduled";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        // The fastest split alone that fits: candidates by latency, ties in the candidates' order (a stable sort).
        return HeuristicSupport.placeInTurn(name(), instance, deadline, e -> candidates(instance, e).stream()
                        .sorted(Comparator.comparingDouble(Split::latencySeconds))
                        .map(split -> split.nodeOfLayer(instance)).toList(),
                (e, any) -> any ? "device/server split whose layer weights fit the memory left by the endpoints before it"
                        : "device/server split with the channels it needs");
    }

    /**
     * Every split of endpoint e with the channels it needs, ordered as the tie-break prefers them: all on the device
     * first (when the device is allowed), then p from L - 1 down to 0, servers in index order within one p.
     */
    public static List<Split> candidates(PipelineInstance instance, int e) {
        int layers = instance.model(e).layerCount();
        int device = instance.deviceOf(e);
        boolean deviceAllowed = instance.allowed(e, device);
        List<Split> out = new ArrayList<>();
        if (deviceAllowed) {
            out.add(new Split(e, layers, -1, aloneLatencySeconds(instance, e, layers, -1)));
        }
        int[] servers = Arrays.stream(HeuristicSupport.servers(instance, e))
                .filter(s -> HeuristicSupport.reachableBothWays(instance, e, s)).toArray();
        for (int p = layers - 1; p >= 0; p--) {
            if (p > 0 && !deviceAllowed) {
                continue;
            }
            for (int s : servers) {
                out.add(new Split(e, p, s, aloneLatencySeconds(instance, e, p, s)));
            }
        }
        return out;
    }

    /** Latency of one request of endpoint e alone with layers {@code [0, p)} on its device and the rest on server. */
    public static double aloneLatencySeconds(PipelineInstance instance, int e, int p, int server) {
        DnnGraph model = instance.model(e);
        int layers = model.layerCount();
        int device = instance.deviceOf(e);
        double[] finish = new double[layers];
        double deviceFree = 0;
        double serverFree = 0;
        for (int v = 0; v < layers; v++) {
            boolean onDevice = v < p;
            int node = onDevice ? device : server;
            double ready = model.isSource(v) ? instance.transferSeconds(device, node, model.inputBytes()) : 0.0;
            for (int i = 0; i < model.predecessorCount(v); i++) {
                int u = model.predecessor(v, i);
                double arrival = finish[u];
                if (u < p && !onDevice) {
                    arrival += instance.transferSeconds(device, server, model.layer(u).outputBytes());
                }
                ready = Math.max(ready, arrival);
            }
            double compute = model.layer(v).flops() / instance.node(node).speedFlopsPerSecond();
            if (onDevice) {
                finish[v] = Math.max(deviceFree, ready) + compute;
                deviceFree = finish[v];
            } else {
                finish[v] = Math.max(serverFree, ready) + compute;
                serverFree = finish[v];
            }
        }
        double completion = finish[model.sink()];
        if (p < layers) {
            completion += instance.transferSeconds(server, device, model.resultBytes());
        }
        return completion;
    }
}
