package org.edgeplan.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;

/**
 * The pointer trainer on a toy problem whose best policy is known: each episode has three decisions among 2-6
 * options, each option a row {@code (x, noise)}, and taking option i pays {@code x_i}. The best policy takes the
 * largest x; a uniform one gets the mean.
 */
class PointerPpoTrainerTest {

    /** Three decisions per episode; options and their x drawn from the episode's generator. */
    static final class Toy implements PointerEnvironment {
        private SplittableRandom random;
        private double[][] rows;
        private int step;

        @Override
        public void reset(SplittableRandom r) {
            random = r;
            step = 0;
            draw();
        }

        private void draw() {
            int m = 2 + random.nextInt(5);
            rows = new double[m][];
            for (int i = 0; i < m; i++) {
                rows[i] = new double[] {random.nextDouble(), random.nextDouble()};
            }
        }

        @Override
        public double[][] optionFeatures() {
            return rows;
        }

        @Override
        public double[] globalFeatures() {
            return new double[] {step / 3.0};
        }

        @Override
        public Environment.Step step(int option) {
            double reward = rows[option][0];
            step++;
            if (step < 3) {
                draw();
            }
            return new Environment.Step(reward, step == 3);
        }
    }

    private static SetActorCritic fresh(PpoConfig config, SplittableRandom random) {
        return SetActorCritic.initial(2, 1, 1, config, random);
    }

    private static PpoConfig config() {
        return PpoConfig.defaults().withHiddenSizes(List.of(16, 16)).withBatch(32, 64, 4).withLearningRate(3e-3)
                .withEntropyCoefficient(0.001);
    }

    /** Share of 500 fresh decisions on which the agent takes the option with the largest x. */
    private static double accuracy(SetActorCritic agent) {
        SplittableRandom r = new SplittableRandom(99);
        Toy toy = new Toy();
        int right = 0;
        for (int t = 0; t < 500; t++) {
            toy.reset(r);
            double[][] rows = toy.optionFeatures();
            int best = 0;
            for (int i = 1; i < rows.length; i++) {
                if (rows[i][0] > rows[best][0]) {
                    best = i;
                }
            }
            if (PointerPpoTrainer.greedy(agent, rows, toy.globalFeatures()) == best) {
                right++;
            }
        }
        return right / 500.0;
    }

    @Test
    void ppoLearnsToPointAtTheBestOption() {
        SplittableRandom random = new SplittableRandom(1);
        SetActorCritic agent = fresh(config(), random);
        double before = accuracy(agent);
        PpoTrainer.Result run = PointerPpoTrainer.train(agent, new Toy(), config(), random, 2048, Deadline.none(),
                PpoTrainer.Listener.NONE);
        assertThat(run.episodes()).isEqualTo(2048);
        assertThat(before).isLessThan(0.5);
        assertThat(accuracy(agent)).isGreaterThan(0.9);
    }

    @Test
    void imitationCopiesTheTeacher() {
        SplittableRandom random = new SplittableRandom(2);
        SetActorCritic agent = fresh(config(), random);
        int decisions = PointerPpoTrainer.imitate(agent, new Toy(), (rows, global) -> {
            int best = 0;
            for (int i = 1; i < rows.length; i++) {
                if (rows[i][0] > rows[best][0]) {
                    best = i;
                }
            }
            return best;
        }, config(), random, 64, 30, Deadline.none());
        assertThat(decisions).isEqualTo(64 * 3);
        assertThat(accuracy(agent)).isGreaterThan(0.9);
    }

    @Test
    void theSameSeedGivesBitwiseTheSameAgent() {
        double[][] parameters = new double[2][];
        for (int k = 0; k < 2; k++) {
            SplittableRandom random = new SplittableRandom(7);
            SetActorCritic agent = fresh(config(), random);
            PointerPpoTrainer.imitate(agent, new Toy(), (rows, global) -> 0, config(), random, 8, 2, Deadline.none());
            PointerPpoTrainer.train(agent, new Toy(), config(), random, 128, Deadline.none(),
                    PpoTrainer.Listener.NONE);
            parameters[k] = agent.allParameters();
        }
        assertThat(parameters[1]).isEqualTo(parameters[0]);
        SplittableRandom other = new SplittableRandom(8);
        SetActorCritic agent = fresh(config(), other);
        PointerPpoTrainer.train(agent, new Toy(), config(), other, 128, Deadline.none(), PpoTrainer.Listener.NONE);
        assertThat(agent.allParameters()).isNotEqualTo(parameters[0]);
    }

    @Test
    void anAgentWithSeveralOutputsPerEntityIsRefused() {
        SetActorCritic agent = SetActorCritic.initial(2, 1, 3, config(), new SplittableRandom(0));
        assertThatThrownBy(() -> PointerPpoTrainer.train(agent, new Toy(), config(), new SplittableRandom(0), 1,
                Deadline.none(), PpoTrainer.Listener.NONE)).hasMessageContaining("one output per entity");
    }
}
