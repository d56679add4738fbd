package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import org.assertj.core.api.Assertions;

import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.testing.ProjectRoot;

/** Shipped instances, variants with limits, random plans, and scoring of a plan through Timefold. */
final class TimefoldFixtures {
    private TimefoldFixtures() {
    }

    static PipelineInstance pipeline(String name) {
        return InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/" + name + ".json"));
    }

    /**
     * {@code base} with other rules: mode, objective, and every node given a memory capacity and a queue limit
     * (negative: none).
     */
    static PipelineInstance variant(PipelineInstance base, PlacementMode mode, PipelineObjective objective,
                                    long memoryBytes, int queueLimit) {
        List<Node> nodes = new ArrayList<>();
        for (Node node : base.nodes()) {
            nodes.add(new Node(node.name(), node.kind(), node.speedFlopsPerSecond(),
                    memoryBytes < 0 ? OptionalLong.empty() : OptionalLong.of(memoryBytes),
                    queueLimit < 0 ? OptionalInt.empty() : OptionalInt.of(queueLimit)));
        }
        return new PipelineInstance(base.name() + "-variant", base.description(), nodes, base.links(),
                base.defaultLink(), base.models(), base.endpoints(), mode, objective, base.linkExclusive());
    }

    /**
     * A random plan: each subtask (in static mode mostly each (endpoint, layer)) on a random allowed node, queues
     * list-scheduled; with {@code shuffle} some queue entries are then swapped at random, which may deadlock.
     */
    static PipelinePlan randomPlan(PipelineInstance instance, Random random, boolean shuffle) {
        int n = instance.subtaskCount();
        int[] nodeOf = new int[n];
        boolean keepStatic = instance.mode() == PlacementMode.STATIC && random.nextInt(4) != 0;
        for (int id = 0; id < n; id++) {
            int e = instance.subtaskEndpoint(id);
            if (keepStatic && instance.subtaskRequest(id) > 0) {
                nodeOf[id] = nodeOf[instance.subtaskId(e, 0, instance.subtaskLayer(id))];
                continue;
            }
            List<Integer> allowed = new ArrayList<>();
            for (int node = 0; node < instance.nodeCount(); node++) {
                if (instance.allowed(e, node)) {
                    allowed.add(node);
                }
            }
            nodeOf[id] = allowed.get(random.nextInt(allowed.size()));
        }
        PipelinePlan plan = ListScheduler.schedule(instance, nodeOf);
        if (!shuffle) {
            return plan;
        }
        List<int[]> queues = plan.queues();
        for (int[] queue : queues) {
            for (int swaps = random.nextInt(3); swaps > 0 && queue.length > 1; swaps--) {
                int a = random.nextInt(queue.length);
                int b = random.nextInt(queue.length);
                int t = queue[a];
                queue[a] = queue[b];
                queue[b] = t;
            }
        }
        return new PipelinePlan(queues);
    }

    /** A plan whose every subtask runs on node {@code node}, list-scheduled. */
    static PipelinePlan allOn(PipelineInstance instance, int node) {
        int[] nodeOf = new int[instance.subtaskCount()];
        java.util.Arrays.fill(nodeOf, node);
        return ListScheduler.schedule(instance, nodeOf);
    }

    /** The schedule of {@code plan} with every shadow variable and the score computed by Timefold. */
    static PipelineSchedule scored(PipelineInstance instance, PipelinePlan plan, long stallWeight) {
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(instance), plan, stallWeight);
        SolutionManager<PipelineSchedule, HardSoftLongScore> manager =
                SolutionManager.create(SolverFactory.<PipelineSchedule>create(TimefoldPipelineSolver.baseConfig()));
        manager.update(schedule);
        return schedule;
    }

    /**
     * Every shadow time of {@code schedule} equals the evaluation's bit for bit (when it simulated the plan), and the
     * deadlocked subtasks are exactly those that never start.
     */
    static void assertShadowTimes(PipelineEvaluation evaluation, PipelineSchedule schedule) {
        if (!evaluation.simulated()) {
            return;
        }
        for (SubtaskJob job : schedule.getSubtasks()) {
            double start = evaluation.startSeconds(job.id());
            if (Double.isNaN(start)) {
                Assertions.assertThat(job.isDeadlocked()).as("deadlocked %s", job).isTrue();
            } else {
                Assertions.assertThat(job.isDeadlocked()).as("scheduled %s", job).isFalse();
                Assertions.assertThat(job.getStart()).as("start of %s", job).isEqualTo(start);
                Assertions.assertThat(job.getFinish()).as("finish of %s", job)
                        .isEqualTo(evaluation.finishSeconds(job.id()));
                Assertions.assertThat(job.getReady()).as("ready of %s", job)
                        .isEqualTo(evaluation.readySeconds(job.id()));
            }
        }
    }
}
