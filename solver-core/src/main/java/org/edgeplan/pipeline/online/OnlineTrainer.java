package org.edgeplan.pipeline.online;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

import org.edgeplan.core.Deadline;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.rl.PointerPpoTrainer;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;
import org.edgeplan.rl.TrainingInfo;

/**
 * Trains an {@link OnlinePolicy} with {@link PointerPpoTrainer} on the {@link OnlineCandidateEnvironment} of a pool of
 * instances. Every random number (initial weights, instances, actions, minibatch order) comes from
 * {@code new SplittableRandom(seed)}, so the same seed, pool and budget give bitwise the same policy.
 */
public final class OnlineTrainer {
    private OnlineTrainer() {
    }

    /** Episodes of behaviour cloning of the greedy placement before PPO, by default. */
    public static final int DEFAULT_IMITATION_EPISODES = 64;
    /**
     * Gradient samples of imitation: {@code passes × decisions} is about this many ({@link #imitationPasses}). 50
     * passes over 64 episodes of the scaled vgg5 family (2 324 decisions) made the policy play as the greedy placement
     * does (e8: 0.611883 against 0.612307; 8 passes did not: 1.65).
     */
    public static final int IMITATION_SAMPLES = 120_000;

    /** Passes over {@code decisions} imitation decisions: about {@value #IMITATION_SAMPLES} samples, 4 to 2 000. */
    public static int imitationPasses(int decisions) {
        return Math.max(4, Math.min(2000, IMITATION_SAMPLES / Math.max(1, decisions)));
    }

    /** Told after every PPO update with the policy as it is; must not change it. */
    public interface Listener {
        Listener NONE = (progress, policy) -> { };

        void afterUpdate(PpoTrainer.Progress progress, OnlinePolicy policy);
    }

    /** The trained policy and the trainer's report. */
    public record Result(OnlinePolicy policy, PpoTrainer.Result run) {
    }

    /**
     * The default hyper-parameters: encoder 2 × 64 tanh units (2 × 32: e8 0.598411 against 0.597126, e2-s1-r4 +2.70 %
     * against +1.35 %, after 2 048 episodes on the family), Adam 3e-4 annealed, 16 episodes per update, 4 epochs
     * of minibatches of 64 decisions (stopped early at {@link PointerPpoTrainer#TARGET_KL}), ε = 0.2, entropy
     * coefficient 0.001, γ = 0.9, λ = 0.9, rewards scaled. Measured on {@code scaled-vgg5-e8-s2-r18} from the imitated
     * greedy policy (docs/pipeline-online.md): γ = 1 (the undiscounted return, which is the objective) let the
     * policy drift to 0.73-0.76 in 512 episodes, whether with λ = 0.95 or 1: the return of one placement is the sum of
     * 100-odd later rewards, mostly noise from the other placements; γ = 0.9 looks about ten requests ahead and kept
     * the policy at or below the greedy one. A step of 1e-3 or an entropy bonus of 0.01 also moved it away from the
     * greedy policy.
     */
    public static PpoConfig defaults() {
        return PpoConfig.defaults().withHiddenSizes(List.of(64, 64)).withBatch(16, 64, 4).withLearningRate(3e-4)
                .withEntropyCoefficient(0.001).withGae(0.9, 0.9);
    }

    /**
     * Trains a fresh policy on {@code pool} (each episode one instance of it, drawn uniformly), after
     * {@value #DEFAULT_IMITATION_EPISODES} episodes of imitation of the greedy placement.
     *
     * @param scenarios the pool in words, recorded in the policy
     */
    public static Result train(List<PipelineInstance> pool, String scenarios, PpoConfig config, long seed,
                               long episodes, Deadline deadline, Listener listener) {
        return train(pool, scenarios, config, seed, DEFAULT_IMITATION_EPISODES, episodes, deadline, listener);
    }

    /**
     * Trains a fresh policy on {@code pool}: first {@code imitationEpisodes} episodes of behaviour cloning of the
     * greedy placement ({@link PointerPpoTrainer#imitate}, about {@value #IMITATION_SAMPLES} gradient samples; 0 for
     * none), then PPO
     * for {@code episodes} episodes.
     */
    public static Result train(List<PipelineInstance> pool, String scenarios, PpoConfig config, long seed,
                               int imitationEpisodes, long episodes, Deadline deadline,
                               Listener listener) {
        return train(pool, scenarios, config, seed, imitationEpisodes, OnlineTrainer::imitationPasses, episodes,
                deadline, listener);
    }

    /** {@link #train} with the imitation's passes over its decisions given as a function of their number. */
    public static Result train(List<PipelineInstance> pool, String scenarios, PpoConfig config, long seed,
                               int imitationEpisodes, IntUnaryOperator passes, long episodes, Deadline deadline,
                               Listener listener) {
        SplittableRandom random = new SplittableRandom(seed);
        OnlinePolicy policy = OnlinePolicy.initial(config, random, seed);
        OnlineCandidateEnvironment environment = new OnlineCandidateEnvironment(pool);
        if (imitationEpisodes > 0) {
            PointerPpoTrainer.imitate(policy.agent(), environment, (rows, global) -> OnlineFeatures.greedyChoice(rows),
                    config, random, imitationEpisodes, passes, deadline);
        }
        PpoTrainer.Result run = PointerPpoTrainer.train(policy.agent(), environment, config, random, episodes,
                deadline, p -> listener.afterUpdate(p, policy));
        policy.setTraining(new TrainingInfo(scenarios, run.episodes(), run.updates(), run.wallSeconds(),
                run.cpuSeconds(), run.stoppedByDeadline(), config));
        return new Result(policy, run);
    }
}
