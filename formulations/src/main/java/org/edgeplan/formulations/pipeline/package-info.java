/**
 * Exact solvers of problem B (the pipeline model as reconstructed in {@code docs/models/pipeline-model.md}) on
 * OR-Tools: {@link org.edgeplan.formulations.pipeline.cpsat.PipelineCpSatSolver} ({@code cp-sat}: optional intervals,
 * integer time at an exact scale when one exists, exact semi-active and FIFO-link modelling when queue limits or
 * exclusive links need it) and {@link org.edgeplan.formulations.pipeline.milp.PipelineMilpSolver}
 * ({@code milp-scip}, {@code milp-highs}: a disjunctive big-M MILP for small instances). Every plan is re-scored by
 * {@link org.edgeplan.pipeline.PipelineEvaluator}; "optimal" needs the solver's proof and the evaluator's agreement.
 */
package org.edgeplan.formulations.pipeline;
