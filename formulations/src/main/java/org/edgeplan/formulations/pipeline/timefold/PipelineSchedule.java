package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.timefold.solver.core.api.domain.solution.ConstraintWeightOverrides;
import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
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
 * {@link SubtaskJob} per subtask (the list values, carrying shadow times). Converted from and to the immutable
 * {@link PipelinePlan} with {@link #of} and {@link #toPlan()}; mutable only inside the adapter.
 */
@PlanningSolution
public class PipelineSchedule {
    @ProblemFactProperty
    private CompiledPipeline model;
    @ProblemFactCollectionProperty
    private List<DataEdge> dataEdges;
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
        List<NodeQueue> queues = new ArrayList<>(instance.nodeCount());
        for (int node = 0; node < instance.nodeCount(); node++) {
            NodeQueue queue = new NodeQueue(node, instance.node(node).name(), model);
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
        schedule.queues = queues;
        schedule.subtasks = jobs;
        schedule.constraintWeightOverrides = ConstraintWeightOverrides.of(Map.of(
                PipelineConstraintProvider.PIPELINE_STALL, HardSoftLongScore.ofSoft(stallWeight)));
        return schedule;
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
