package org.edgeplan.multiexit.ppo;

import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;
import org.edgeplan.rl.SetPpoTrainer;
import org.edgeplan.rl.TrainingInfo;

/**
 * Trains a {@link GeneralPolicy} with {@link SetPpoTrainer} on the {@link GeneralEnvironment}. Every random number
 * (initial weights, scenarios, actions, minibatch order) comes from {@code new SplittableRandom(seed)}, so the same
 * seed, scenarios and budget give bitwise the same policy.
 */
public final class GeneralTrainer {
    private GeneralTrainer() {
    }

    /** Told after every update with the mean cost / device-only cost of the batch's sampled plans. */
    public interface Listener {
        Listener NONE = (progress, meanRelativeCost, policy) -> { };

        void afterUpdate(PpoTrainer.Progress progress, double meanRelativeCost, GeneralPolicy policy);
    }

    /** The trained policy and the trainer's report. */
    public record Result(GeneralPolicy policy, PpoTrainer.Result run) {
    }

    /** The default hyper-parameters of {@code ppo-general}: 2 × 64 units, step 1e-3 annealed, 64 episodes per update. */
    public static PpoConfig defaults() {
        return PpoConfig.defaults().withBatch(64, 16, 4).withEntropyCoefficient(0.01);
    }

    /**
     * Trains a fresh policy for the network of {@code example} on {@code sampler}'s instances.
     *
     * @param scenarios the scenarios in words, recorded in the policy
     */
    public static Result train(MultiExitInstance example, GeneralScenarios.Sampler sampler, String scenarios,
                               PpoConfig config, long seed, long episodes, Deadline deadline, Listener listener) {
        SplittableRandom random = new SplittableRandom(seed);
        GeneralPolicy policy = GeneralPolicy.initial(example, config, random, seed);
        GeneralEnvironment environment = new GeneralEnvironment(sampler);
        PpoTrainer.Result run = SetPpoTrainer.train(policy.agent(), environment, config, random, episodes, deadline,
                p -> listener.afterUpdate(p, environment.takeMeanRelativeCost(), policy));
        policy.setTraining(new TrainingInfo(scenarios, run.episodes(), run.updates(), run.wallSeconds(),
                run.cpuSeconds(), run.stoppedByDeadline(), config));
        return new Result(policy, run);
    }
}
