package org.edgeplan.formulations.pipeline.cpsat;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver;
import org.edgeplan.pipeline.bounds.ReleaseGroupBound;

/**
 * A release group's bound for {@link ReleaseGroupBound}: the priced-capacity bound of the group (up to half of its
 * time; it ends sooner once converged), then CP-SAT on the whole group for the rest, the larger of the two. A group
 * is far smaller than its instance (on {@code scaled-vgg5-e8-s2-r18} 56 subtasks against 1 008), so CP-SAT can prove
 * its optimum where it cannot prove the instance's. CP-SAT is skipped when the pipeline paper's method's plan of the
 * group already meets the priced bound (which includes the first-block bound): the group is solved, and on the
 * contended family that leaves the bound phase's second half to the search (docs/pipeline-gaps.md).
 */
public final class CpSatGroupBound {
    private CpSatGroupBound() {
    }

    /**
     * Whether the pipeline paper's method's plan of the group is already at {@code bound} (the group is solved, as the
     * first-block bound does on the contended family's waves in milliseconds): then CP-SAT has nothing to add.
     */
    private static boolean meetsAHeuristicPlan(PipelineInstance group, double bound, Deadline deadline) {
        PipelinePlan plan = new PrescheduleRetrievalSolver().solve(group, new SolverSettings(
                Math.max(1e-3, deadline.remainingSeconds()), 0, 1), deadline).plan();
        return plan != null && bound >= PipelineEvaluator.evaluate(group, plan).objective() * (1 - 1e-9);
    }

    /** Priced first, then CP-SAT with {@code seed}, one thread, unless a heuristic plan already meets the bound. */
    public static ReleaseGroupBound.GroupBound pricedThenCpSat(long seed) {
        return (group, deadline) -> {
            double priced = ReleaseGroupBound.priced().seconds(group,
                    Deadline.after(deadline.remainingSeconds() / 2));
            double left = deadline.remainingSeconds();
            if (!Double.isFinite(priced) || left < 0.05 || meetsAHeuristicPlan(group, priced, deadline)) {
                return priced;
            }
            SolveResult<PipelinePlan> r = new PipelineCpSatSolver().solve(group, new SolverSettings(left, seed, 1),
                    deadline);
            if (r.status() == SolveStatus.INFEASIBLE) {
                return Double.POSITIVE_INFINITY;
            }
            return Double.isFinite(r.bound()) ? Math.max(priced, r.bound()) : priced;
        };
    }
}
