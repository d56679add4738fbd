package org.edgeplan.formulations.pipeline.timefold;

import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;

/**
 * A technical planning entity, one per schedule: its one genuine variable, {@link #isOpen() open}, is true exactly
 * while a multi-operation move ({@link GroupPlacementMove}, {@link RequestPriorityMove}) is between its operations.
 * It is no decision of the plan; no move selector touches it, only those moves, which set it first and reset it last.
 *
 * <p>Why: each operation of Timefold's preview Move API ends by triggering the variable listeners, so a move of k
 * subtasks would re-time the whole schedule k times when executed and k times again when undone. While the batch is
 * open {@link ScheduleListener} defers; closing it makes {@link MoveBatchListener} re-time once. Because the flag is
 * part of the working solution, Timefold records and undoes it with the list operations: the undo (which replays the
 * operations in reverse) re-opens the batch first and closes it last, so an undo also costs one re-timing. A
 * thread-local "move in progress" flag could cover the execution but not the undo, which happens later and without
 * the move.
 */
@PlanningEntity
public class MoveBatch {
    private static final List<Boolean> STATES = List.of(Boolean.FALSE, Boolean.TRUE);

    @PlanningId
    private int id;

    @PlanningVariable(valueRangeProviderRefs = "moveBatchStates")
    private Boolean open = Boolean.FALSE;

    /** For Timefold's planning clone; a closed batch. */
    public MoveBatch() {
    }

    /** The two values of {@link #isOpen()}. */
    @ValueRangeProvider(id = "moveBatchStates")
    public List<Boolean> states() {
        return STATES;
    }

    /** Whether a move is between its operations (the shadow times are then not up to date). */
    public boolean isOpen() {
        return Boolean.TRUE.equals(open);
    }

    public Boolean getOpen() {
        return open;
    }

    public void setOpen(Boolean open) {
        this.open = open;
    }

    @Override
    public String toString() {
        return isOpen() ? "batch(open)" : "batch";
    }
}
