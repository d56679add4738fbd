package org.edgeplan.formulations.pipeline.timefold;

import java.util.List;

import ai.timefold.solver.core.api.domain.solution.cloner.DeepPlanningClone;

/**
 * A problem fact: subtasks that a {@link GroupPlacementMove} puts on one node at once, with its kind for move
 * statistics. Built once per schedule by {@link PipelineSchedule#of}: in static mode, one layer of all requests of an
 * endpoint ({@code layer}), or a suffix of its layers in topological order (closed under successors: a split point;
 * from layer 0 the whole model: {@code endpoint}, {@code endpoint-suffix}) of all its requests; in dynamic mode a
 * suffix, or all, of one request's layers ({@code request}, {@code request-suffix}). Members are in topological,
 * then request, order.
 *
 * <p>It refers to planning entities, so it is {@link DeepPlanningClone deep-cloned} with the solution: otherwise the
 * working solution's groups would still point at the subtasks of the solution given to the solver.
 */
@DeepPlanningClone
public class MoveGroup {
    private List<SubtaskJob> members;
    private String kind;

    /** For Timefold's planning clone. */
    public MoveGroup() {
    }

    public MoveGroup(List<SubtaskJob> members, String kind) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a move group needs at least one subtask");
        }
        this.members = List.copyOf(members);
        this.kind = kind;
    }

    public List<SubtaskJob> getMembers() {
        return members;
    }

    public String getKind() {
        return kind;
    }

    /** Whether its subtasks may run on the queue's node (all members belong to one endpoint). */
    public boolean allows(NodeQueue queue) {
        SubtaskJob first = members.get(0);
        return first.model().allowed(first.id(), queue.index());
    }

    /** Whether every member already runs on the queue's node (moving the group there changes nothing). */
    public boolean allOn(NodeQueue queue) {
        for (SubtaskJob job : members) {
            if (job.getQueue() != queue) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return kind + members;
    }
}
