package org.edgeplan.rl;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

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
