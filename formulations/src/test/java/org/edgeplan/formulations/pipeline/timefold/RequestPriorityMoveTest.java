package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.solver.SolutionManager;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningSolutionMetaModel;
import ai.timefold.solver.core.preview.api.move.MoveTestContext;
import ai.timefold.solver.core.preview.api.move.MoveTester;
import ai.timefold.solver.core.preview.api.neighborhood.NeighborhoodTester;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * {@link RequestPriorityMove} on the shipped small scenario with everything on the edge, queued layer by layer
 * across all requests (request 0's first layer, request 1's first layer, ..., then every request's second layer,
 * ...), so every request is interleaved with the others: the reordering, when it is doable, that the shadow times
 * after the move and after its undo are the evaluator's (Timefold's preview {@link MoveTester}, whose score director
 * runs the schedule listeners), and that the score of the result is the evaluator's. (Undo and shadow-variable
 * consistency inside a search are also checked by the FULL_ASSERT runs of {@code TimefoldLongTest}.)
 */
class RequestPriorityMoveTest {
    private static final PipelineInstance SMALL = TimefoldFixtures.pipeline("small");
    private static final PlanningSolutionMetaModel<PipelineSchedule> META_MODEL = ScheduleVariables.metaModel();
    private static final ScheduleVariables VARIABLES = ScheduleVariables.of(META_MODEL);

    /** Everything on {@code node}, in layer-major order (a precedence-respecting order that interleaves requests). */
    static PipelinePlan layerMajorOn(PipelineInstance instance, int node) {
        List<Integer> order = new ArrayList<>();
        int layers = 0;
        for (int e = 0; e < instance.endpointCount(); e++) {
            layers = Math.max(layers, instance.model(e).layerCount());
        }
        for (int v = 0; v < layers; v++) {
            for (int e = 0; e < instance.endpointCount(); e++) {
                for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                    if (v < instance.model(e).layerCount()) {
                        order.add(instance.subtaskId(e, k, v));
                    }
                }
            }
        }
        List<int[]> queues = new ArrayList<>();
        for (int n = 0; n < instance.nodeCount(); n++) {
            queues.add(n == node ? order.stream().mapToInt(Integer::intValue).toArray() : new int[0]);
        }
        return new PipelinePlan(queues);
    }

    private static int requestOf(SubtaskJob job) {
        return job.model().requestOf(job.id());
    }

    /** The queue after giving {@code request} priority from its first subtask on, by the move's definition. */
    private static List<SubtaskJob> prioritised(List<SubtaskJob> before, int request) {
        int first = -1;
        for (int i = 0; i < before.size() && first < 0; i++) {
            if (requestOf(before.get(i)) == request) {
                first = i;
            }
        }
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
        return expected;
    }

    @Test
    void movesTheRequestsLaterSubtasksUpBehindItsFirstKeepingEveryOtherOrder() {
        int edge = SMALL.nodeIndex("edge-gpu");
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), layerMajorOn(SMALL, edge), 0);
        MoveTestContext<PipelineSchedule> context = MoveTester.build(META_MODEL).using(schedule);
        NodeQueue queue = schedule.getQueues().get(edge);
        List<SubtaskJob> before = new ArrayList<>(queue.getSubtasks());
        // Every request is interleaved with the others; take the last one (its first subtask is not at the front).
        int request = SMALL.requestCount() - 1;
        assertThat(RequestPriorityMove.isDoable(queue, request)).isTrue();

        context.execute(new RequestPriorityMove(VARIABLES, queue, request));

        List<SubtaskJob> expected = prioritised(before, request);
        assertThat(queue.getSubtasks()).containsExactlyElementsOf(expected).isNotEqualTo(before);
        assertThat(schedule.getMoveBatch().isOpen()).isFalse();
        // The batch closed once at the end, and the listeners re-timed the final queues.
        PipelinePlan plan = schedule.toPlan();
        TimefoldFixtures.assertShadowTimes(PipelineEvaluator.evaluate(SMALL, plan), schedule);
        // Done: the request's subtasks now follow one another, so the same move is no longer doable.
        assertThat(RequestPriorityMove.isDoable(queue, request)).isFalse();

        // The reordered queue is a plan like any other: Timefold's score of it is minus the evaluator's objective.
        SolutionManager<PipelineSchedule, HardSoftLongScore> manager =
                SolutionManager.create(SolverFactory.<PipelineSchedule>create(TimefoldPipelineSolver.baseConfig()));
        HardSoftLongScore score = manager.update(PipelineSchedule.of(new CompiledPipeline(SMALL), plan, 0));
        assertThat(score.hardScore()).isZero();
        assertThat(-score.softScore() / 1e9).isCloseTo(PipelineEvaluator.objective(SMALL, plan),
                Offset.offset(1e-9 * SMALL.requestCount()));
    }

    @Test
    void itsUndoRestoresTheQueueAndTheTimes() {
        int edge = SMALL.nodeIndex("edge-gpu");
        PipelinePlan original = layerMajorOn(SMALL, edge);
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), original, 0);
        MoveTestContext<PipelineSchedule> context = MoveTester.build(META_MODEL).using(schedule);
        NodeQueue queue = schedule.getQueues().get(edge);
        List<SubtaskJob> before = new ArrayList<>(queue.getSubtasks());
        int request = 1;
        context.executeTemporarily(new RequestPriorityMove(VARIABLES, queue, request), view -> {
            assertThat(queue.getSubtasks()).containsExactlyElementsOf(prioritised(before, request));
            TimefoldFixtures.assertShadowTimes(PipelineEvaluator.evaluate(SMALL, schedule.toPlan()), schedule);
        });
        assertThat(queue.getSubtasks()).containsExactlyElementsOf(before);
        assertThat(schedule.getMoveBatch().isOpen()).isFalse();
        TimefoldFixtures.assertShadowTimes(PipelineEvaluator.evaluate(SMALL, original), schedule);
    }

    @Test
    void notDoableForARequestWithoutSubtasksOnTheNode() {
        int device = 0;
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL),
                layerMajorOn(SMALL, SMALL.nodeIndex("edge-gpu")), 0);
        // Nothing is on the device.
        assertThat(RequestPriorityMove.isDoable(schedule.getQueues().get(device), 0)).isFalse();
        assertThat(RequestPriorityMove.isDoable(null, 0)).isFalse();
    }

    @Test
    void theProviderOffersOneMovePerSubtaskWhoseRequestIsInterleavedOnItsNode() {
        int edge = SMALL.nodeIndex("edge-gpu");
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), layerMajorOn(SMALL, edge), 0);
        List<RequestPriorityMove> moves = NeighborhoodTester.build(new RequestPriorityMoveProvider(VARIABLES),
                META_MODEL).using(schedule).getMovesAsList(move -> (RequestPriorityMove) move);
        // Every subtask is on the edge and every request interleaved there: one move per subtask.
        assertThat(moves).hasSize(SMALL.subtaskCount());
        assertThat(moves).allSatisfy(move -> assertThat(List.<Object>copyOf(move.getPlanningEntities()))
                .containsExactly(schedule.getQueues().get(edge)));
    }
}
