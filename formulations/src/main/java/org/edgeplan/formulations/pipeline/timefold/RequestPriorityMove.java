package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.move.AbstractMove;

/**
 * Gives one request priority on one node from its first subtask there on: the request's later subtasks in that
 * queue move up to follow its first one directly, ahead of the other requests' subtasks that were queued in between;
 * every other relative order is kept. Example, queue {@code a0 b0 a1 b1 a2} with request a chosen:
 * {@code a0 a1 a2 b0 b1}.
 *
 * <p>Why: for total latency, interleaving two requests on a shared node delays both, while serving one first delays
 * only the other. Taking a whole request out of the interleaving needs several list moves at once, each of which
 * alone is usually worse (or breaks precedence), so late acceptance rarely walks there one move at a time; from a
 * poor start Timefold stopped in such local optima (TIMEFOLD-B.md, "From the baselines only"). Not doable when the
 * request's subtasks on the node are already consecutive. The move can create a deadlock across nodes; the hard
 * score then rejects it.
 */
public final class RequestPriorityMove extends AbstractMove<PipelineSchedule> {
    private final NodeQueue queue;
    private final int request;

    public RequestPriorityMove(NodeQueue queue, int request) {
        this.queue = queue;
        this.request = request;
    }

    /** The queue position of the request's first subtask on the node, or -1 when it has none. */
    private int first() {
        List<SubtaskJob> list = queue.getSubtasks();
        for (int i = 0; i < list.size(); i++) {
            if (requestOf(list.get(i)) == request) {
                return i;
            }
        }
        return -1;
    }

    private static int requestOf(SubtaskJob job) {
        return job.model().requestOf(job.id());
    }

    @Override
    public boolean isMoveDoable(ScoreDirector<PipelineSchedule> scoreDirector) {
        if (queue == null) {
            return false;
        }
        List<SubtaskJob> list = queue.getSubtasks();
        int first = first();
        if (first < 0) {
            return false;
        }
        boolean gap = false;
        for (int i = first + 1; i < list.size(); i++) {
            boolean mine = requestOf(list.get(i)) == request;
            if (mine && gap) {
                return true;
            }
            gap |= !mine;
        }
        return false;
    }

    @Override
    protected void doMoveOnGenuineVariables(ScoreDirector<PipelineSchedule> scoreDirector) {
        List<SubtaskJob> list = queue.getSubtasks();
        int first = first();
        List<SubtaskJob> mine = new ArrayList<>();
        List<SubtaskJob> others = new ArrayList<>();
        for (SubtaskJob job : list.subList(first, list.size())) {
            (requestOf(job) == request ? mine : others).add(job);
        }
        int end = list.size();
        scoreDirector.beforeListVariableChanged(queue, GroupPlacementMove.LIST_VARIABLE, first, end);
        List<SubtaskJob> tail = list.subList(first, end);
        tail.clear();
        tail.addAll(mine);
        tail.addAll(others);
        scoreDirector.afterListVariableChanged(queue, GroupPlacementMove.LIST_VARIABLE, first, end);
    }

    @Override
    public RequestPriorityMove rebase(ScoreDirector<PipelineSchedule> destinationScoreDirector) {
        return new RequestPriorityMove(destinationScoreDirector.lookUpWorkingObject(queue), request);
    }

    @Override
    public Collection<?> getPlanningEntities() {
        return List.of(queue);
    }

    @Override
    public Collection<?> getPlanningValues() {
        List<SubtaskJob> mine = new ArrayList<>();
        for (SubtaskJob job : queue.getSubtasks()) {
            if (requestOf(job) == request) {
                mine.add(job);
            }
        }
        return mine;
    }

    @Override
    public String getSimpleMoveTypeDescription() {
        return "RequestPriorityMove";
    }

    @Override
    public String toString() {
        return "request " + request + " first on " + queue;
    }
}
