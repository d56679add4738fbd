package org.edgeplan.pipeline.online;

import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.rl.PointerPpoTrainer;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.SetActorCritic;
import org.edgeplan.rl.TrainingInfo;

/**
 * The PPO placement policy of problem B (solver {@code ppo}): a pointer policy over the open candidates of each
 * request ({@link OnlineFeatures}), the set core {@link SetActorCritic} with one score per candidate, so one policy
 * serves instances of any number of endpoints, nodes and requests. Played greedily: each request, on arrival, takes
 * the candidate with the highest score.
 */
public final class OnlinePolicy {
    private final SetActorCritic agent;
    private final long seed;
    private TrainingInfo training;

    public OnlinePolicy(SetActorCritic agent, long seed, TrainingInfo training) {
        if (agent.entityFeatures() != OnlineFeatures.OPTION_NAMES.size()
                || agent.globalFeatures() != OnlineFeatures.GLOBAL_NAMES.size() || agent.options() != 1) {
            throw new IllegalArgumentException("a problem-B policy scores each candidate from "
                    + OnlineFeatures.OPTION_NAMES.size() + " features and " + OnlineFeatures.GLOBAL_NAMES.size()
                    + " global ones, got " + agent.entityFeatures() + ", " + agent.globalFeatures() + " and "
                    + agent.options() + " outputs");
        }
        this.agent = agent;
        this.seed = seed;
        this.training = training;
    }

    /** A fresh policy, weights drawn from {@code random}. */
    public static OnlinePolicy initial(PpoConfig config, SplittableRandom random, long seed) {
        return new OnlinePolicy(SetActorCritic.initial(OnlineFeatures.OPTION_NAMES.size(),
                OnlineFeatures.GLOBAL_NAMES.size(), 1, config, random), seed, null);
    }

    public SetActorCritic agent() {
        return agent;
    }

    public long seed() {
        return seed;
    }

    /** How it was trained, or null. */
    public TrainingInfo training() {
        return training;
    }

    void setTraining(TrainingInfo info) {
        this.training = info;
    }

    /**
     * Plays the policy greedily on {@code instance}: every request in release order takes the open candidate with the
     * highest score (the lowest candidate index on ties); a request with one open candidate takes it. Returns the
     * finished process (its plan and per-request counts).
     *
     * @throws IllegalStateException when no candidate of some request is feasible after those before it
     */
    public OnlinePlacement play(PipelineInstance instance) {
        return play(instance, null);
    }

    /**
     * Plays the policy on {@code instance}: greedily when {@code random} is null, else every choice drawn from the
     * policy's distribution over the open candidates (the statistics frozen), all draws from {@code random}.
     *
     * @throws IllegalStateException when no candidate of some request is feasible after those before it
     */
    public OnlinePlacement play(PipelineInstance instance, SplittableRandom random) {
        return play(instance, random, Deadline.none());
    }

    /**
     * {@link #play(PipelineInstance, SplittableRandom)} that gives up when {@code deadline} expires before a request
     * is placed: then it returns null.
     */
    public OnlinePlacement play(PipelineInstance instance, SplittableRandom random, Deadline deadline) {
        OnlinePlacement online = new OnlinePlacement(instance);
        double load = OnlineFeatures.offeredLoad(instance);
        while (!online.done()) {
            if (deadline.expired()) {
                return null;
            }
            OnlineFeatures f = OnlineFeatures.of(online, online.mask(), load);
            int pick = f.open().length == 1 ? 0 : random == null
                    ? PointerPpoTrainer.greedy(agent, f.rows(), f.global())
                    : PointerPpoTrainer.sample(agent, f.rows(), f.global(), random);
            online.place(f.open()[pick]);
        }
        return online;
    }
}
