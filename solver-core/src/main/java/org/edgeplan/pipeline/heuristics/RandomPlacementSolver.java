package org.edgeplan.pipeline.heuristics;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.PlacementMode;

/**
 * Random placement, the floor every method should beat: a {@link SplittableRandom} seeded with
 * {@link SolverSettings#seed()} draws, layer by layer in topological order, a node uniformly among those that can
 * take the layer: allowed for the endpoint, reachable from the node of every predecessor (from the device for a
 * source layer), with a way back to the device ({@link HeuristicSupport#returnable}; a direct channel for the sink),
 * and with room for the layer's weights
 * (see {@link MemoryLedger}). Static mode draws once per endpoint; dynamic mode draws each request anew. When a
 * draw meets a layer with no such node, that request (endpoint, in static mode) falls back to one node for all its
 * layers: the device when allowed, else the first allowed node with channels both ways, as long as the weights fit;
 * if even that fails the result is {@code infeasible} with the reason. Queues are ordered by
 * {@link org.edgeplan.pipeline.ListScheduler}; queue limits are left to the evaluator's verdict. Same seed, same plan.
 */
public final class RandomPlacementSolver implements PipelineSolver {
    public RandomPlacementSolver() {
        // stateless
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public String description() {
        return "seeded uniform random placement over allowed, connected nodes with room, list-scheduled (floor)";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        SplittableRandom random = new SplittableRandom(settings.seed());
        MemoryLedger ledger = new MemoryLedger(instance);
        int[] nodeOf = new int[instance.subtaskCount()];
        int fallbacks = 0;
        for (int e = 0; e < instance.endpointCount(); e++) {
            int draws = instance.mode() == PlacementMode.STATIC ? 1 : instance.endpoint(e).requestCount();
            int layers = instance.model(e).layerCount();
            for (int k = 0; k < draws; k++) {
                int[] placement = draw(instance, e, random, ledger);
                if (placement == null) {
                    fallbacks++;
                    placement = fallback(instance, e, ledger);
                    if (placement == null) {
                        return SolveResult.noPlan(name() + ": endpoint '" + instance.endpoint(e).name()
                                + "' found no connected placement with room for its layer weights",
                                deadline.elapsedSeconds());
                    }
                }
                ledger.deploy(e, placement);
                int first = instance.mode() == PlacementMode.STATIC ? 0 : k;
                int last = instance.mode() == PlacementMode.STATIC ? instance.endpoint(e).requestCount() - 1 : k;
                for (int request = first; request <= last; request++) {
                    for (int v = 0; v < layers; v++) {
                        nodeOf[instance.subtaskId(e, request, v)] = placement[v];
                    }
                }
            }
        }
        return HeuristicSupport.scheduleAndFinish(name(), instance, nodeOf, deadline,
                Map.of("seed", settings.seed(), "fallbacks", fallbacks));
    }

    /** One random placement of endpoint e's layers, or null at a dead end. Deploys nothing. */
    private static int[] draw(PipelineInstance instance, int e, SplittableRandom random, MemoryLedger ledger) {
        DnnGraph model = instance.model(e);
        int device = instance.deviceOf(e);
        int nodes = instance.nodeCount();
        int[] placement = new int[model.layerCount()];
        int[] candidates = new int[nodes];
        boolean[] returnable = HeuristicSupport.returnable(instance, e);
        double[] pending = new double[nodes];   // weights this draw newly puts on each node
        for (int v = 0; v < model.layerCount(); v++) {
            double weight = model.layer(v).weightBytes();
            int count = 0;
            for (int n = 0; n < nodes; n++) {
                if (!instance.allowed(e, n) || !returnable[n]
                        || model.isSource(v) && !instance.connected(device, n)
                        || v == model.sink() && !instance.connected(n, device)) {
                    continue;
                }
                boolean reachable = true;
                for (int i = 0; i < model.predecessorCount(v) && reachable; i++) {
                    reachable = instance.connected(placement[model.predecessor(v, i)], n);
                }
                boolean room = ledger.deployed(e, v, n) || pending[n] + weight <= ledger.freeBytes(n);
                if (reachable && room) {
                    candidates[count++] = n;
                }
            }
            if (count == 0) {
                return null;
            }
            int n = candidates[random.nextInt(count)];
            placement[v] = n;
            if (!ledger.deployed(e, v, n)) {
                pending[n] += weight;
            }
        }
        return placement;
    }

    /** Every layer on one node: the device if allowed and it fits, else the first node both ways that fits. */
    private static int[] fallback(PipelineInstance instance, int e, MemoryLedger ledger) {
        int layers = instance.model(e).layerCount();
        int device = instance.deviceOf(e);
        int[] placement = new int[layers];
        if (instance.allowed(e, device)) {
            Arrays.fill(placement, device);
            if (ledger.fits(e, placement)) {
                return placement;
            }
        }
        for (int n = 0; n < instance.nodeCount(); n++) {
            if (n != device && HeuristicSupport.reachableBothWays(instance, e, n)) {
                Arrays.fill(placement, n);
                if (ledger.fits(e, placement)) {
                    return placement;
                }
            }
        }
        return null;
    }
}
