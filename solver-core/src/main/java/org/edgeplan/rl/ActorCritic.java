package org.edgeplan.rl;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

import org.edgeplan.core.MemoryBudget;

/**
 * What a PPO agent learns, independent of the problem: the actor (observation → parameters of the
 * {@link ActionDistribution}), the critic (observation → value), the log σ of the distribution's Gaussians, and the
 * running statistics of observations and rewards it was trained with (saved with it, so that it sees the same
 * normalised inputs when it is used). Mutable while training: {@link PpoTrainer} updates the parameters and statistics
 * in place; {@link #copy()} gives an independent snapshot.
 */
public final class ActorCritic {
    private final ActionDistribution distribution;
    private final Mlp actor;
    private final Mlp critic;
    private final double[] logStd;
    private final RunningMeanStd observationStats;
    private final double observationClip;
    private final RunningMeanStd rewardStats;

    /**
     * An agent from its parts (a policy file reader, {@link #initial}).
     *
     * @param logStd          log σ per Gaussian of the distribution (copied)
     * @param observationClip normalised observations are clipped to ±this
     * @param rewardStats     statistics of the raw rewards (size 1)
     */
    public ActorCritic(ActionDistribution distribution, Mlp actor, Mlp critic, double[] logStd,
                       RunningMeanStd observationStats, double observationClip, RunningMeanStd rewardStats) {
        this.distribution = Objects.requireNonNull(distribution, "distribution");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.critic = Objects.requireNonNull(critic, "critic");
        this.logStd = logStd.clone();
        this.observationStats = Objects.requireNonNull(observationStats, "observationStats");
        this.observationClip = observationClip;
        this.rewardStats = Objects.requireNonNull(rewardStats, "rewardStats");
        if (critic.inputSize() != actor.inputSize() || observationStats.size() != actor.inputSize()) {
            throw new IllegalArgumentException("networks and statistics must take the same features, got actor "
                    + actor.inputSize() + ", critic " + critic.inputSize() + ", statistics " + observationStats.size());
        }
        if (actor.outputSize() != distribution.outputSize() || critic.outputSize() != 1) {
            throw new IllegalArgumentException("actor must give " + distribution.outputSize() + " outputs and critic 1,"
                    + " got " + actor.outputSize() + " and " + critic.outputSize());
        }
        if (logStd.length != distribution.gaussians()) {
            throw new IllegalArgumentException("expected " + distribution.gaussians() + " log std values, got "
                    + logStd.length);
        }
        if (rewardStats.size() != 1) {
            throw new IllegalArgumentException("reward statistics must be of size 1, got " + rewardStats.size());
        }
    }

    /**
     * A freshly initialised agent: actor and critic {@code observationSize → hidden → …} with the configured widths
     * and activation, identity outputs; the initial weights drawn from {@code random}, the actor's first.
     */
    public static ActorCritic initial(int observationSize, ActionDistribution distribution, PpoConfig config,
                                      SplittableRandom random) {
        Mlp actor = new Mlp(sizes(observationSize, config.hiddenSizes(), distribution.outputSize()),
                config.activation(), Activation.IDENTITY);
        Mlp critic = new Mlp(sizes(observationSize, config.hiddenSizes(), 1), config.activation(), Activation.IDENTITY);
        // A small last layer makes the first policy nearly uniform over the options.
        actor.initialise(random, 0.01);
        critic.initialise(random, 1.0);
        double[] logStd = new double[distribution.gaussians()];
        Arrays.fill(logStd, config.initialLogStd());
        return new ActorCritic(distribution, actor, critic, logStd, new RunningMeanStd(observationSize),
                config.observationClip(), new RunningMeanStd(1));
    }

    /** Weights and biases of actor and critic for {@code observationSize} inputs (in long: no overflow). */
    public static long parameterCount(long observationSize, ActionDistribution distribution, PpoConfig config) {
        return MemoryBudget.sum(mlpParameters(observationSize, config.hiddenSizes(), distribution.outputSize()),
                mlpParameters(observationSize, config.hiddenSizes(), 1));
    }

    private static long mlpParameters(long in, List<Integer> hidden, long out) {
        long count = 0;
        long width = in;
        for (int h : hidden) {
            count = MemoryBudget.sum(count, MemoryBudget.product(width, h), h);
            width = h;
        }
        return MemoryBudget.sum(count, MemoryBudget.product(width, out), out);
    }

    /**
     * Heap bytes that training a fresh agent takes at least ({@link PpoTrainer}): 32 per parameter (the parameter,
     * its gradient and Adam's two moments, doubles) and, per episode of a batch, one observation (8 bytes a
     * feature), its chosen options (4 bytes a head) and Gaussian samples (8 bytes each). A lower bound: activations,
     * the environment's tables and the policy's copies come on top.
     */
    public static long trainingBytes(long observationSize, ActionDistribution distribution, PpoConfig config) {
        long perStep = MemoryBudget.sum(MemoryBudget.product(observationSize, Double.BYTES),
                MemoryBudget.product(distribution.heads(), Integer.BYTES),
                MemoryBudget.product(distribution.gaussians(), Double.BYTES));
        return MemoryBudget.sum(MemoryBudget.product(parameterCount(observationSize, distribution, config), 4 * Double.BYTES),
                MemoryBudget.product(config.batchEpisodes(), perStep));
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
    public ActorCritic copy() {
        return new ActorCritic(distribution, actor.copy(), critic.copy(), logStd, observationStats.copy(),
                observationClip, rewardStats.copy());
    }

    public ActionDistribution distribution() {
        return distribution;
    }

    public Mlp actor() {
        return actor;
    }

    public Mlp critic() {
        return critic;
    }

    /** The live log σ of the Gaussians (empty without them). */
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

    /** Raw features per observation. */
    public int observationSize() {
        return actor.inputSize();
    }

    /**
     * The greedy action for raw features, with the statistics as they are (frozen when acting): the most likely
     * allowed option per head, the Gaussians' means.
     *
     * @param mask allowed options (heads × options) or null
     */
    public void act(double[] rawObservation, boolean[] mask, int[] choices, double[] continuous) {
        double[] obs = new double[rawObservation.length];
        observationStats.normalise(rawObservation, obs, observationClip);
        distribution.mode(actor.forward(obs, actor.newWorkspace()), mask, choices, continuous);
    }

    /** Every weight and statistic as one array, for bitwise comparisons of agents. */
    public double[] allParameters() {
        double[][] parts = {actor.parameters(), critic.parameters(), logStd, observationStats.mean(),
                observationStats.variance(), rewardStats.mean(), rewardStats.variance()};
        double[] all = new double[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, k, p.length);
            k += p.length;
        }
        return all;
    }
}
