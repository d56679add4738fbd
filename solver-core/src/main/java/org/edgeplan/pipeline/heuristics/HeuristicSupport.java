package org.edgeplan.pipeline.heuristics;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineResults;

/**
 * Shared pieces of the problem-B heuristics: expanding per-endpoint layer placements to subtasks, the connectivity
 * test of a placement, and the common tail (score with the one evaluator, wrap the result with the evaluator's
 * objective, or report the evaluator's reasons as {@link SolveStatus#UNKNOWN}).
 */
final class HeuristicSupport {
    /** Statistics key: endpoints with at least one layer off their device. */
    static final String OFFLOADING_ENDPOINTS = "offloadingEndpoints";

    private HeuristicSupport() {
    }

    /** The subtask placement that runs layer v of every request of endpoint e on {@code nodeOfLayer[e][v]}. */
    static int[] expand(PipelineInstance instance, int[][] nodeOfLayer) {
        int[] nodeOf = new int[instance.subtaskCount()];
        for (int id = 0; id < nodeOf.length; id++) {
            nodeOf[id] = nodeOfLayer[instance.subtaskEndpoint(id)][instance.subtaskLayer(id)];
        }
        return nodeOf;
    }

    /** The allowed nodes of endpoint e other than its own device, in index order: its candidate servers. */
    static int[] servers(PipelineInstance instance, int e) {
        int device = instance.deviceOf(e);
        List<Integer> out = new ArrayList<>();
        for (int n = 0; n < instance.nodeCount(); n++) {
            if (n != device && instance.allowed(e, n)) {
                out.add(n);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether node n is allowed for endpoint e and exchanges data with e's device both ways. */
    static boolean reachableBothWays(PipelineInstance instance, int e, int n) {
        int device = instance.deviceOf(e);
        return instance.allowed(e, n) && instance.connected(device, n) && instance.connected(n, device);
    }

    /**
     * The nodes from which data can get back to endpoint e's device through channels and nodes e may use: a layer
     * placed anywhere else leaves its request no way to return its result. The device itself counts when allowed.
     */
    static boolean[] returnable(PipelineInstance instance, int e) {
        int nodes = instance.nodeCount();
        int device = instance.deviceOf(e);
        boolean[] out = new boolean[nodes];
        ArrayDeque<Integer> frontier = new ArrayDeque<>();
        for (int n = 0; n < nodes; n++) {
            if (instance.allowed(e, n) && instance.connected(n, device)) {
                out[n] = true;
                frontier.add(n);
            }
        }
        while (!frontier.isEmpty()) {
            int x = frontier.poll();
            for (int m = 0; m < nodes; m++) {
                if (!out[m] && instance.allowed(e, m) && instance.connected(m, x)) {
                    out[m] = true;
                    frontier.add(m);
                }
            }
        }
        return out;
    }

    /**
     * Whether one request of endpoint e placed as {@code nodeOfLayer} has every channel it needs: input from the
     * device to each source layer's node, every data edge, the result back from the sink's node. Allowed nodes
     * are checked too.
     */
    static boolean connected(PipelineInstance instance, int e, int[] nodeOfLayer) {
        DnnGraph model = instance.model(e);
        int device = instance.deviceOf(e);
        for (int v = 0; v < model.layerCount(); v++) {
            int node = nodeOfLayer[v];
            if (!instance.allowed(e, node)) {
                return false;
            }
            if (model.isSource(v) && !instance.connected(device, node)) {
                return false;
            }
            for (int p = 0; p < model.predecessorCount(v); p++) {
                if (!instance.connected(nodeOfLayer[model.predecessor(v, p)], node)) {
                    return false;
                }
            }
        }
        return instance.connected(nodeOfLayer[model.sink()], device);
    }

    /** Why an endpoint got no placement: told the endpoint and whether it had any candidate at all. */
    interface NoPlacement {
        String reason(int endpoint, boolean anyCandidate);
    }

    /**
     * The greedy of the per-endpoint partitioners (Neurosurgeon, DADS): endpoints one after another, each on the
     * first of its candidate layer placements (in the order given: the method's preference) whose weights fit the
     * memory the endpoints before it left; then list-scheduled and scored. The statistics count the endpoints with at
     * least one layer off their device ({@code offloadingEndpoints}).
     */
    static SolveResult<PipelinePlan> placeInTurn(String solver, PipelineInstance instance, Deadline deadline,
                                                 IntFunction<List<int[]>> candidates, NoPlacement noPlacement) {
        MemoryLedger ledger = new MemoryLedger(instance);
        int[][] nodeOfLayer = new int[instance.endpointCount()][];
        int offloaded = 0;
        for (int e = 0; e < instance.endpointCount(); e++) {
            List<int[]> options = candidates.apply(e);
            int[] chosen = null;
            for (int[] placement : options) {
                if (ledger.fits(e, placement)) {
                    chosen = placement;
                    break;
                }
            }
            if (chosen == null) {
                return SolveResult.noPlan(solver + ": endpoint '" + instance.endpoint(e).name() + "' has no "
                        + noPlacement.reason(e, !options.isEmpty()), deadline.elapsedSeconds());
            }
            nodeOfLayer[e] = chosen;
            ledger.deploy(e, chosen);
            int device = instance.deviceOf(e);
            offloaded += Arrays.stream(chosen).anyMatch(node -> node != device) ? 1 : 0;
        }
        return scheduleAndFinish(solver, instance, expand(instance, nodeOfLayer), deadline,
                Map.of(OFFLOADING_ENDPOINTS, offloaded));
    }

    /** List-schedules the placement, then {@link #finish}. */
    static SolveResult<PipelinePlan> scheduleAndFinish(String solver, PipelineInstance instance, int[] nodeOf,
                                                      Deadline deadline, Map<String, Object> statistics) {
        return finish(solver, instance, ListScheduler.schedule(instance, nodeOf), deadline, statistics);
    }

    /**
     * Scores the plan with the evaluator: feasible gives {@link SolveStatus#FEASIBLE} with the evaluator's objective
     * (no bound) and the statistics plus makespan and mean latency; otherwise {@link SolveStatus#UNKNOWN} with the
     * evaluator's first reasons.
     */
    static SolveResult<PipelinePlan> finish(String solver, PipelineInstance instance, PipelinePlan plan,
                                            Deadline deadline, Map<String, Object> statistics) {
        return finish(solver, plan, PipelineEvaluator.evaluate(instance, plan), deadline, statistics);
    }

    /** {@link #finish} with the plan's evaluation already at hand (by the same evaluator). */
    static SolveResult<PipelinePlan> finish(String solver, PipelinePlan plan, PipelineEvaluation evaluation,
                                            Deadline deadline, Map<String, Object> statistics) {
        return PipelineResults.scored(solver, plan, evaluation, deadline, statistics);
    }
}
