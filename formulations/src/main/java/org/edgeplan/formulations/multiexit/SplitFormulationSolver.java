package org.edgeplan.formulations.multiexit;

import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.multiexit.AbstractMultiExitSolver;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;

/**
 * What the OR-Tools formulations of problem A share: the reduction their {@link SplitChoices} are built with, the
 * certified relative gap below which a result counts as optimal, the statistics about the choices, and the result
 * when the reductions leave nothing to search.
 */
abstract class SplitFormulationSolver extends AbstractMultiExitSolver {
    /** The reductions applied before modelling. */
    final SplitChoices.Reduction reduction;
    /** Largest certified relative gap for which the result is called optimal. */
    final double relativeTolerance;

    SplitFormulationSolver(String name, String description, SplitChoices.Reduction reduction,
                           double relativeTolerance) {
        super(name, description);
        this.reduction = reduction;
        this.relativeTolerance = relativeTolerance;
    }

    /**
     * Adds the size of the choices to {@code stats}: free devices, finite options before reductions, options kept,
     * and, when the deadline stopped the warm start or the pruning, {@code reductionsCutShort}.
     */
    static void putChoiceStatistics(Map<String, Object> stats, SplitChoices choices) {
        stats.put("freeDevices", choices.freeDeviceCount());
        stats.put("finiteOptions", choices.finiteOptions());
        stats.put("options", choices.totalOptions());
        if (choices.cutShort()) {
            stats.put("reductionsCutShort", true);
        }
    }

    /**
     * The result when every device has one option left: the warm start ({@code options}, of true cost
     * {@code cost}) is optimal, with its cost as the bound.
     */
    static SolveResult<MultiExitPlan> nothingToSearch(SplitChoices choices, int[] options, double cost, Deadline deadline,
                                                      Map<String, Object> stats) {
        return new SolveResult<>(OptimalShares.plan(choices.model(), choices.splitsOf(options)), SolveStatus.OPTIMAL,
                cost, cost, deadline.elapsedSeconds(), stats, "every device has one option left after the reductions;"
                + " nothing to search");
    }

    /** {@code (objective − bound) / |objective|}, 0 when the two are equal. */
    static double relativeGap(double objective, double bound) {
        if (objective == bound) {
            return 0.0;
        }
        return (objective - bound) / Math.max(Math.abs(objective), Double.MIN_NORMAL);
    }
}
