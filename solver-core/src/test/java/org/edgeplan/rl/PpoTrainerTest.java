package org.edgeplan.rl;

import org.edgeplan.core.Deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The problem-independent PPO core on toy environments whose optimal actions are known: a contextual bandit, a
 * Gaussian bandit, a chain where only looking ahead (GAE over several steps) finds the optimum, and a bandit whose best
 * option is sometimes forbidden by the mask. Small seeded budgets; every run is deterministic.
 */
class PpoTrainerTest {
    /** One hidden layer of 16, 32 episodes per update in minibatches of 16, 4 epochs, step 1e-2, no annealing. */
    private static PpoConfig small() {
        return new PpoConfig(List.of(16), Activation.TANH, 1e-2, false, 32, 16, 4, 0.2, 0.01, 0.5, 1.0, 0.95, 5.0,
                true, Math.log(0.5));
    }

    private static ActorCritic train(Environment env, int features, ActionDistribution dist, PpoConfig config,
                                     long seed, long episodes, List<PpoTrainer.Progress> log) {
        SplittableRandom random = new SplittableRandom(seed);
        ActorCritic agent = ActorCritic.initial(features, dist, config, random);
        PpoTrainer.Result r = PpoTrainer.train(agent, env, config, random, episodes, Deadline.none(), log::add);
        assertThat(r.episodes()).isEqualTo(episodes);
        assertThat(r.stoppedByDeadline()).isFalse();
        return agent;
    }

    private static int greedy(ActorCritic agent, double[] observation, boolean[] mask) {
        int[] choice = new int[1];
        agent.act(observation, mask, choice, new double[0]);
        return choice[0];
    }

    /** Two contexts; context 0 pays most for option 1, context 1 for option 3. One step per episode. */
    private static final class ContextBandit implements Environment {
        private static final double[][] REWARD = {{0.1, 1.0, 0.2, 0.0}, {0.3, 0.0, 0.1, 1.0}};
        private int context;

        @Override
        public void reset(SplittableRandom random) {
            context = random.nextInt(2);
        }

        @Override
        public double[] observation() {
            return new double[] {context, 1 - context};
        }

        @Override
        public Step step(int[] choices, double[] continuous) {
            return new Step(REWARD[context][choices[0]], true);
        }
    }

    @Test
    void aContextualBanditLearnsTheBestOptionOfEachContext() {
        List<PpoTrainer.Progress> log = new ArrayList<>();
        ActorCritic agent = train(new ContextBandit(), 2, new ActionDistribution(1, 4, 0), small(), 1, 2048, log);
        assertThat(greedy(agent, new double[] {0, 1}, null)).isEqualTo(1);
        assertThat(greedy(agent, new double[] {1, 0}, null)).isEqualTo(3);
        assertThat(log).hasSize(64);
        assertThat(log.get(0).steps()).isEqualTo(32);
        assertThat(log.get(log.size() - 1).meanReturn()).isGreaterThan(0.9);
    }

    @Test
    void aGaussianBanditMovesItsMeanToTheBestValue() {
        Environment env = new Environment() {
            @Override
            public void reset(SplittableRandom random) {
            }

            @Override
            public double[] observation() {
                return new double[] {1.0};
            }

            @Override
            public Step step(int[] choices, double[] continuous) {
                return new Step(-(continuous[0] - 0.7) * (continuous[0] - 0.7), true);
            }
        };
        ActorCritic agent = train(env, 1, new ActionDistribution(0, 1, 1), small(), 2, 4096, new ArrayList<>());
        double[] mean = new double[1];
        agent.act(new double[] {1.0}, null, new int[0], mean);
        assertThat(mean[0]).isCloseTo(0.7, within(0.1));
        assertThat(agent.logStd()[0]).as("log σ shrinks from its initial log 0.5").isLessThan(Math.log(0.5));
    }

    /**
     * Positions 0..3, observed one-hot. Option 0 stops with reward 0.1; option 1 moves on with reward 0, and from the
     * last position it ends the episode with reward 1. Moving on is optimal, but only the discounted future says so:
     * a myopic learner (γ = 0) stops at once.
     */
    private static class Chain implements Environment {
        static final int LENGTH = 4;
        private int position;

        @Override
        public void reset(SplittableRandom random) {
            position = 0;
        }

        @Override
        public double[] observation() {
            double[] x = new double[LENGTH];
            x[position] = 1;
            return x;
        }

        @Override
        public Step step(int[] choices, double[] continuous) {
            if (choices[0] == 0) {
                return new Step(0.1, true);
            }
            if (position == LENGTH - 1) {
                return new Step(1.0, true);
            }
            position++;
            return new Step(0.0, false);
        }

        static double[] at(int position) {
            double[] x = new double[LENGTH];
            x[position] = 1;
            return x;
        }
    }

    @Test
    void onAChainGaeOverSeveralStepsFindsTheDelayedReward() {
        List<PpoTrainer.Progress> log = new ArrayList<>();
        ActorCritic agent = train(new Chain(), Chain.LENGTH, new ActionDistribution(1, 2, 0),
                small().withEntropyCoefficient(0.05), 3, 8192, log);
        for (int p = 0; p < Chain.LENGTH; p++) {
            assertThat(greedy(agent, Chain.at(p), null)).as("position %d moves on", p).isEqualTo(1);
        }
        PpoTrainer.Progress last = log.get(log.size() - 1);
        assertThat(last.meanReturn()).isGreaterThan(0.9);
        assertThat(last.steps()).as("episodes of several steps").isGreaterThan(3 * 32);

        ActorCritic myopic = train(new Chain(), Chain.LENGTH, new ActionDistribution(1, 2, 0),
                small().withGae(0.0, 0.95), 3, 4096, new ArrayList<>());
        assertThat(greedy(myopic, Chain.at(0), null)).as("γ = 0 stops at once").isEqualTo(0);
    }

    @Test
    void theSameSeedGivesBitwiseTheSameAgentOverMultiStepEpisodes() {
        double[] a = train(new Chain(), Chain.LENGTH, new ActionDistribution(1, 2, 0), small(), 9, 256,
                new ArrayList<>()).allParameters();
        double[] b = train(new Chain(), Chain.LENGTH, new ActionDistribution(1, 2, 0), small(), 9, 256,
                new ArrayList<>()).allParameters();
        double[] c = train(new Chain(), Chain.LENGTH, new ActionDistribution(1, 2, 0), small(), 10, 256,
                new ArrayList<>()).allParameters();
        assertThat(Arrays.equals(a, b)).isTrue();
        assertThat(Arrays.equals(a, c)).isFalse();
    }

    /**
     * Option 0 pays 1, options 1-3 pay 0.2, 0.5 and 0.1; in the "restricted" context (observation 1) option 0 is
     * forbidden. Counts every forbidden action it is given.
     */
    private static final class MaskedBandit implements Environment {
        private static final double[] REWARD = {1.0, 0.2, 0.5, 0.1};
        private boolean restricted;
        private int forbiddenTaken;
        private int restrictedSteps;

        @Override
        public void reset(SplittableRandom random) {
            restricted = random.nextBoolean();
        }

        @Override
        public double[] observation() {
            return new double[] {restricted ? 1 : 0};
        }

        @Override
        public boolean[] actionMask() {
            return restricted ? new boolean[] {false, true, true, true} : null;
        }

        @Override
        public Step step(int[] choices, double[] continuous) {
            if (restricted) {
                restrictedSteps++;
                if (choices[0] == 0) {
                    forbiddenTaken++;
                }
            }
            return new Step(REWARD[choices[0]], true);
        }
    }

    @Test
    void aMaskedOptionIsNeverSampledAndTheBestAllowedOneIsLearned() {
        MaskedBandit env = new MaskedBandit();
        ActorCritic agent = train(env, 1, new ActionDistribution(1, 4, 0), small(), 4, 2048, new ArrayList<>());
        assertThat(env.restrictedSteps).isGreaterThan(900);
        assertThat(env.forbiddenTaken).isZero();
        assertThat(greedy(agent, new double[] {0}, null)).isEqualTo(0);
        assertThat(greedy(agent, new double[] {1}, new boolean[] {false, true, true, true})).isEqualTo(2);
    }

    @Test
    void anEnvironmentThatBreaksTheContractIsRefused() {
        Environment wrongWidth = new Chain() {
            @Override
            public double[] observation() {
                return new double[3];
            }
        };
        assertThatThrownBy(() -> train(wrongWidth, Chain.LENGTH, new ActionDistribution(1, 2, 0), small(), 1, 8,
                new ArrayList<>())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the environment gave 3 features, the agent takes 4");
        Environment noOption = new Chain() {
            @Override
            public boolean[] actionMask() {
                return new boolean[] {false, false};
            }
        };
        assertThatThrownBy(() -> train(noOption, Chain.LENGTH, new ActionDistribution(1, 2, 0), small(), 1, 8,
                new ArrayList<>())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the mask allows no option of head 0");
    }
}
