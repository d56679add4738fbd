package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningListVariable;

import org.edgeplan.pipeline.CompiledPipeline;

/**
 * The queue of one node: the genuine planning variable of the Timefold adapter. The subtasks in the list run on this
 * node in list order; their start and finish times are shadow variables of {@link SubtaskJob}. Mutable, as Timefold
 * requires; it lives only inside the adapter.
 */
@PlanningEntity
public class NodeQueue {
    @PlanningId
    private int index;
    private String name;
    private CompiledPipeline model;
    // The schedule's one MoveBatch, for the custom moves (a planning clone points it at the cloned batch).
    private MoveBatch moveBatch;

    @PlanningListVariable
    private List<SubtaskJob> subtasks = new ArrayList<>();

    /** For Timefold's planning clone. */
    public NodeQueue() {
    }

    public NodeQueue(int index, String name, CompiledPipeline model, MoveBatch moveBatch) {
        this.index = index;
        this.name = name;
        this.model = model;
        this.moveBatch = moveBatch;
    }

    /** Index of the node in the instance. */
    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public CompiledPipeline model() {
        return model;
    }

    /** The schedule's {@link MoveBatch}, which the multi-operation moves open and close. */
    public MoveBatch getMoveBatch() {
        return moveBatch;
    }

    public List<SubtaskJob> getSubtasks() {
        return subtasks;
    }

    public void setSubtasks(List<SubtaskJob> subtasks) {
        this.subtasks = subtasks;
    }

    @Override
    public String toString() {
        return name;
    }
}
