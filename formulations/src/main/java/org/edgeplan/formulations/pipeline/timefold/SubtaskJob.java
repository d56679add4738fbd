package org.edgeplan.formulations.pipeline.timefold;

import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.InverseRelationShadowVariable;
import ai.timefold.solver.core.api.domain.variable.PiggybackShadowVariable;
import ai.timefold.solver.core.api.domain.variable.ShadowVariable;

import org.edgeplan.pipeline.CompiledPipeline;

/**
 * One (endpoint, request, layer) subtask: an element of a {@link NodeQueue}'s list. Its node ({@link #getQueue()})
 * is Timefold's inverse-relation shadow variable; its times are custom shadow variables kept by
 * {@link ScheduleListener} (and, at the end of a batched move, {@link MoveBatchListener}), which recompute the
 * schedule after every move with the recurrences of the evaluator's simulation (without exclusive channels) and the
 * same arithmetic, so the times agree bit for bit:
 * <ul>
 * <li>ready = the latest arrival of its inputs: for a source layer the model input sent from the endpoint's device at
 * the release time, otherwise each predecessor's finish plus the transfer of its output between their nodes (0 on
 * one node);</li>
 * <li>start = max(finish of the previous subtask in its queue, ready);</li>
 * <li>finish = start + FLOPs / node speed;</li>
 * <li>deadlocked: a queue order that contradicts precedence makes the dependencies cyclic; every subtask on or
 * behind such a cycle never starts (as in the evaluator), is deadlocked, and has no times (null).</li>
 * </ul>
 * The result arrival of a sink (the request's completion) = finish + transfer of the result back to the device,
 * derived from finish and node in {@link #getResultArrival()}.
 */
@PlanningEntity
public class SubtaskJob {
    @PlanningId
    private int id;
    private CompiledPipeline model;
    private List<SubtaskJob> predecessors;

    @InverseRelationShadowVariable(sourceVariableName = ScheduleVariables.SUBTASKS)
    private NodeQueue queue;

    // The deprecated listener API: declarative shadow variables were measured much slower here (TIMEFOLD-B.md).
    @SuppressWarnings("removal")
    @ShadowVariable(variableListenerClass = ScheduleListener.class, sourceEntityClass = NodeQueue.class,
            sourceVariableName = ScheduleVariables.SUBTASKS)
    @ShadowVariable(variableListenerClass = MoveBatchListener.class, sourceEntityClass = MoveBatch.class,
            sourceVariableName = ScheduleVariables.OPEN)
    private Double finish;
    @SuppressWarnings("removal")
    @PiggybackShadowVariable(shadowVariableName = "finish")
    private Double ready;
    @SuppressWarnings("removal")
    @PiggybackShadowVariable(shadowVariableName = "finish")
    private Double start;
    @SuppressWarnings("removal")
    @PiggybackShadowVariable(shadowVariableName = "finish")
    private boolean deadlocked;

    /** For Timefold's planning clone. */
    public SubtaskJob() {
    }

    /** A subtask of {@code model}; {@link #setPredecessors} completes it once every subtask exists. */
    public SubtaskJob(int id, CompiledPipeline model) {
        this.id = id;
        this.model = model;
    }

    public int id() {
        return id;
    }

    public CompiledPipeline model() {
        return model;
    }

    public List<SubtaskJob> getPredecessors() {
        return predecessors;
    }

    public void setPredecessors(List<SubtaskJob> predecessors) {
        this.predecessors = predecessors;
    }

    public NodeQueue getQueue() {
        return queue;
    }

    public void setQueue(NodeQueue queue) {
        this.queue = queue;
    }

    /** Node index, or -1 when unassigned. */
    public int nodeIndex() {
        return queue == null ? -1 : queue.index();
    }

    public Double getReady() {
        return ready;
    }

    public void setReady(Double ready) {
        this.ready = ready;
    }

    public Double getStart() {
        return start;
    }

    public void setStart(Double start) {
        this.start = start;
    }

    public Double getFinish() {
        return finish;
    }

    public void setFinish(Double finish) {
        this.finish = finish;
    }

    /** Whether it never starts because the queue orders contradict precedence (it has no times then). */
    public boolean isDeadlocked() {
        return deadlocked;
    }

    public void setDeadlocked(boolean deadlocked) {
        this.deadlocked = deadlocked;
    }

    /**
     * For a sink, when its result is back on the device (the request's completion): finish + result transfer; null
     * otherwise. Derived from finish and node, both shadow variables, so constraint streams see its changes.
     */
    public Double getResultArrival() {
        if (!model.isSink(id) || finish == null || queue == null) {
            return null;
        }
        return model.resultArrivalSeconds(id, queue.index(), finish);
    }

    /** The release time of this subtask's request. */
    public double releaseSeconds() {
        return model.releaseSeconds(model.requestOf(id));
    }

    public boolean isSink() {
        return model.isSink(id);
    }

    /** Dense (endpoint, layer) key. */
    public int layerKey() {
        return model.layerKeyOf(id);
    }

    @Override
    public String toString() {
        return model.instance().subtaskLabel(id);
    }
}
