package org.edgeplan.formulations.pipeline.milp;

/** {@link PipelineMilpSolver} with SCIP ({@code milp-scip}). */
public final class PipelineMilpScipSolver extends PipelineMilpSolver {
    public PipelineMilpScipSolver() {
        super("SCIP", "milp-scip");
    }
}
