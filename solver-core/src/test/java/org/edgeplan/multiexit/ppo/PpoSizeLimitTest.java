package org.edgeplan.multiexit.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.rl.ActionDistribution;
import org.edgeplan.rl.ActorCritic;
import org.edgeplan.rl.PpoConfig;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 6: a PPO policy too large for the heap is refused with one line before its network is allocated
 * (the network's input and output widths grow with the devices, so its weights grow with devices × hidden units).
 */
class PpoSizeLimitTest {
    @Test
    void theEstimateCountsWeightsOptimiserStateAndTheBatch() {
        PpoConfig config = PpoSolver.inProcessConfig();
        ActionDistribution d = new ActionDistribution(2, 4, 0);
        // Actor 11 -> 32 -> 32 -> 8, critic 11 -> 32 -> 32 -> 1.
        long actor = 11 * 32 + 32 + 32 * 32 + 32 + 32 * 8 + 8;
        long critic = 11 * 32 + 32 + 32 * 32 + 32 + 32 + 1;
        assertThat(ActorCritic.parameterCount(11, d, config)).isEqualTo(actor + critic);
        assertThat(ActorCritic.trainingBytes(11, d, config))
                .isEqualTo(32 * (actor + critic) + config.batchEpisodes() * (8 * 11 + 4 * 2));
        // What the trainer really allocates is no more than counted (the estimate is a lower bound of the need).
        ActorCritic agent = ActorCritic.initial(11, d, config, new SplittableRandom(1));
        assertThat(agent.actor().parameterCount() + agent.critic().parameterCount()).isEqualTo((int) (actor + critic));
    }

    @Test
    void aPolicyForAMillionDevicesIsRefusedBeforeItsNetworkIsMade() {
        PolicyFamily family = new PolicyFamily("vgg16-224", 13, List.of(13), Collections.nCopies(1_000_000, "d"),
                List.of("huge"));
        assertThatThrownBy(() -> PpoPolicy.initial(PpoVariant.SPLITS, family, PpoSolver.inProcessConfig(),
                new SplittableRandom(0), 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("ppo: a policy for 1000000 devices and 14 splits has ")
                .hasMessageContaining(" weights (trained with gradients and Adam's moments) and a batch of 128"
                        + " observations of 17000003 features, about ")
                .hasMessageEndingWith("(set EDGEPLAN_JAVA_OPTS=-Xmx<size> to give it more)");
    }
}
