package org.edgeplan.formulations.pipeline.cpsat;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.bounds.ReleaseGroupBound;

/**
 * A release group's bound for {@link ReleaseGroupBound}: the priced-capacity bound of the group (up to half of its
 * time; it ends sooner once converged), then CP-SAT on the whole group for the rest, the larger of the two. A group
 * is far smaller than its instance (on {@code scaled-vgg5-e8-s2-r18} 56 subtasks against 1 008), so CP-SAT can prove
 * its optimum where it cannot prove the instance's: there the group's proven optimum, 18 times, is the best bound
 * known (docs/pipeline-gaps.md).
 */
public final class CpSatGroupBound {
    private CpSatGroupBound() {
    }

    /** Priced first, then CP-SAT with {@code seed}, one thread. */
    public static ReleaseGroupBound.GroupBound pricedThenCpSat(long seed) {
        return (group, deadline) -> {
            double priced = ReleaseGroupBound.priced().seconds(group,
                    Deadline.after(deadline.remainingSeconds() / 2));
            double left = deadline.remainingSeconds();
            if (!Double.isFinite(priced) || left < 0.05) {
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
