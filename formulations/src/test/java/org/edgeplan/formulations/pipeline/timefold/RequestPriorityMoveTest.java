package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import org.junit.jupiter.api.Test;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * {@link RequestPriorityMove} on the shipped small scenario with everything on the edge, queued layer by layer
 * across all requests (request 0's first layer, request 1's first layer, ..., then every request's second layer,
 * ...), so every request is interleaved with the others: the reordering, when it is doable, what it tells the score director, and that the score
 * of the result is the evaluator's. (Undo and shadow-variable consistency inside a search are checked by the
 * FULL_ASSERT runs of {@code TimefoldLongTest}.)
 */
class RequestPriorityMoveTest {
    private static final PipelineInstance SMALL = TimefoldFixtures.pipeline("small");

    /** A score director that only records the list-variable notifications (all the move calls). */
    @SuppressWarnings("unchecked")
    private static ScoreDirector<PipelineSchedule> recorder(List<String> calls) {
        return (ScoreDirector<PipelineSchedule>) Proxy.newProxyInstance(ScoreDirector.class.getClassLoader(),
                new Class<?>[] {ScoreDirector.class}, (proxy, method, args) -> {
                    if (method.getName().endsWith("ListVariableChanged")) {
                        calls.add(method.getName() + " " + args[2] + ".." + args[3]);
                    }
                    return null;
                });
    }

    /** Everything on {@code node}, in layer-major order (a precedence-respecting order that interleaves requests). */
    private static PipelinePlan layerMajorOn(int node) {
        List<Integer> order = new ArrayList<>();
        int layers = 0;
        for (int e = 0; e < SMALL.endpointCount(); e++) {
            layers = Math.max(layers, SMALL.model(e).layerCount());
        }
        for (int v = 0; v < layers; v++) {
            for (int e = 0; e < SMALL.endpointCount(); e++) {
                for (int k = 0; k < SMALL.endpoint(e).requestCount(); k++) {
                    if (v < SMALL.model(e).layerCount()) {
                        order.add(SMALL.subtaskId(e, k, v));
                    }
                }
            }
        }
        List<int[]> queues = new ArrayList<>();
        for (int n = 0; n < SMALL.nodeCount(); n++) {
            queues.add(n == node ? order.stream().mapToInt(Integer::intValue).toArray() : new int[0]);
        }
        return new PipelinePlan(queues);
    }

    private static int requestOf(SubtaskJob job) {
        return job.model().requestOf(job.id());
    }

    @Test
    void movesTheRequestsLaterSubtasksUpBehindItsFirstKeepingEveryOtherOrder() {
        int edge = SMALL.nodeIndex("edge-gpu");
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), layerMajorOn(edge), 0);
        NodeQueue queue = schedule.getQueues().get(edge);
        List<SubtaskJob> before = new ArrayList<>(queue.getSubtasks());
        // Every request is interleaved with the others; take the last one (its first subtask is not at the front).
        int request = SMALL.requestCount() - 1;
        assertThat(new RequestPriorityMove(queue, request).isMoveDoable(null)).isTrue();
        int first = -1;
        for (int i = 0; i < before.size() && first < 0; i++) {
            if (requestOf(before.get(i)) == request) {
                first = i;
            }
        }
        List<String> calls = new ArrayList<>();
        RequestPriorityMove move = new RequestPriorityMove(queue, request);
        move.doMoveOnGenuineVariables(recorder(calls));
        List<SubtaskJob> after = queue.getSubtasks();

        List<SubtaskJob> expected = new ArrayList<>(before.subList(0, first));
        for (SubtaskJob job : before.subList(first, before.size())) {
            if (requestOf(job) == request) {
                expected.add(job);
            }
        }
        for (SubtaskJob job : before.subList(first, before.size())) {
            if (requestOf(job) != request) {
                expected.add(job);
            }
        }
        assertThat(after).containsExactlyElementsOf(expected).isNotEqualTo(before);
        assertThat(calls).containsExactly(
                "beforeListVariableChanged " + first + ".." + before.size(),
                "afterListVariableChanged " + first + ".." + before.size());
        // Done: the request's subtasks now follow one another, so the same move is no longer doable.
        assertThat(new RequestPriorityMove(queue, request).isMoveDoable(null)).isFalse();

        // The reordered queue is a plan like any other: Timefold's score of it is minus the evaluator's objective.
        PipelinePlan plan = schedule.toPlan();
        SolutionManager<PipelineSchedule, HardSoftLongScore> manager =
                SolutionManager.create(SolverFactory.<PipelineSchedule>create(TimefoldPipelineSolver.baseConfig()));
        HardSoftLongScore score = manager.update(PipelineSchedule.of(new CompiledPipeline(SMALL), plan, 0));
        assertThat(score.hardScore()).isZero();
        assertThat(-score.softScore() / 1e9).isCloseTo(PipelineEvaluator.objective(SMALL, plan),
                org.assertj.core.data.Offset.offset(1e-9 * SMALL.requestCount()));
    }

    @Test
    void notDoableForARequestWithoutSubtasksOnTheNode() {
        int device = 0;
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), layerMajorOn(SMALL.nodeIndex("edge-gpu")),
                0);
        // Nothing is on the device.
        assertThat(new RequestPriorityMove(schedule.getQueues().get(device), 0).isMoveDoable(null)).isFalse();
        assertThat(new RequestPriorityMove(null, 0).isMoveDoable(null)).isFalse();
    }
}
