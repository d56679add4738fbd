package org.edgeplan.pipeline.baselines;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * Problem-B baseline: every layer of every request runs on its endpoint's own device (no offloading); each
 * device's queue is ordered by {@link org.edgeplan.pipeline.ListScheduler}. Infeasible, with the reason, when an
 * endpoint may not use its own device or the resulting plan breaks a memory or queue limit.
 */
public final class PipelineDeviceOnlySolver implements PipelineSolver {
    public PipelineDeviceOnlySolver() {
        // stateless
    }

    @Override
    public String name() {
        return "device-only";
    }

    @Override
    public String description() {
        return "every layer on the endpoint's own device, list-scheduled (baseline)";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        for (int e = 0; e < instance.endpointCount(); e++) {
            int device = instance.deviceOf(e);
            if (!instance.allowed(e, device)) {
                return SolveResult.noPlan("endpoint '" + instance.endpoint(e).name()
                        + "' may not run layers on its own device '" + instance.node(device).name() + "'",
                        deadline.elapsedSeconds());
            }
        }
        int[] nodeOf = new int[instance.subtaskCount()];
        for (int id = 0; id < nodeOf.length; id++) {
            nodeOf[id] = instance.deviceOf(instance.subtaskEndpoint(id));
        }
        return PipelineBaselines.scheduleAndScore(instance, nodeOf, deadline);
    }
}
