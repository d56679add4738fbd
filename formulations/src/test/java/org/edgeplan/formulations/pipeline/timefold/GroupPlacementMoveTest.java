package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningSolutionMetaModel;
import ai.timefold.solver.core.preview.api.move.MoveTestContext;
import ai.timefold.solver.core.preview.api.move.MoveTester;
import ai.timefold.solver.core.preview.api.neighborhood.NeighborhoodTester;
import org.junit.jupiter.api.Test;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * {@link GroupPlacementMove} through Timefold's preview {@link MoveTester} on the shipped small scenario (static
 * placement), every subtask first on its own device: the queues after a move are those of the move's definition
 * (each member, in order, removed and inserted before the first subtask that started later than it), worked out here
 * on plain lists; the shadow times after the move and after its undo are the evaluator's; and the provider offers
 * exactly the allowed, doable (group, node) pairs.
 */
class GroupPlacementMoveTest {
    private static final PipelineInstance SMALL = TimefoldFixtures.pipeline("small");
    private static final PlanningSolutionMetaModel<PipelineSchedule> META_MODEL = ScheduleVariables.metaModel();
    private static final ScheduleVariables VARIABLES = ScheduleVariables.of(META_MODEL);
    private static final int EDGE = SMALL.nodeIndex("edge-gpu");

    private static PipelinePlan deviceOnly() {
        int[] nodeOf = new int[SMALL.subtaskCount()];
        for (int id = 0; id < nodeOf.length; id++) {
            nodeOf[id] = SMALL.deviceOf(SMALL.subtaskEndpoint(id));
        }
        return ListScheduler.schedule(SMALL, nodeOf);
    }

    private static MoveGroup group(PipelineSchedule schedule, String kind, int endpoint, int layer) {
        int first = SMALL.subtaskId(endpoint, 0, layer);
        for (MoveGroup group : schedule.getMoveGroups()) {
            if (group.getKind().equals(kind) && group.getMembers().get(0).id() == first) {
                return group;
            }
        }
        throw new AssertionError("no " + kind + " group from subtask " + first);
    }

    /** The queues the move must produce, by its definition, on copies of the lists. */
    private static List<List<SubtaskJob>> expected(PipelineSchedule schedule, List<SubtaskJob> group,
                                                   NodeQueue target) {
        Map<SubtaskJob, Double> key = new IdentityHashMap<>();
        for (SubtaskJob job : schedule.getSubtasks()) {
            key.put(job, job.getStart() != null && !job.isDeadlocked() ? job.getStart() : job.releaseSeconds());
        }
        List<List<SubtaskJob>> queues = new ArrayList<>();
        for (NodeQueue queue : schedule.getQueues()) {
            queues.add(new ArrayList<>(queue.getSubtasks()));
        }
        List<SubtaskJob> to = queues.get(target.index());
        for (SubtaskJob job : group) {
            queues.get(job.nodeIndex()).remove(job);
            int position = 0;
            while (position < to.size() && key.get(to.get(position)) <= key.get(job)) {
                position++;
            }
            to.add(position, job);
        }
        return queues;
    }

    private static List<List<SubtaskJob>> queues(PipelineSchedule schedule) {
        List<List<SubtaskJob>> queues = new ArrayList<>();
        for (NodeQueue queue : schedule.getQueues()) {
            queues.add(List.copyOf(queue.getSubtasks()));
        }
        return queues;
    }

    private static void assertMove(PipelineSchedule schedule, MoveTestContext<PipelineSchedule> context,
                                   MoveGroup group) {
        NodeQueue edge = schedule.getQueues().get(EDGE);
        assertThat(GroupPlacementMove.isDoable(group.getMembers(), edge)).isTrue();
        List<List<SubtaskJob>> expected = expected(schedule, group.getMembers(), edge);
        context.execute(new GroupPlacementMove(VARIABLES, group.getMembers(), edge, group.getKind()));
        assertThat(queues(schedule)).isEqualTo(expected);
        assertThat(group.getMembers()).allSatisfy(job -> assertThat(job.getQueue()).isSameAs(edge));
        assertThat(GroupPlacementMove.isDoable(group.getMembers(), edge)).isFalse();
        assertThat(schedule.getMoveBatch().isOpen()).isFalse();
        TimefoldFixtures.assertShadowTimes(PipelineEvaluator.evaluate(SMALL, schedule.toPlan()), schedule);
    }

    @Test
    void putsTheGroupOnTheTargetInStartTimeOrder() {
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), deviceOnly(), 0);
        MoveTestContext<PipelineSchedule> context = MoveTester.build(META_MODEL).using(schedule);
        // A split point of endpoint 0 (layers 3.. of all its requests), then layer 2 of endpoint 1.
        assertMove(schedule, context, group(schedule, "endpoint-suffix", 0, 3));
        assertMove(schedule, context, group(schedule, "layer", 1, 2));
        // A longer suffix of endpoint 0: layer 2 joins from the device, layers 3.. already on the edge re-inserted.
        assertMove(schedule, context, group(schedule, "endpoint-suffix", 0, 2));
    }

    @Test
    void itsUndoRestoresTheQueuesAndTheTimes() {
        PipelinePlan original = deviceOnly();
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), original, 0);
        MoveTestContext<PipelineSchedule> context = MoveTester.build(META_MODEL).using(schedule);
        List<List<SubtaskJob>> before = queues(schedule);
        MoveGroup whole = group(schedule, "endpoint", 1, 0);
        NodeQueue edge = schedule.getQueues().get(EDGE);
        List<List<SubtaskJob>> expected = expected(schedule, whole.getMembers(), edge);
        context.executeTemporarily(new GroupPlacementMove(VARIABLES, whole.getMembers(), edge, whole.getKind()),
                view -> {
                    assertThat(queues(schedule)).isEqualTo(expected);
                    TimefoldFixtures.assertShadowTimes(PipelineEvaluator.evaluate(SMALL, schedule.toPlan()),
                            schedule);
                });
        assertThat(queues(schedule)).isEqualTo(before);
        assertThat(schedule.getMoveBatch().isOpen()).isFalse();
        TimefoldFixtures.assertShadowTimes(PipelineEvaluator.evaluate(SMALL, original), schedule);
    }

    @Test
    void theProviderOffersEveryAllowedNodeNotHoldingTheWholeGroup() {
        PipelineSchedule schedule = PipelineSchedule.of(new CompiledPipeline(SMALL), deviceOnly(), 0);
        List<GroupPlacementMove> moves = NeighborhoodTester.build(new GroupPlacementMoveProvider(VARIABLES),
                META_MODEL).using(schedule).getMovesAsList(move -> (GroupPlacementMove) move);
        int expected = 0;
        for (MoveGroup group : schedule.getMoveGroups()) {
            for (NodeQueue queue : schedule.getQueues()) {
                if (group.allows(queue) && !group.allOn(queue)) {
                    expected++;
                }
            }
        }
        // Static mode: per endpoint, a layer group and a suffix group per layer; each on its device already, so
        // only the edge is a target (the other device is not allowed).
        assertThat(schedule.getMoveGroups()).hasSize(2 * 2 * SMALL.model(0).layerCount());
        assertThat(moves).hasSize(expected).hasSize(schedule.getMoveGroups().size());
        assertThat(moves).allSatisfy(move -> assertThat(List.<Object>copyOf(move.getPlanningEntities()))
                .contains(schedule.getQueues().get(EDGE)));
    }
}
