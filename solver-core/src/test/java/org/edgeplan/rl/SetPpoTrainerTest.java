package org.edgeplan.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;

/**
 * The set trainer alone on a toy problem: 1-6 entities, each with a sign feature; an entity's best option is 1 where
 * its sign is positive and 0 elsewhere. Reward: the share of entities that chose right. Learned with counterfactual
 * rewards and without (then the advantage is the reward minus the critic's value), and applied to 10 entities.
 */
class SetPpoTrainerTest {
    /** Entities with feature ±1; reward = share of entities whose option equals (feature > 0 ? 1 : 0). */
    static final class SignEnvironment implements SetEnvironment {
        private final boolean counterfactuals;
        private double[][] x;
        private int[] last;

        SignEnvironment(boolean counterfactuals) {
            this.counterfactuals = counterfactuals;
        }

        @Override
        public void reset(SplittableRandom random) {
            int m = 1 + random.nextInt(6);
            x = new double[m][1];
            for (double[] row : x) {
                row[0] = random.nextBoolean() ? 1.0 : -1.0;
            }
        }

        @Override
        public double[][] entityFeatures() {
            return x;
        }

        @Override
        public double[] globalFeatures() {
            return new double[0];
        }

        private double reward(int[] choices) {
            double right = 0;
            for (int i = 0; i < choices.length; i++) {
                right += choices[i] == (x[i][0] > 0 ? 1 : 0) ? 1 : 0;
            }
            return right / choices.length;
        }

        @Override
        public double step(int[] choices) {
            last = choices.clone();
            return reward(choices);
        }

        @Override
        public double[][] counterfactualRewards() {
            if (!counterfactuals) {
                return null;
            }
            double[][] cf = new double[last.length][2];
            for (int i = 0; i < last.length; i++) {
                for (int o = 0; o < 2; o++) {
                    int[] c = last.clone();
                    c[i] = o;
                    cf[i][o] = reward(c);
                }
            }
            return cf;
        }
    }

    private static SetActorCritic train(boolean counterfactuals, long seed) {
        PpoConfig config = PpoConfig.defaults().withHiddenSizes(List.of(8, 8)).withLearningRate(3e-3)
                .withBatch(32, 8, 4);
        SplittableRandom random = new SplittableRandom(seed);
        SetActorCritic agent = SetActorCritic.initial(1, 0, 2, config, random);
        SetPpoTrainer.train(agent, new SignEnvironment(counterfactuals), config, random, 1536, Deadline.none(),
                PpoTrainer.Listener.NONE);
        return agent;
    }

    @Test
    void learnsTheBestOptionOfEveryEntityWithAndWithoutCounterfactuals() {
        for (boolean cf : new boolean[] {true, false}) {
            SetActorCritic agent = train(cf, 1);
            double[][] mixed = {{1}, {-1}, {-1}, {1}, {1}, {-1}, {1}, {-1}, {-1}, {1}}; // 10 entities: never trained
            assertThat(agent.act(mixed, new double[0], null)).as("counterfactuals %s", cf)
                    .containsExactly(1, 0, 0, 1, 1, 0, 1, 0, 0, 1);
        }
    }

    @Test
    void sameSeedSameAgentBitwise() {
        assertThat(Arrays.equals(train(false, 3).allParameters(), train(false, 3).allParameters())).isTrue();
        assertThat(Arrays.equals(train(true, 3).allParameters(), train(true, 4).allParameters())).isFalse();
    }
}
