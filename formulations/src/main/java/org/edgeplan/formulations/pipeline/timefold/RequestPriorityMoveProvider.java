package org.edgeplan.formulations.pipeline.timefold;

import java.util.Objects;

import ai.timefold.solver.core.preview.api.move.SolutionView;
import ai.timefold.solver.core.preview.api.neighborhood.MoveProvider;
import ai.timefold.solver.core.preview.api.neighborhood.stream.MoveStream;
import ai.timefold.solver.core.preview.api.neighborhood.stream.MoveStreamFactory;
import ai.timefold.solver.core.preview.api.neighborhood.stream.joiner.NeighborhoodsJoiners;

/**
 * {@link RequestPriorityMove}s: a subtask, picked uniformly, gives its request priority on the subtask's node (so
 * busy nodes and many-layer requests are picked more often); pairs where the move changes nothing are skipped. Each
 * subtask is picked at most once per step.
 */
public final class RequestPriorityMoveProvider implements MoveProvider<PipelineSchedule> {
    private final ScheduleVariables variables;

    public RequestPriorityMoveProvider(ScheduleVariables variables) {
        this.variables = Objects.requireNonNull(variables, "variables");
    }

    @Override
    public MoveStream<PipelineSchedule> build(MoveStreamFactory<PipelineSchedule> factory) {
        return factory.pick(factory.forEach(SubtaskJob.class, false))
                .pick(factory.forEach(NodeQueue.class, false),
                        NeighborhoodsJoiners.equal(SubtaskJob::getQueue, queue -> queue),
                        NeighborhoodsJoiners.filtering((SolutionView<PipelineSchedule> view, SubtaskJob job,
                                NodeQueue queue) -> RequestPriorityMove.isDoable(queue,
                                RequestPriorityMove.requestOf(job))))
                .asMove((view, job, queue) -> new RequestPriorityMove(variables, queue,
                        RequestPriorityMove.requestOf(job)));
    }
}
