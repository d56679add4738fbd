package org.edgeplan.formulations.pipeline.timefold;

import java.util.Objects;

import ai.timefold.solver.core.preview.api.move.SolutionView;
import ai.timefold.solver.core.preview.api.neighborhood.MoveProvider;
import ai.timefold.solver.core.preview.api.neighborhood.stream.MoveStream;
import ai.timefold.solver.core.preview.api.neighborhood.stream.MoveStreamFactory;
import ai.timefold.solver.core.preview.api.neighborhood.stream.joiner.NeighborhoodsJoiners;

/**
 * {@link GroupPlacementMove}s: every {@link MoveGroup} of the schedule with every node its endpoint may use, except
 * nodes that hold the whole group already. Random selection (Timefold's move streams) picks a group uniformly, then
 * one of its target nodes uniformly, each (group, node) pair at most once per step.
 */
public final class GroupPlacementMoveProvider implements MoveProvider<PipelineSchedule> {
    private final ScheduleVariables variables;

    public GroupPlacementMoveProvider(ScheduleVariables variables) {
        this.variables = Objects.requireNonNull(variables, "variables");
    }

    @Override
    public MoveStream<PipelineSchedule> build(MoveStreamFactory<PipelineSchedule> factory) {
        // The filter runs when a pair is sampled, on the working solution of that step.
        return factory.pick(factory.forEach(MoveGroup.class, false))
                .pick(factory.forEach(NodeQueue.class, false), NeighborhoodsJoiners.filtering(
                        (SolutionView<PipelineSchedule> view, MoveGroup group, NodeQueue queue) -> group.allows(queue)
                                && GroupPlacementMove.isDoable(group.getMembers(), queue)))
                .asMove((view, group, queue) -> new GroupPlacementMove(variables, group.getMembers(), queue,
                        group.getKind()));
    }
}
