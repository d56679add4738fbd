package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.preview.api.move.Move;
import ai.timefold.solver.core.preview.api.move.MutableSolutionView;
import ai.timefold.solver.core.preview.api.move.Rebaser;

/**
 * Gives one request priority on one node from its first subtask there on: the request's later subtasks in that
 * queue move up to follow its first one directly, ahead of the other requests' subtasks that were queued in between;
 * every other relative order is kept. Example, queue {@code a0 b0 a1 b1 a2} with request a chosen:
 * {@code a0 a1 a2 b0 b1}.
 *
 * <p>Why: for total latency, interleaving two requests on a shared node delays both, while serving one first delays
 * only the other. Taking a whole request out of the interleaving needs several list moves at once, each of which
 * alone is usually worse (or breaks precedence), so late acceptance rarely walks there one move at a time; from a
 * poor start Timefold stopped in such local optima (TIMEFOLD-B.md, "From the baselines only"). Not doable
 * ({@link #isDoable}) when the request's subtasks on the node are already consecutive. The move can create a
 * deadlock across nodes; the hard score then rejects it.
 *
 * <p>A move of Timefold's preview Move API: one in-list operation per subtask that moves up, inside one
 * {@link MoveBatch}, so the schedule is re-timed once per execution and once per undo.
 */
public final class RequestPriorityMove implements Move<PipelineSchedule> {
    private final ScheduleVariables variables;
    private final NodeQueue queue;
    private final int request;

    public RequestPriorityMove(ScheduleVariables variables, NodeQueue queue, int request) {
        this.variables = Objects.requireNonNull(variables, "variables");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.request = request;
    }

    /** The queue position of the request's first subtask on the node, or -1 when it has none. */
    private static int first(NodeQueue queue, int request) {
        List<SubtaskJob> list = queue.getSubtasks();
        for (int i = 0; i < list.size(); i++) {
            if (requestOf(list.get(i)) == request) {
                return i;
            }
        }
        return -1;
    }

    static int requestOf(SubtaskJob job) {
        return job.model().requestOf(job.id());
    }

    /** Whether the move changes the queue: another request's subtask sits between two of the request's there. */
    public static boolean isDoable(NodeQueue queue, int request) {
        if (queue == null) {
            return false;
        }
        List<SubtaskJob> list = queue.getSubtasks();
        int first = first(queue, request);
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
    public void execute(MutableSolutionView<PipelineSchedule> view) {
        List<SubtaskJob> list = queue.getSubtasks();
        int first = first(queue, request);
        if (first < 0) {
            return;
        }
        variables.batch(view, queue.getMoveBatch(), () -> {
            // Each of the request's later subtasks moves up behind the previous one of the request; the others
            // shift back, keeping their order.
            int next = first + 1;
            for (int i = first + 1; i < list.size(); i++) {
                if (requestOf(list.get(i)) == request) {
                    if (i != next) {
                        view.moveValueInList(variables.subtasks(), queue, i, next);
                    }
                    next++;
                }
            }
        });
    }

    @Override
    public RequestPriorityMove rebase(Rebaser rebaser) {
        return new RequestPriorityMove(variables, rebaser.rebase(queue), request);
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
    public String describe() {
        return "RequestPriorityMove";
    }

    @Override
    public String toString() {
        return "request " + request + " first on " + queue;
    }
}
