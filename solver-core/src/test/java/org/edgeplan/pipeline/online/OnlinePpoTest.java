package org.edgeplan.pipeline.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.rl.ActionDistribution;
import org.edgeplan.rl.ActorCritic;
import org.edgeplan.rl.Environment;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.TinyPipelines;

/**
 * The online environment drives the problem-independent PPO core: a short training (2 048 episodes) on tiny instances
 * where the greedy policy is myopic ends with a policy better than greedy and than acting at random, at or near the
 * enumerated optimum. Measured (seed 11): 16 / 35 / 49 against greedy 24 / 48 / 62, random 20.1 / 46.4 / 67.3 and
 * the optimum over every placement and order 15 / 35 / 49. Not the agent of issue 17 (no families, no solver yet): a
 * check that environment, rewards and trainer fit.
 */
class OnlinePpoTest {

    private static double play(OnlinePlacementEnvironment env, ActorCritic agent) {
        env.reset(new SplittableRandom(0));
        int[] choice = new int[1];
        boolean done = false;
        while (!done) {
            agent.act(env.observation(), env.actionMask(), choice, new double[0]);
            done = env.step(choice, new double[0]).done();
        }
        return PipelineEvaluator.evaluate(env.process().instance(), env.process().plan()).objective();
    }

    private static double randomMean(PipelineInstance inst, int episodes) {
        SplittableRandom rnd = new SplittableRandom(5);
        double sum = 0;
        for (int t = 0; t < episodes; t++) {
            sum -= OnlinePlacementTest.randomEpisode(new OnlinePlacement(inst), rnd);
        }
        return sum / episodes;
    }

    @Test
    void aShortTrainingBeatsTheGreedyPolicyWhereItIsMyopic() {
        // Tiny instances where the greedy policy is 30-60 % above the optimum over every placement and order.
        for (long seed : new long[] {4039, 4020, 4062}) {
            PipelineInstance inst = TinyPipelines.random(seed, 9, TinyPipelines.Features.PLAIN);
            OnlinePlacementEnvironment env = new OnlinePlacementEnvironment(inst);
            PpoConfig config = PpoConfig.defaults().withHiddenSizes(java.util.List.of(32, 32)).withLearningRate(3e-3)
                    .withBatch(64, 32, 4);
            SplittableRandom random = new SplittableRandom(11);
            ActorCritic agent = ActorCritic.initial(env.observationSize(),
                    new ActionDistribution(1, env.actionCount(), 0), config, random);
            PpoTrainer.train(agent, env, config, random, 2_048, Deadline.none(), PpoTrainer.Listener.NONE);
            double trained = play(env, agent);
            double optimum = ExhaustiveOracle.solve(inst).objective();
            double random0 = randomMean(inst, 200);
            double greedy = new OnlineGreedySolver().solve(inst, SolverSettings.defaults()).solverObjective();
            System.out.printf("online PPO on %s: trained %.6g, greedy %.6g, random mean %.6g, optimum %.6g%n",
                    inst.name(), trained, greedy, random0, optimum);
            assertThat(trained).isGreaterThanOrEqualTo(optimum * (1 - 1e-9));
            assertThat(trained).as(inst.name()).isLessThan(greedy).isLessThan(random0);
        }
    }
}
