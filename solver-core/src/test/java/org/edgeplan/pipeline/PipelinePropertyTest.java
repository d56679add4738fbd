package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.testing.PipelineInvariants;
import org.edgeplan.testing.RandomPipelines;

/** ~200 seeded random instances, placements and precedence-consistent queue orders. */
class PipelinePropertyTest {
    @Test
    void everyRandomFeasiblePlanSatisfiesThePipelineInvariants() {
        SplittableRandom random = new SplittableRandom(20251122L);
        int exclusiveDelays = 0;
        for (int i = 0; i < 200; i++) {
            boolean exclusive = i % 2 == 1;
            PlacementMode mode = i % 3 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC;
            PipelineInstance instance = RandomPipelines.instance(random, exclusive, mode);
            int[] nodeOf = RandomPipelines.placement(random, instance);
            PipelinePlan plan = RandomPipelines.randomOrder(random, instance, nodeOf);
            PipelineSimulator simulator = new PipelineSimulator(instance);
            PipelineEvaluation ev = simulator.evaluate(plan);
            PipelineInvariants.check(instance, plan, ev);
            assertThat(simulator.objective(plan)).isEqualTo(ev.objective());
            // The simulator is reusable: a second run gives the same answer.
            assertThat(simulator.evaluate(plan).objective()).isEqualTo(ev.objective());
            for (PipelineEvaluation.Transfer t : ev.transfers()) {
                if (t.startSeconds() > t.availableSeconds()) {
                    exclusiveDelays++;
                }
            }
        }
        // The generator does exercise contention on exclusive channels.
        assertThat(exclusiveDelays).isPositive();
    }

    @Test
    void reversedQueuesOfMultiLayerRequestsDeadlockWithoutThrowing() {
        SplittableRandom random = new SplittableRandom(7L);
        int deadlocks = 0;
        for (int i = 0; i < 100; i++) {
            PipelineInstance instance = RandomPipelines.instance(random, i % 2 == 0, PlacementMode.DYNAMIC);
            int[] nodeOf = new int[instance.subtaskCount()];
            for (int id = 0; id < nodeOf.length; id++) {
                nodeOf[id] = instance.deviceOf(instance.subtaskEndpoint(id));
            }
            PipelinePlan plan = RandomPipelines.randomOrder(random, instance, nodeOf);
            java.util.List<int[]> reversed = new java.util.ArrayList<>();
            for (int[] q : plan.queues()) {
                int[] r = new int[q.length];
                for (int p = 0; p < q.length; p++) {
                    r[p] = q[q.length - 1 - p];
                }
                reversed.add(r);
            }
            PipelineEvaluation ev = PipelineEvaluator.evaluate(instance, new PipelinePlan(reversed));
            boolean hasEdge = false;
            for (int e = 0; e < instance.endpointCount(); e++) {
                hasEdge |= instance.model(e).layerCount() > 1;
            }
            if (hasEdge) {
                assertThat(ev.feasible()).isFalse();
                assertThat(ev.violations()).anySatisfy(v -> assertThat(v).startsWith("deadlock"));
                deadlocks++;
            }
        }
        assertThat(deadlocks).isPositive();
    }
}
