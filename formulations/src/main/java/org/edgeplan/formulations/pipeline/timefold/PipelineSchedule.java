package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.ProblemFactProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * The Timefold planning solution of problem B: one {@link NodeQueue} per node (the genuine list variables) and one
 * {@link SubtaskJob} per subtask (the list values, carrying shadow times); facts for the constraints
 * ({@link DataEdge}) and the group moves ({@link MoveGroup}); and the technical {@link MoveBatch}. Converted from and
 * to the immutable {@link PipelinePlan} with {@link #of} and {@link #toPlan()}; mutable only inside the adapter.
 */
@PlanningSolution
public class PipelineSchedule {
    @ProblemFactProperty
    private CompiledPipeline model;
    @ProblemFactCollectionProperty
    private List<DataEdge> dataEdges;
    @ProblemFactCollectionProperty
    private List<MoveGroup> moveGroups;
    @PlanningEntityProperty
    private MoveBatch moveBatch;
    @PlanningEntityCollectionProperty
    private List<NodeQueue> queues;
    @PlanningEntityCollectionProperty
    @ValueRangeProvider
    private List<SubtaskJob> subtasks;
    private ConstraintWeightOverrides<HardSoftLongScore> constraintWeightOverrides;
    @PlanningScore
    private HardSoftLongScore score;

    /** For Timefold's planning clone. */
    public PipelineSchedule() {
    }

    /**
     * The schedule whose queues hold the plan's queues. Subtasks missing from the plan stay unassigned (Timefold then
     * needs a construction phase); unknown or repeated ids are refused, as the list variable cannot hold them.
     *
     * @param stallWeight soft score per nanosecond of pipeline stall; 0 switches the stall constraint off
     */
    public static PipelineSchedule of(CompiledPipeline model, PipelinePlan plan, long stallWeight) {
        PipelineInstance instance = model.instance();
        if (plan.nodeCount() != instance.nodeCount()) {
            throw new IllegalArgumentException("plan has " + plan.nodeCount() + " queues, instance '" + instance.name()
                    + "' has " + instance.nodeCount() + " nodes");
        }
        int n = instance.subtaskCount();
        List<SubtaskJob> jobs = new ArrayList<>(n);
        List<DataEdge> edges = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            jobs.add(new SubtaskJob(id, model));
        }
        for (int e = 0; e < instance.endpointCount(); e++) {
            DnnGraph dnn = instance.model(e);
            for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                for (int v = 0; v < dnn.layerCount(); v++) {
                    List<SubtaskJob> predecessors = new ArrayList<>(dnn.predecessorCount(v));
                    for (int p = 0; p < dnn.predecessorCount(v); p++) {
                        int producer = instance.subtaskId(e, k, dnn.predecessor(v, p));
                        predecessors.add(jobs.get(producer));
                        edges.add(new DataEdge(producer, instance.subtaskId(e, k, v)));
                    }
                    jobs.get(instance.subtaskId(e, k, v)).setPredecessors(List.copyOf(predecessors));
                }
            }
        }
        boolean[] placed = new boolean[n];
        MoveBatch batch = new MoveBatch();
        List<NodeQueue> queues = new ArrayList<>(instance.nodeCount());
        for (int node = 0; node < instance.nodeCount(); node++) {
            NodeQueue queue = new NodeQueue(node, instance.node(node).name(), model, batch);
            for (int id : plan.queue(node)) {
                if (id < 0 || id >= n || placed[id]) {
                    throw new IllegalArgumentException("plan queue of node '" + queue.name() + "' holds subtask id "
                            + id + (id >= 0 && id < n ? " a second time" : ", out of range"));
                }
                placed[id] = true;
                SubtaskJob job = jobs.get(id);
                queue.getSubtasks().add(job);
            }
            queues.add(queue);
        }
        PipelineSchedule schedule = new PipelineSchedule();
        schedule.model = model;
        schedule.dataEdges = List.copyOf(edges);
        schedule.moveGroups = moveGroups(model, jobs);
        schedule.moveBatch = batch;
        schedule.queues = queues;
        schedule.subtasks = jobs;
        schedule.constraintWeightOverrides = ConstraintWeightOverrides.of(Map.of(
                PipelineConstraintProvider.PIPELINE_STALL, HardSoftLongScore.ofSoft(stallWeight)));
        return schedule;
    }

    /**
     * The groups of {@link GroupPlacementMove}s: in static mode, per endpoint and layer v, layer v of all its requests
     * and the suffix of layers from v (topological order, so closed under successors; from layer 0 the whole model)
     * of all its requests; in dynamic mode, per request and layer v, the suffix of its layers from v.
     */
    private static List<MoveGroup> moveGroups(CompiledPipeline model, List<SubtaskJob> jobs) {
        PipelineInstance instance = model.instance();
        List<MoveGroup> groups = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            DnnGraph dnn = instance.model(e);
            int requests = instance.endpoint(e).requestCount();
            if (!model.dynamic()) {
                for (int v = 0; v < dnn.layerCount(); v++) {
                    List<SubtaskJob> layer = new ArrayList<>(requests);
                    List<SubtaskJob> suffix = new ArrayList<>();
                    for (int k = 0; k < requests; k++) {
                        layer.add(jobs.get(instance.subtaskId(e, k, v)));
                        for (int u = v; u < dnn.layerCount(); u++) {
                            suffix.add(jobs.get(instance.subtaskId(e, k, u)));
                        }
                    }
                    groups.add(new MoveGroup(layer, "layer"));
                    if (dnn.layerCount() > 1) {
                        groups.add(new MoveGroup(suffix, v == 0 ? "endpoint" : "endpoint-suffix"));
                    }
                }
            } else {
                for (int k = 0; k < requests; k++) {
                    for (int v = 0; v < dnn.layerCount(); v++) {
                        List<SubtaskJob> suffix = new ArrayList<>(dnn.layerCount() - v);
                        for (int u = v; u < dnn.layerCount(); u++) {
                            suffix.add(jobs.get(instance.subtaskId(e, k, u)));
                        }
                        groups.add(new MoveGroup(suffix, v == 0 ? "request" : "request-suffix"));
                    }
                }
            }
        }
        return groups;
    }

    /** The queues as an immutable plan. */
    public PipelinePlan toPlan() {
        List<int[]> out = new ArrayList<>(queues.size());
        for (NodeQueue queue : queues) {
            out.add(queue.getSubtasks().stream().mapToInt(SubtaskJob::id).toArray());
        }
        return new PipelinePlan(out);
    }

    public CompiledPipeline getModel() {
        return model;
    }

    public List<DataEdge> getDataEdges() {
        return dataEdges;
    }

    public List<MoveGroup> getMoveGroups() {
        return moveGroups;
    }

    public MoveBatch getMoveBatch() {
        return moveBatch;
    }

    public List<NodeQueue> getQueues() {
        return queues;
    }

    public List<SubtaskJob> getSubtasks() {
        return subtasks;
    }

    public ConstraintWeightOverrides<HardSoftLongScore> getConstraintWeightOverrides() {
        return constraintWeightOverrides;
    }

    public void setConstraintWeightOverrides(ConstraintWeightOverrides<HardSoftLongScore> constraintWeightOverrides) {
        this.constraintWeightOverrides = constraintWeightOverrides;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }
}
