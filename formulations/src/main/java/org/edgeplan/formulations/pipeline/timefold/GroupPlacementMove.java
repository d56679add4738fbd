package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.move.AbstractMove;

/**
 * Moves a group of subtasks to one node in a single step: all requests' copies of a layer, or a successor-closed
 * suffix of layers (a split point), of one request or of all requests of an endpoint. Static placement can only be
 * changed by such a move without breaking its hard rule in between; in dynamic mode a suffix move shifts a request's
 * split point at once.
 *
 * <p>Each moved subtask is inserted in the target queue before the first subtask whose start time (as it was before
 * the move) is later than its own, so the queue stays in time order; subtasks without a time (deadlocked) use their
 * release time. Members are inserted in their given (topological, request) order, ties after earlier entries.
 */
public final class GroupPlacementMove extends AbstractMove<PipelineSchedule> {
    static final String LIST_VARIABLE = "subtasks";

    private final List<SubtaskJob> group;
    private final NodeQueue target;
    private final String kind;

    public GroupPlacementMove(List<SubtaskJob> group, NodeQueue target, String kind) {
        this.group = List.copyOf(group);
        this.target = target;
        this.kind = kind;
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<PipelineSchedule> scoreDirector) {
        for (SubtaskJob job : group) {
            if (job.getQueue() != target) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doMoveOnGenuineVariables(ScoreDirector<PipelineSchedule> scoreDirector) {
        List<SubtaskJob> targetList = target.getSubtasks();
        Map<SubtaskJob, Double> key = new IdentityHashMap<>(targetList.size() + group.size());
        for (SubtaskJob job : targetList) {
            key.put(job, timeKey(job));
        }
        for (SubtaskJob job : group) {
            key.put(job, timeKey(job));
        }
        for (SubtaskJob job : group) {
            NodeQueue from = job.getQueue();
            List<SubtaskJob> fromList = from.getSubtasks();
            int index = fromList.indexOf(job);
            scoreDirector.beforeListVariableChanged(from, LIST_VARIABLE, index, index + 1);
            fromList.remove(index);
            scoreDirector.afterListVariableChanged(from, LIST_VARIABLE, index, index);
            double own = key.get(job);
            int position = 0;
            while (position < targetList.size() && key.get(targetList.get(position)) <= own) {
                position++;
            }
            scoreDirector.beforeListVariableChanged(target, LIST_VARIABLE, position, position);
            targetList.add(position, job);
            scoreDirector.afterListVariableChanged(target, LIST_VARIABLE, position, position + 1);
        }
    }

    private static double timeKey(SubtaskJob job) {
        Double start = job.getStart();
        return start != null && !job.isDeadlocked() ? start : job.releaseSeconds();
    }

    @Override
    public GroupPlacementMove rebase(ScoreDirector<PipelineSchedule> destinationScoreDirector) {
        return new GroupPlacementMove(rebaseList(group, destinationScoreDirector),
                destinationScoreDirector.lookUpWorkingObject(target), kind);
    }

    @Override
    public Collection<?> getPlanningEntities() {
        LinkedHashSet<Object> entities = new LinkedHashSet<>();
        for (SubtaskJob job : group) {
            entities.add(job.getQueue());
        }
        entities.add(target);
        return new ArrayList<>(entities);
    }

    @Override
    public Collection<?> getPlanningValues() {
        return group;
    }

    @Override
    public String getSimpleMoveTypeDescription() {
        return "GroupPlacementMove(" + kind + ")";
    }

    @Override
    public String toString() {
        return kind + " " + group + " -> " + target;
    }
}
