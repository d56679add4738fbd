package org.edgeplan.multiexit.ppo;

import java.util.Objects;
import java.util.SplittableRandom;

import org.edgeplan.core.MemoryBudget;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.rl.ActionDistribution;
import org.edgeplan.rl.ActorCritic;
import org.edgeplan.rl.PpoConfig;

/**
 * A PPO policy for problem A: the learned {@link ActorCritic}, the family of instances it reads, the variant and its
 * provenance. Its action is a split point per device (one categorical head per device over 0..N) and, for
 * {@link PpoVariant#SPLITS_AND_SHARES}, a share logit per device (one Gaussian each). Used greedily ({@link #plan}):
 * the most likely split per device and the mean share logits. Mutable while training (the trainer updates the agent
 * in place); {@link #copy()} gives an independent snapshot.
 */
public final class PpoPolicy {
    private final PpoVariant variant;
    private final PolicyFamily family;
    private final ActorCritic agent;
    private final long seed;
    private TrainingInfo training;

    /** A policy from its parts (the file reader and the trainer); the agent must fit the family and variant. */
    public PpoPolicy(PpoVariant variant, PolicyFamily family, ActorCritic agent, long seed, TrainingInfo training) {
        this.variant = Objects.requireNonNull(variant, "variant");
        this.family = Objects.requireNonNull(family, "family");
        this.agent = Objects.requireNonNull(agent, "agent");
        this.seed = seed;
        this.training = training;
        int features = SplitFeatures.count(family.deviceCount(), family.layerCount());
        if (agent.observationSize() != features) {
            throw new IllegalArgumentException("networks and statistics must take " + features + " features, got "
                    + agent.observationSize());
        }
        ActionDistribution expected = distribution(variant, family);
        ActionDistribution dist = agent.distribution();
        if (dist.heads() != expected.heads() || dist.options() != expected.options()
                || dist.gaussians() != expected.gaussians()) {
            throw new IllegalArgumentException("the action must be " + expected.heads() + " heads of "
                    + expected.options() + " splits and " + expected.gaussians() + " share logits, got "
                    + dist.heads() + ", " + dist.options() + " and " + dist.gaussians());
        }
    }

    /** The action distribution of {@code variant} for {@code family}: M heads over 0..N, M share logits or none. */
    public static ActionDistribution distribution(PpoVariant variant, PolicyFamily family) {
        int m = family.deviceCount();
        return new ActionDistribution(m, family.layerCount() + 1, variant.learnsShares() ? m : 0);
    }

    /** A freshly initialised policy; draws the initial weights from {@code random}. */
    public static PpoPolicy initial(PpoVariant variant, PolicyFamily family, PpoConfig config, SplittableRandom random,
                                    long seed) {
        int m = family.deviceCount();
        long observation = 3 + (long) m * (4 + family.layerCount()); // SplitFeatures.count, without overflow
        ActionDistribution distribution = distribution(variant, family);
        MemoryBudget.require(variant.label() + ": a policy for " + m + " devices and " + (family.layerCount() + 1)
                + " splits has " + ActorCritic.parameterCount(observation, distribution, config) + " weights (trained"
                + " with gradients and Adam's moments) and a batch of " + config.batchEpisodes() + " observations of "
                + observation + " features", ActorCritic.trainingBytes(observation, distribution, config));
        int features = SplitFeatures.count(m, family.layerCount());
        return new PpoPolicy(variant, family, ActorCritic.initial(features, distribution, config,
                random), seed, null);
    }

    /** An independent deep copy. */
    public PpoPolicy copy() {
        return new PpoPolicy(variant, family, agent.copy(), seed, training);
    }

    public PpoVariant variant() {
        return variant;
    }

    public PolicyFamily family() {
        return family;
    }

    /** The networks, log σ and statistics (live: training changes them). */
    public ActorCritic agent() {
        return agent;
    }

    public long seed() {
        return seed;
    }

    /** How it was trained, or null before training ended. */
    public TrainingInfo training() {
        return training;
    }

    void setTraining(TrainingInfo info) {
        this.training = info;
    }

    /** Every weight and statistic as one array, for bitwise comparisons of policies. */
    public double[] allParameters() {
        return agent.allParameters();
    }

    /** The greedy decision for an instance of the family. */
    public Decision decide(MultiExitInstance instance) {
        String note = family.check(instance, "'" + variant.label() + "'");
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        int m = family.deviceCount();
        int[] splits = new int[m];
        double[] u = new double[agent.distribution().gaussians()];
        agent.act(SplitFeatures.encode(model), SplitFeatures.feasibleSplits(model), splits, u);
        return new Decision(variant.plan(model, splits, u), note);
    }

    /**
     * A greedy decision.
     *
     * @param plan the plan
     * @param note why the instance looks unlike the training family, or empty
     */
    public record Decision(MultiExitPlan plan, String note) {
    }

    /** The greedy plan for an instance of the family. */
    public MultiExitPlan plan(MultiExitInstance instance) {
        return decide(instance).plan();
    }
}
