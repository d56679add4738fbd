/**
 * Heuristics for problem B (the pipeline model as reconstructed in {@code docs/models/pipeline-model.md}), each a
 * registered {@link org.edgeplan.pipeline.PipelineSolver}:
 * {@link org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver} ({@code preschedule-retrieval}, the seed paper's
 * two steps as we read them), {@link org.edgeplan.pipeline.heuristics.HeftSolver} ({@code heft}),
 * {@link org.edgeplan.pipeline.heuristics.NeurosurgeonSolver} ({@code neurosurgeon}),
 * {@link org.edgeplan.pipeline.heuristics.DadsSolver} ({@code dads}) and
 * {@link org.edgeplan.pipeline.heuristics.RandomPlacementSolver} ({@code random}). Every one returns the plan the
 * {@link org.edgeplan.pipeline.PipelineEvaluator} accepts, with the evaluator's objective and no bound, or
 * {@code infeasible} with the reason; none of them claims optimality.
 */
package org.edgeplan.pipeline.heuristics;
