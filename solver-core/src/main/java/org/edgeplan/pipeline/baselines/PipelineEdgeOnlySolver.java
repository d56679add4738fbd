package org.edgeplan.pipeline.baselines;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * Problem-B baseline: each endpoint's whole DNN (all its requests) runs on one edge or cloud node. Endpoints are
 * taken in order and each goes to the allowed, reachable (input channel there, result channel back) edge/cloud
 * node whose accumulated load, in seconds of compute (FLOPs / speed), is smallest once this endpoint's work is
 * added (ties: lower node index); queues are ordered by {@link org.edgeplan.pipeline.ListScheduler}. Infeasible,
 * with the reason, when an endpoint has no such node or the plan breaks a memory or queue limit.
 */
public final class PipelineEdgeOnlySolver implements PipelineSolver {
    public PipelineEdgeOnlySolver() {
        // stateless
    }

    @Override
    public String name() {
        return "edge-only";
    }

    @Override
    public String description() {
        return "each endpoint's whole DNN on the least-loaded edge/cloud node, list-scheduled (baseline)";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        int nodes = instance.nodeCount();
        double[] loadSeconds = new double[nodes];
        int[] chosen = new int[instance.endpointCount()];
        boolean anyEdge = false;
        for (int n = 0; n < nodes; n++) {
            anyEdge |= instance.node(n).kind() != NodeKind.DEVICE;
        }
        if (!anyEdge) {
            return SolveResult.noPlan("instance '" + instance.name() + "' has no edge or cloud node",
                    deadline.elapsedSeconds());
        }
        for (int e = 0; e < instance.endpointCount(); e++) {
            int device = instance.deviceOf(e);
            double flops = instance.model(e).totalFlops() * instance.endpoint(e).requestCount();
            int best = -1;
            double bestLoad = Double.POSITIVE_INFINITY;
            for (int n = 0; n < nodes; n++) {
                if (instance.node(n).kind() == NodeKind.DEVICE || !instance.allowed(e, n)
                        || !instance.connected(device, n) || !instance.connected(n, device)) {
                    continue;
                }
                double load = loadSeconds[n] + flops / instance.node(n).speedFlopsPerSecond();
                if (load < bestLoad) {
                    bestLoad = load;
                    best = n;
                }
            }
            if (best < 0) {
                return SolveResult.noPlan("endpoint '" + instance.endpoint(e).name()
                        + "' has no allowed edge or cloud node with channels to and from its device '"
                        + instance.node(device).name() + "'", deadline.elapsedSeconds());
            }
            loadSeconds[best] = bestLoad;
            chosen[e] = best;
        }
        int[] nodeOf = new int[instance.subtaskCount()];
        for (int id = 0; id < nodeOf.length; id++) {
            nodeOf[id] = chosen[instance.subtaskEndpoint(id)];
        }
        return PipelineBaselines.scheduleAndScore(instance, nodeOf, deadline);
    }
}
