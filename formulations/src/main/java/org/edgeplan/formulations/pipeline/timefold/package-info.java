/**
 * Problem B (the pipeline model) with Timefold Solver 1.32: the only place with mutable planning classes.
 *
 * <p>{@link org.edgeplan.formulations.pipeline.timefold.NodeQueue} holds each node's queue as a planning list variable;
 * {@link org.edgeplan.formulations.pipeline.timefold.SubtaskJob} carries the shadow ready, start and finish times kept by
 * {@link org.edgeplan.formulations.pipeline.timefold.ScheduleListener}; {@link
 * org.edgeplan.formulations.pipeline.timefold.PipelineConstraintProvider} scores them rule by rule as the evaluator does; and
 * {@link org.edgeplan.formulations.pipeline.timefold.TimefoldPipelineSolver} (registered as {@code timefold}) runs the local
 * search from the best baseline and re-scores its plan with {@link org.edgeplan.pipeline.PipelineEvaluator}. See
 * {@code formulations/TIMEFOLD-B.md}.
 */
package org.edgeplan.formulations.pipeline.timefold;
