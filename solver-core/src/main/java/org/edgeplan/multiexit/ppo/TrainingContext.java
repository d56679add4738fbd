package org.edgeplan.multiexit.ppo;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;

/**
 * One state of the split environment (a contextual bandit: an episode is one decision for one instance): the
 * instance, its cost tables under the default exit set, its raw features, and the device-only cost that rewards are
 * divided by.
 *
 * @param id            index in a discrete training set, −1 for a context drawn from a continuous range
 * @param instance      the instance (at the sampled bandwidth)
 * @param model         its cost tables under the default exit set
 * @param features      raw features ({@link SplitFeatures})
 * @param referenceCost the evaluator's cost of the device-only plan (s_i = N), which is always feasible; when that
 *                      cost overflows (a device so slow that its cost is infinite), the cost of
 *                      {@link #cheapestAlone}, which is finite whenever any plan is
 */
public record TrainingContext(int id, MultiExitInstance instance, MultiExitCostModel model, double[] features,
                              double referenceCost) {
    /** The context of an instance. */
    public static TrainingContext of(int id, MultiExitInstance instance) {
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        int m = instance.deviceCount();
        int[] splits = new int[m];
        Arrays.fill(splits, instance.layerCount());
        double reference = MultiExitEvaluator.evaluate(instance,
                new MultiExitPlan(instance.defaultExits(), splits, new double[m])).objective();
        if (Double.isInfinite(reference)) {
            reference = MultiExitEvaluator.evaluate(instance, cheapestAlone(model)).objective();
        }
        if (!(reference > 0) || Double.isInfinite(reference)) {
            throw new InvalidInputException("instance '" + instance.name() + "': device-only cost " + reference
                    + " cannot scale rewards (it must be positive and finite)");
        }
        return new TrainingContext(id, instance, model, SplitFeatures.encode(model), reference);
    }

    /**
     * Each device at the split that is cheapest for it alone ({@code g_i(s) + h_i(s)²}, as if it had the whole edge),
     * the shares in closed form for those splits: a plan of finite cost whenever the instance has one, used where the
     * device-only plan's cost overflows.
     */
    public static MultiExitPlan cheapestAlone(MultiExitCostModel model) {
        int[] splits = new int[model.deviceCount()];
        for (int i = 0; i < splits.length; i++) {
            double best = Double.POSITIVE_INFINITY;
            splits[i] = model.layerCount();
            for (int s = 0; s <= model.layerCount(); s++) {
                double cost = model.g(i, s) + model.a(i, s);
                if (cost < best) {
                    best = cost;
                    splits[i] = s;
                }
            }
        }
        return OptimalShares.plan(model, splits);
    }

    /** The instance with every device's uplink at {@code mbps} Mbit/s, named {@code base-bwX}. */
    public static MultiExitInstance atBandwidth(MultiExitInstance base, double mbps) {
        return base.withBandwidth(base.name() + "-bw" + formatMbps(mbps), mbps * 1e6);
    }

    static String formatMbps(double mbps) {
        return mbps == Math.rint(mbps) ? String.valueOf((long) mbps) : String.valueOf(mbps);
    }

    /** Where the training contexts come from; draws only from the generator it is given. */
    public interface Sampler {
        TrainingContext next(SplittableRandom random);

        /** Uniform over a fixed list of contexts. */
        static Sampler uniform(List<TrainingContext> contexts) {
            if (contexts.isEmpty()) {
                throw new InvalidInputException("no training context");
            }
            List<TrainingContext> copy = List.copyOf(contexts);
            return random -> copy.get(copy.size() == 1 ? 0 : random.nextInt(copy.size()));
        }

        /**
         * An instance drawn uniformly from {@code bases}, with every device's bandwidth drawn log-uniformly from
         * {@code [minMbps, maxMbps]}.
         */
        static Sampler logUniformBandwidth(List<MultiExitInstance> bases, double minMbps, double maxMbps) {
            if (bases.isEmpty() || !(minMbps > 0) || !(maxMbps >= minMbps)) {
                throw new InvalidInputException("log-uniform bandwidth needs instances and 0 < min <= max, got "
                        + minMbps + ".." + maxMbps);
            }
            List<MultiExitInstance> copy = List.copyOf(bases);
            double lo = Math.log(minMbps);
            double hi = Math.log(maxMbps);
            return random -> {
                MultiExitInstance base = copy.get(copy.size() == 1 ? 0 : random.nextInt(copy.size()));
                double mbps = Math.exp(lo + (hi - lo) * random.nextDouble());
                return of(-1, atBandwidth(base, mbps));
            };
        }
    }
}
