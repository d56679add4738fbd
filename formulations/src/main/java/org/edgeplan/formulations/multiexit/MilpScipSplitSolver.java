package org.edgeplan.formulations.multiexit;

/** {@link MilpSplitSolver} with SCIP, registered as {@code milp-scip}. */
public final class MilpScipSplitSolver extends MilpSplitSolver {
    public MilpScipSplitSolver() {
        super("milp-scip", Backend.SCIP, SplitChoices.Reduction.DOMINANCE_AND_BOUND, DEFAULT_RELATIVE_TOLERANCE);
    }
}
