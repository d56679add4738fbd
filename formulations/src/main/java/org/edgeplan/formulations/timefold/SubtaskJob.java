package org.edgeplan.formulations.timefold;

import java.util.List;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.InverseRelationShadowVariable;
import ai.timefold.solver.core.api.domain.variable.PreviousElementShadowVariable;
import ai.timefold.solver.core.api.domain.variable.ShadowSources;
import ai.timefold.solver.core.api.domain.variable.ShadowVariable;
import ai.timefold.solver.core.api.domain.variable.ShadowVariablesInconsistent;

/**
 * One (endpoint, request, layer) subtask: an element of a {@link NodeQueue}'s list. Its node ({@link #getQueue()})
 * and the subtask before it on that node ({@link #getPrevious()}) are Timefold's built-in list shadow variables; its
 * times are declarative shadow variables that Timefold recomputes, in dependency order, for exactly the subtasks a
 * move affects:
 * <ul>
 * <li>ready = the latest arrival of its inputs: for a source layer the model input sent from the endpoint's device at
 * the release time, otherwise each predecessor's finish plus the transfer of its output between their nodes
 * (0 on one node); depends on the predecessors' finish and node and on its own node;</li>
 * <li>start = max(finish of the previous subtask in its queue, ready);</li>
 * <li>finish = start + FLOPs / node speed;</li>
 * <li>result arrival (sinks only) = finish + transfer of the result back to the device: the request's
 * completion.</li>
 * </ul>
 * These are the recurrences of the evaluator's simulation without exclusive channels, with the same arithmetic, so the
 * times agree exactly. A queue order that contradicts precedence makes the dependencies cyclic: Timefold then marks
 * every subtask on or behind the cycle {@link #isInconsistent() inconsistent} (the evaluator's deadlock: they never
 * start) and leaves their times unset.
 */
@PlanningEntity
public class SubtaskJob {
    @PlanningId
    private int id;
    private ScheduleModel model;
    private List<SubtaskJob> predecessors;

    @InverseRelationShadowVariable(sourceVariableName = "subtasks")
    private NodeQueue queue;
    @PreviousElementShadowVariable(sourceVariableName = "subtasks")
    private SubtaskJob previous;

    @ShadowVariable(supplierName = "readySupplier")
    private Double ready;
    @ShadowVariable(supplierName = "startSupplier")
    private Double start;
    @ShadowVariable(supplierName = "finishSupplier")
    private Double finish;
    @ShadowVariable(supplierName = "resultArrivalSupplier")
    private Double resultArrival;
    @ShadowVariablesInconsistent
    private boolean inconsistent;

    /** For Timefold's planning clone. */
    public SubtaskJob() {
    }

    /** A subtask of {@code model}; {@link #setPredecessors} completes it once every subtask exists. */
    public SubtaskJob(int id, ScheduleModel model) {
        this.id = id;
        this.model = model;
    }

    @ShadowSources({"queue", "predecessors[].finish", "predecessors[].queue"})
    public Double readySupplier() {
        if (queue == null) {
            return null;
        }
        int node = queue.index();
        if (model.isSource(id)) {
            return model.inputArrivalSeconds(id, node);
        }
        double latest = Double.NEGATIVE_INFINITY;
        for (SubtaskJob u : predecessors) {
            if (u.finish == null || u.queue == null) {
                return null;
            }
            double arrival = model.outputArrivalSeconds(u.id, u.queue.index(), u.finish, node);
            if (arrival > latest) {
                latest = arrival;
            }
        }
        return latest;
    }

    @ShadowSources({"ready", "previous.finish"})
    public Double startSupplier() {
        if (ready == null) {
            return null;
        }
        if (previous == null) {
            return ready;
        }
        if (previous.finish == null) {
            return null;
        }
        return Math.max(previous.finish, ready);
    }

    @ShadowSources({"start", "queue"})
    public Double finishSupplier() {
        if (start == null || queue == null) {
            return null;
        }
        return start + model.computeSeconds(id, queue.index());
    }

    @ShadowSources({"finish", "queue"})
    public Double resultArrivalSupplier() {
        if (!model.isSink(id) || finish == null || queue == null) {
            return null;
        }
        return model.resultArrivalSeconds(id, queue.index(), finish);
    }

    public int id() {
        return id;
    }

    public ScheduleModel model() {
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

    public SubtaskJob getPrevious() {
        return previous;
    }

    public void setPrevious(SubtaskJob previous) {
        this.previous = previous;
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

    public Double getResultArrival() {
        return resultArrival;
    }

    public void setResultArrival(Double resultArrival) {
        this.resultArrival = resultArrival;
    }

    /** Whether its times depend on themselves through a cycle (deadlock): it would never start. */
    public boolean isInconsistent() {
        return inconsistent;
    }

    public void setInconsistent(boolean inconsistent) {
        this.inconsistent = inconsistent;
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
