/**
 * Problem B (the pipeline model) with Timefold Solver 1.32: the only place with mutable planning classes.
 *
 * <p>{@link org.edgeplan.formulations.pipeline.timefold.NodeQueue} holds each node's queue as a planning list
 * variable; {@link org.edgeplan.formulations.pipeline.timefold.SubtaskJob} carries the shadow ready, start and finish
 * times kept by {@link org.edgeplan.formulations.pipeline.timefold.ScheduleListener} (Timefold's deprecated listener
 * API: its declarative shadow variables were measured much slower here, see {@code formulations/TIMEFOLD-B.md});
 * {@link org.edgeplan.formulations.pipeline.timefold.PipelineConstraintProvider} scores them rule by rule as the
 * evaluator does; and {@link org.edgeplan.formulations.pipeline.timefold.TimefoldPipelineSolver} (registered as
 * {@code timefold}) runs the local search from the best baseline and re-scores its plan with
 * {@link org.edgeplan.pipeline.PipelineEvaluator}.
 *
 * <p>Only Timefold's public API is used, with its preview Move and Neighborhoods API for the custom moves
 * ({@link org.edgeplan.formulations.pipeline.timefold.GroupPlacementMove},
 * {@link org.edgeplan.formulations.pipeline.timefold.RequestPriorityMove}, registered by
 * {@link org.edgeplan.formulations.pipeline.timefold.PipelineNeighborhood}); no {@code ai.timefold.solver.core.impl}
 * class (a test checks the sources and the compiled classes). A multi-operation move runs inside a
 * {@link org.edgeplan.formulations.pipeline.timefold.MoveBatch}, so the schedule is re-timed once per move and once
 * per undo. See {@code formulations/TIMEFOLD-B.md}.
 */
package org.edgeplan.formulations.pipeline.timefold;
