package org.edgeplan.multiexit.ppo;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.rl.Environment;

/**
 * Problem A as a PPO {@link Environment}: a contextual bandit. An episode is one decision for one instance drawn by the
 * {@link TrainingContext.Sampler}; the observation is its {@link SplitFeatures}, the action a split per device (and,
 * for {@code ppo-shares}, a share logit per device), the reward {@code −cost / device-only cost} with the cost from
 * {@link MultiExitEvaluator} on the plan the action makes ({@link PpoVariant#plan}). Splits that would send data to an
 * unreachable edge are masked ({@link SplitFeatures#feasibleSplits}); on instances without such splits there is no
 * mask. It remembers the episodes since {@link #takeEpisodes()} for progress reports.
 */
public final class SplitEnvironment implements Environment {
    /** Reward of a plan the evaluator rejects (cannot happen with closed-form shares and a reachable edge). */
    public static final double INFEASIBLE_REWARD = -10.0;

    private final TrainingContext.Sampler sampler;
    private final PpoVariant variant;
    private TrainingContext context;
    private int episodes;
    private int[] contextIds = new int[16];
    private double[] costs = new double[16];
    private double[] referenceCosts = new double[16];

    public SplitEnvironment(TrainingContext.Sampler sampler, PpoVariant variant) {
        this.sampler = sampler;
        this.variant = variant;
    }

    @Override
    public void reset(SplittableRandom random) {
        context = sampler.next(random);
    }

    @Override
    public double[] observation() {
        return context.features();
    }

    @Override
    public boolean[] actionMask() {
        return SplitFeatures.feasibleSplits(context.model());
    }

    @Override
    public Step step(int[] choices, double[] continuous) {
        double cost = MultiExitEvaluator.evaluate(context.instance(),
                variant.plan(context.model(), choices, continuous)).objective();
        record(cost);
        return new Step(Double.isFinite(cost) ? -cost / context.referenceCost() : INFEASIBLE_REWARD, true);
    }

    private void record(double cost) {
        if (episodes == costs.length) {
            contextIds = Arrays.copyOf(contextIds, 2 * episodes);
            costs = Arrays.copyOf(costs, 2 * episodes);
            referenceCosts = Arrays.copyOf(referenceCosts, 2 * episodes);
        }
        contextIds[episodes] = context.id();
        costs[episodes] = cost;
        referenceCosts[episodes] = context.referenceCost();
        episodes++;
    }

    /** The episodes since the last call, in order, and forgets them. */
    Episodes takeEpisodes() {
        Episodes taken = new Episodes(Arrays.copyOf(contextIds, episodes), Arrays.copyOf(costs, episodes),
                Arrays.copyOf(referenceCosts, episodes));
        episodes = 0;
        return taken;
    }

    /**
     * Episodes of a batch, in order.
     *
     * @param contextIds     the contexts' ids (−1 for contexts drawn from a continuous range)
     * @param costs          the evaluator's cost of each sampled action
     * @param referenceCosts the contexts' device-only costs
     */
    record Episodes(int[] contextIds, double[] costs, double[] referenceCosts) {
    }
}
