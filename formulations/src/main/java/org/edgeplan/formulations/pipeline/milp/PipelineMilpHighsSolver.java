package org.edgeplan.formulations.pipeline.milp;

/**
 * {@link PipelineMilpSolver} with HiGHS ({@code milp-highs}). HiGHS prints a banner to the native standard output
 * that {@code suppressOutput} does not silence; surefire is configured for it (see the parent pom).
 */
public final class PipelineMilpHighsSolver extends PipelineMilpSolver {
    public PipelineMilpHighsSolver() {
        super("HIGHS", "milp-highs");
    }
}
