package org.edgeplan.pipeline.online;

import java.util.LinkedHashMap;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * The greedy policy of {@link OnlinePlacement}: each request, on arrival, takes the open candidate with the largest
 * reward (the least increase of the objective of the requests placed so far; ties: the lower candidate index), and
 * never changes it. The baseline a learned placement policy has to beat, and a heuristic of its own: online, it never
 * looks at later requests. Deterministic. When the time limit ends the episode early, no plan is returned (the
 * requests left would be placed unscored).
 */
public final class OnlineGreedySolver implements PipelineSolver {
    @Override
    public String name() {
        return "online-greedy";
    }

    @Override
    public String description() {
        return "online greedy placement: requests in release order, each on the chain cut (device prefix + one node)"
                + " that adds least to the objective so far; queues in arrival order";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        OnlinePlacement online = new OnlinePlacement(instance);
        while (!online.done()) {
            if (deadline.expired()) {
                return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, Double.NaN, deadline.elapsedSeconds(),
                        Map.of(), "online-greedy: time limit after " + online.placed() + " of "
                        + online.requestCount() + " requests");
            }
            boolean[] open = online.mask();
            int best = -1;
            for (int k = 0; k < open.length; k++) {
                if (open[k] && (best < 0 || online.rewardOf(k) > online.rewardOf(best))) {
                    best = k;
                }
            }
            if (best < 0) {
                return SolveResult.noPlan("online-greedy: no candidate placement of request " + online.request()
                        + " of endpoint '" + instance.endpoint(online.endpoint()).name() + "' is feasible after the"
                        + " requests before it", deadline.elapsedSeconds());
            }
            online.place(best);
        }
        PipelinePlan plan = online.plan();
        double objective = PipelineEvaluator.evaluate(instance, plan).objective();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("requests", online.requestCount());
        stats.put("candidates", online.candidateCount());
        SolveResult<PipelinePlan> r = SolveResult.feasible(plan, objective, deadline.elapsedSeconds());
        return new SolveResult<>(r.plan(), r.status(), r.solverObjective(), r.bound(), r.wallSeconds(), stats,
                r.message());
    }
}
