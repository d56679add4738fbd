package org.edgeplan.multiexit.ppo;

import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;

/**
 * Trains problem A's {@link PpoPolicy}: the problem-independent {@link PpoTrainer} on the {@link SplitEnvironment}
 * (one-step episodes), with the policy's provenance ({@link TrainingInfo}) recorded at the end. All randomness (initial
 * weights, contexts, actions, minibatch order) comes from one {@link SplittableRandom}, so the same seed and budget
 * give bitwise the same policy.
 */
public final class SplitTrainer {
    private SplitTrainer() {
    }

    /** Told after every update; must not change the policy. */
    public interface Listener {
        Listener NONE = (progress, policy) -> { };

        void afterUpdate(Progress progress, PpoPolicy policy);
    }

    /**
     * What one update saw and did.
     *
     * @param update         the trainer's report (episodes so far, entropy, learning rate, seconds, …)
     * @param contextIds     the batch's context ids
     * @param costs          the evaluator's cost of each sampled action in the batch
     * @param referenceCosts the batch's device-only costs
     */
    public record Progress(PpoTrainer.Progress update, int[] contextIds, double[] costs, double[] referenceCosts) {
        /** Mean of cost / device-only cost over the batch. */
        public double meanRelativeCost() {
            double s = 0;
            for (int k = 0; k < costs.length; k++) {
                s += costs[k] / referenceCosts[k];
            }
            return s / costs.length;
        }
    }

    /**
     * The outcome of training.
     *
     * @param policy the trained policy (with its {@link TrainingInfo})
     * @param run    episodes, updates, whether the deadline stopped it, wall and CPU time
     */
    public record Result(PpoPolicy policy, PpoTrainer.Result run) {
    }

    /**
     * Trains a fresh policy of {@code variant} for {@code family}, every random number from {@code new
     * SplittableRandom(seed)} (the initial weights first).
     *
     * @param episodes       the episode budget
     * @param deadline       when training stops ({@link Deadline#none()}: only at the episode budget)
     * @param bandwidthsMbps recorded in the policy's provenance; {@code sampling} likewise
     */
    public static Result train(PpoVariant variant, PolicyFamily family, TrainingContext.Sampler sampler,
                               PpoConfig config, long seed, long episodes, Deadline deadline, Listener listener,
                               List<Double> bandwidthsMbps, String sampling) {
        SplittableRandom random = new SplittableRandom(seed);
        PpoPolicy policy = PpoPolicy.initial(variant, family, config, random, seed);
        return train(policy, sampler, config, random, episodes, deadline, listener, bandwidthsMbps, sampling);
    }

    /** Trains {@code policy} in place, drawing every random number from {@code random}. */
    public static Result train(PpoPolicy policy, TrainingContext.Sampler sampler, PpoConfig config,
                               SplittableRandom random, long episodes, Deadline deadline, Listener listener,
                               List<Double> bandwidthsMbps, String sampling) {
        SplitEnvironment environment = new SplitEnvironment(sampler, policy.variant());
        PpoTrainer.Result run = PpoTrainer.train(policy.agent(), environment, config, random, episodes, deadline,
                update -> {
                    SplitEnvironment.Episodes batch = environment.takeEpisodes();
                    listener.afterUpdate(new Progress(update, batch.contextIds(), batch.costs(),
                            batch.referenceCosts()), policy);
                });
        policy.setTraining(new TrainingInfo(run.episodes(), run.updates(), bandwidthsMbps, sampling, run.wallSeconds(),
                run.cpuSeconds(), run.stoppedByDeadline(), config));
        return new Result(policy, run);
    }
}
