package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.timefold.solver.core.preview.api.domain.metamodel.PositionInList;
import ai.timefold.solver.core.preview.api.move.Move;
import ai.timefold.solver.core.preview.api.move.MutableSolutionView;
import ai.timefold.solver.core.preview.api.move.Rebaser;

/**
 * Moves a group of subtasks ({@link MoveGroup}) to one node in a single step: all requests' copies of a layer, or a
 * successor-closed suffix of layers (a split point), of one request or of all requests of an endpoint. Static
 * placement can only be changed by such a move without breaking its hard rule in between; in dynamic mode a suffix
 * move shifts a request's split point at once.
 *
 * <p>Each moved subtask is inserted in the target queue before the first subtask whose start time (as it was before
 * the move) is later than its own, so the queue stays in time order; subtasks without a time (deadlocked) use their
 * release time. Members are inserted in their given (topological, request) order, ties after earlier entries; a
 * member already on the target is re-inserted the same way. The move is doable when some member is not on the
 * target ({@link GroupPlacementMoveProvider} offers only such moves).
 *
 * <p>A move of Timefold's preview Move API: one list operation per member, inside one {@link MoveBatch}, so the
 * schedule is re-timed once per execution and once per undo.
 */
public final class GroupPlacementMove implements Move<PipelineSchedule> {
    private final ScheduleVariables variables;
    private final List<SubtaskJob> group;
    private final NodeQueue target;
    private final String kind;

    public GroupPlacementMove(ScheduleVariables variables, List<SubtaskJob> group, NodeQueue target, String kind) {
        this.variables = Objects.requireNonNull(variables, "variables");
        this.group = List.copyOf(group);
        this.target = Objects.requireNonNull(target, "target");
        this.kind = kind;
    }

    /** Whether the move changes anything: some member is not on the target. */
    public static boolean isDoable(List<SubtaskJob> group, NodeQueue target) {
        for (SubtaskJob job : group) {
            if (job.getQueue() != target) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void execute(MutableSolutionView<PipelineSchedule> view) {
        // The time keys are taken before anything moves: the shadow times are those of the plan before the move.
        List<SubtaskJob> targetList = target.getSubtasks();
        Map<SubtaskJob, Double> key = new IdentityHashMap<>(targetList.size() + group.size());
        for (SubtaskJob job : targetList) {
            key.put(job, timeKey(job));
        }
        for (SubtaskJob job : group) {
            key.put(job, timeKey(job));
        }
        variables.batch(view, target.getMoveBatch(), () -> {
            for (SubtaskJob job : group) {
                PositionInList from = view.getPositionOf(variables.subtasks(), job).ensureAssigned();
                double own = key.get(job);
                if (from.entity() == target) {
                    // Re-inserted in the list without it: the same index arithmetic as moveValueInList.
                    int position = 0;
                    for (int i = 0; i < targetList.size(); i++) {
                        if (i == from.index()) {
                            continue;
                        }
                        if (key.get(targetList.get(i)) > own) {
                            break;
                        }
                        position++;
                    }
                    if (position != from.index()) {
                        view.moveValueInList(variables.subtasks(), target, from.index(), position);
                    }
                } else {
                    int position = 0;
                    while (position < targetList.size() && key.get(targetList.get(position)) <= own) {
                        position++;
                    }
                    view.moveValueBetweenLists(variables.subtasks(), from.entity(), from.index(), target, position);
                }
            }
        });
    }

    private static double timeKey(SubtaskJob job) {
        Double start = job.getStart();
        return start != null && !job.isDeadlocked() ? start : job.releaseSeconds();
    }

    @Override
    public GroupPlacementMove rebase(Rebaser rebaser) {
        List<SubtaskJob> rebased = new ArrayList<>(group.size());
        for (SubtaskJob job : group) {
            rebased.add(rebaser.rebase(job));
        }
        return new GroupPlacementMove(variables, rebased, rebaser.rebase(target), kind);
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
    public String describe() {
        return "GroupPlacementMove(" + kind + ")";
    }

    @Override
    public String toString() {
        return kind + " " + group + " -> " + target;
    }
}
