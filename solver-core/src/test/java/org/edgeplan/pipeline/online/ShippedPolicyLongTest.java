package org.edgeplan.pipeline.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.testing.LongTest;

/**
 * Opt-in ({@code -Dedgeplan.longTests=true}, about 5.5 minutes of training): the policy shipped for {@code ppo-vgg5} is
 * bitwise what its documented command trains (the same pool, in {@code train-ppo}'s order, seed 0, 64 imitation and
 * 2 048 PPO episodes).
 */
class ShippedPolicyLongTest {
    @Test
    @LongTest
    void theShippedPolicyIsWhatItsCommandTrains() {
        List<PipelineInstance> pool = new ArrayList<>();
        for (int e = 2; e <= 8; e++) {
            for (int s = 1; s <= 4; s++) {
                for (int r : new int[] {6, 12, 24}) {
                    pool.add(ScaledPipelines.of("vgg5", e, s, r, PlacementMode.DYNAMIC,
                            PipelineObjective.TOTAL_LATENCY));
                }
            }
        }
        OnlinePolicy trained = OnlineTrainer.train(pool, "family", OnlineTrainer.defaults(), 0, 64, 2048,
                Deadline.none(), OnlineTrainer.Listener.NONE).policy();
        OnlinePolicy shipped = PipelinePpoVgg5Solver.policy();
        assertThat(shipped.training().episodes()).isEqualTo(2048);
        assertThat(shipped.seed()).isZero();
        assertThat(trained.agent().allParameters()).isEqualTo(shipped.agent().allParameters());
    }
}
