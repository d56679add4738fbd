package org.edgeplan.formulations.multiexit;

/** {@link MilpSplitSolver} with HiGHS, registered as {@code milp-highs}. */
public final class MilpHighsSplitSolver extends MilpSplitSolver {
    public MilpHighsSplitSolver() {
        super("milp-highs", Backend.HIGHS, SplitChoices.Reduction.DOMINANCE_AND_BOUND, DEFAULT_RELATIVE_TOLERANCE);
    }
}
