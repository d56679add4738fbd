package org.edgeplan.multiexit.ppo;

import java.util.SplittableRandom;

import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.rl.SetEnvironment;

/**
 * Problem A for the generalising policy: one decision per episode on a fresh instance from a
 * {@link GeneralScenarios.Sampler}; the devices are the entities ({@link GeneralFeatures}), the action a split per
 * device, the shares the closed-form optimum for those splits ({@link OptimalShares}), the reward
 * {@code −cost / device-only cost} with the cost from {@link MultiExitEvaluator}. Counterfactual rewards (device i at
 * split o, the others as chosen) come from the same cost model in closed form, {@code Σ g + (Σ h)²} with one term
 * replaced. Splits that need an unreachable edge are masked.
 */
public final class GeneralEnvironment implements SetEnvironment {
    private final GeneralScenarios.Sampler sampler;
    private MultiExitInstance instance;
    private MultiExitCostModel model;
    private double reference;
    private int[] splits;
    private double lastCost;
    private double episodes;
    private double relativeCostSum;

    public GeneralEnvironment(GeneralScenarios.Sampler sampler) {
        this.sampler = sampler;
    }

    @Override
    public void reset(SplittableRandom random) {
        instance = sampler.next(random);
        TrainingContext context = TrainingContext.of(-1, instance);
        model = context.model();
        reference = context.referenceCost();
        splits = null;
    }

    @Override
    public double[][] entityFeatures() {
        return GeneralFeatures.devices(model);
    }

    @Override
    public double[] globalFeatures() {
        return GeneralFeatures.global(instance);
    }

    @Override
    public boolean[] actionMask() {
        return SplitFeatures.feasibleSplits(model);
    }

    @Override
    public double step(int[] choices) {
        splits = choices.clone();
        lastCost = MultiExitEvaluator.evaluate(instance, OptimalShares.plan(model, splits)).objective();
        episodes++;
        relativeCostSum += lastCost / reference;
        return Double.isFinite(lastCost) ? -lastCost / reference : SplitEnvironment.INFEASIBLE_REWARD;
    }

    @Override
    public double[][] counterfactualRewards() {
        int m = splits.length;
        int n = model.layerCount();
        double g = 0;
        double h = 0;
        for (int i = 0; i < m; i++) {
            g += model.g(i, splits[i]);
            h += model.h(i, splits[i]);
        }
        double[][] cf = new double[m][n + 1];
        for (int i = 0; i < m; i++) {
            double gRest = g - model.g(i, splits[i]);
            double hRest = h - model.h(i, splits[i]);
            for (int o = 0; o <= n; o++) {
                double hh = hRest + model.h(i, o);
                double cost = gRest + model.g(i, o) + hh * hh;
                cf[i][o] = Double.isFinite(cost) ? -cost / reference : SplitEnvironment.INFEASIBLE_REWARD;
            }
        }
        return cf;
    }

    /** Mean of cost / device-only cost over the episodes since the last call, and forgets them (NaN if none). */
    double takeMeanRelativeCost() {
        double mean = episodes > 0 ? relativeCostSum / episodes : Double.NaN;
        episodes = 0;
        relativeCostSum = 0;
        return mean;
    }
}
