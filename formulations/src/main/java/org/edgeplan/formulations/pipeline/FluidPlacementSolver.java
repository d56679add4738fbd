package org.edgeplan.formulations.pipeline;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.PlacementMode;

/**
 * The makespan start of the search methods ({@code fluid-lp}): the rounded fluid-relaxation placement of
 * {@link FluidPlacement}, list-scheduled both ways, the better plan by the evaluator. Not registered: it is a start for
 * {@link PipelineIncumbent} (CP-SAT, MILP, {@code cp-sat-lns}) and Timefold's warm start, and gives no plan for total
 * latency or static placement. Deterministic; milliseconds on the shipped makespan instances.
 */
public final class FluidPlacementSolver implements PipelineSolver {
    @Override
    public String name() {
        return "fluid-lp";
    }

    @Override
    public String description() {
        return "makespan start: the fluid LP's division of requests among nodes, rounded to layers and list-scheduled";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        if (instance.objective() != PipelineObjective.MAKESPAN || instance.mode() != PlacementMode.DYNAMIC) {
            return SolveResult.noPlan("fluid-lp: makespan with dynamic placement only", deadline.elapsedSeconds());
        }
        ExactModelInput input = new ExactModelInput(instance);
        FluidPlacement fluid = FluidPlacement.of(input);
        if (fluid == null) {
            return SolveResult.noPlan("fluid-lp: every request must fit whole on some node", deadline.elapsedSeconds());
        }
        PipelinePlan best = null;
        double bestObjective = Double.POSITIVE_INFINITY;
        for (PipelinePlan plan : FluidPlacement.schedules(input.compiled(), fluid.nodeOf())) {
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, plan);
            if (evaluation.feasible() && evaluation.objective() < bestObjective) {
                best = plan;
                bestObjective = evaluation.objective();
            }
        }
        if (best == null) {
            return SolveResult.noPlan("fluid-lp: the evaluator refuses both list schedules of the rounded placement "
                    + "(memory or queue limits)", deadline.elapsedSeconds());
        }
        return SolveResult.feasible(best, bestObjective, deadline.elapsedSeconds());
    }
}
