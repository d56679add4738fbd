package org.edgeplan.multiexit.ppo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.rl.Activation;
import org.edgeplan.rl.Mlp;
import org.edgeplan.rl.RunningMeanStd;

/**
 * A PPO policy for problem A: actor and critic networks, the observation and reward statistics they were trained
 * with, the family of instances it reads, and its provenance. Used greedily ({@link #plan}): the most likely split per
 * device and, for {@link PpoVariant#SPLITS_AND_SHARES}, the mean share logits. Mutable while training (the trainer
 * updates the parameters in place); {@link #copy()} gives an independent snapshot.
 */
public final class PpoPolicy {
    private final PpoVariant variant;
    private final PolicyFamily family;
    private final Mlp actor;
    private final Mlp critic;
    private final double[] logStd;
    private final RunningMeanStd observationStats;
    private final double observationClip;
    private final RunningMeanStd rewardStats;
    private final long seed;
    private TrainingInfo training;

    /** A policy from its parts (the file reader and the trainer). */
    public PpoPolicy(PpoVariant variant, PolicyFamily family, Mlp actor, Mlp critic, double[] logStd,
                     RunningMeanStd observationStats, double observationClip, RunningMeanStd rewardStats, long seed,
                     TrainingInfo training) {
        this.variant = Objects.requireNonNull(variant, "variant");
        this.family = Objects.requireNonNull(family, "family");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.critic = Objects.requireNonNull(critic, "critic");
        this.logStd = logStd.clone();
        this.observationStats = Objects.requireNonNull(observationStats, "observationStats");
        this.observationClip = observationClip;
        this.rewardStats = Objects.requireNonNull(rewardStats, "rewardStats");
        this.seed = seed;
        this.training = training;
        int m = family.deviceCount();
        int features = SplitFeatures.count(m, family.layerCount());
        ActionDistribution dist = distribution();
        if (actor.inputSize() != features || critic.inputSize() != features || observationStats.size() != features) {
            throw new IllegalArgumentException("networks and statistics must take " + features + " features, got actor "
                    + actor.inputSize() + ", critic " + critic.inputSize() + ", statistics " + observationStats.size());
        }
        if (actor.outputSize() != dist.outputSize() || critic.outputSize() != 1) {
            throw new IllegalArgumentException("actor must give " + dist.outputSize() + " outputs and critic 1, got "
                    + actor.outputSize() + " and " + critic.outputSize());
        }
        if (logStd.length != (variant.learnsShares() ? m : 0)) {
            throw new IllegalArgumentException("expected " + (variant.learnsShares() ? m : 0) + " log std values, got "
                    + logStd.length);
        }
    }

    /** A freshly initialised policy; draws the initial weights from {@code random}. */
    public static PpoPolicy initial(PpoVariant variant, PolicyFamily family, PpoConfig config, SplittableRandom random,
                                    long seed) {
        int m = family.deviceCount();
        int features = SplitFeatures.count(m, family.layerCount());
        ActionDistribution dist = new ActionDistribution(m, family.layerCount() + 1, variant.learnsShares());
        Mlp actor = new Mlp(sizes(features, config.hiddenSizes(), dist.outputSize()), config.activation(),
                Activation.IDENTITY);
        Mlp critic = new Mlp(sizes(features, config.hiddenSizes(), 1), config.activation(), Activation.IDENTITY);
        // A small last layer makes the first policy nearly uniform over the splits.
        actor.initialise(random, 0.01);
        critic.initialise(random, 1.0);
        double[] logStd = new double[variant.learnsShares() ? m : 0];
        Arrays.fill(logStd, config.initialLogStd());
        return new PpoPolicy(variant, family, actor, critic, logStd, new RunningMeanStd(features),
                config.observationClip(), new RunningMeanStd(1), seed, null);
    }

    private static int[] sizes(int in, List<Integer> hidden, int out) {
        int[] s = new int[hidden.size() + 2];
        s[0] = in;
        for (int k = 0; k < hidden.size(); k++) {
            s[k + 1] = hidden.get(k);
        }
        s[s.length - 1] = out;
        return s;
    }

    /** An independent deep copy. */
    public PpoPolicy copy() {
        return new PpoPolicy(variant, family, actor.copy(), critic.copy(), logStd, observationStats.copy(),
                observationClip, rewardStats.copy(), seed, training);
    }

    public PpoVariant variant() {
        return variant;
    }

    public PolicyFamily family() {
        return family;
    }

    public Mlp actor() {
        return actor;
    }

    public Mlp critic() {
        return critic;
    }

    /** The live log σ of the share logits (empty for {@link PpoVariant#SPLITS}). */
    public double[] logStd() {
        return logStd;
    }

    public RunningMeanStd observationStats() {
        return observationStats;
    }

    public double observationClip() {
        return observationClip;
    }

    public RunningMeanStd rewardStats() {
        return rewardStats;
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

    /** The action distribution over the actor's output. */
    public ActionDistribution distribution() {
        return new ActionDistribution(family.deviceCount(), family.layerCount() + 1, variant.learnsShares());
    }

    /** The normalised observation of an instance, with the frozen statistics. */
    public double[] observe(MultiExitCostModel model) {
        double[] raw = SplitFeatures.encode(model);
        double[] obs = new double[raw.length];
        observationStats.normalise(raw, obs, observationClip);
        return obs;
    }

    /** Every weight and statistic as one array, for bitwise comparisons of policies. */
    public double[] allParameters() {
        double[] a = actor.parameters();
        double[] c = critic.parameters();
        double[] om = observationStats.mean();
        double[] ov = observationStats.variance();
        double[] all = new double[a.length + c.length + logStd.length + om.length + ov.length + 2];
        int k = 0;
        System.arraycopy(a, 0, all, k, a.length);
        k += a.length;
        System.arraycopy(c, 0, all, k, c.length);
        k += c.length;
        System.arraycopy(logStd, 0, all, k, logStd.length);
        k += logStd.length;
        System.arraycopy(om, 0, all, k, om.length);
        k += om.length;
        System.arraycopy(ov, 0, all, k, ov.length);
        k += ov.length;
        all[k++] = rewardStats.mean()[0];
        all[k] = rewardStats.variance()[0];
        return all;
    }

    /** The greedy decision for an instance of the family. */
    public Decision decide(MultiExitInstance instance) {
        String note = family.check(instance, "'" + variant.label() + "'");
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        double[] y = actor.forward(observe(model), actor.newWorkspace());
        int m = family.deviceCount();
        int[] splits = new int[m];
        double[] u = new double[m];
        distribution().mode(y, splits, u);
        MultiExitPlan plan = variant.learnsShares() ? new MultiExitPlan(model.exits(), splits,
                sharesFromLogits(model, splits, u)) : OptimalShares.plan(model, splits);
        return new Decision(plan, note);
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

    /**
     * Shares from share logits: a softmax over the devices that send work to the edge; 0 for the others (they need
     * none).
     */
    public static double[] sharesFromLogits(MultiExitCostModel model, int[] splits, double[] u) {
        int m = splits.length;
        double[] shares = new double[m];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (model.needsEdge(i, splits[i])) {
                max = Math.max(max, u[i]);
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return shares;
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            if (model.needsEdge(i, splits[i])) {
                shares[i] = Math.exp(u[i] - max);
                sum += shares[i];
            }
        }
        for (int i = 0; i < m; i++) {
            shares[i] /= sum;
        }
        return shares;
    }
}
