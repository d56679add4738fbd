package org.edgeplan.multiexit.ppo;

import java.util.Objects;
import java.util.SplittableRandom;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.SetActorCritic;
import org.edgeplan.rl.TrainingInfo;

/**
 * The generalising PPO policy of problem A ({@code ppo-general}): a {@link SetActorCritic} over the devices of one
 * network, so the same weights decide for any number of devices, bandwidths, device mix and exit set of that network.
 * It reads {@link GeneralFeatures} under the instance's default exit set and returns the most likely split per device,
 * with the shares in closed form ({@link OptimalShares}). The network is named (its model name and number of split
 * points); an instance of another network is refused. Mutable while training.
 *
 * @see GeneralTrainer
 */
public final class GeneralPolicy {
    private final String network;
    private final int layerCount;
    private final SetActorCritic agent;
    private final long seed;
    private TrainingInfo training;

    public GeneralPolicy(String network, int layerCount, SetActorCritic agent, long seed,
                         TrainingInfo training) {
        this.network = Objects.requireNonNull(network, "network");
        this.layerCount = layerCount;
        this.agent = Objects.requireNonNull(agent, "agent");
        this.seed = seed;
        this.training = training;
        if (agent.entityFeatures() != GeneralFeatures.perDevice(layerCount)
                || agent.globalFeatures() != GeneralFeatures.GLOBAL || agent.options() != layerCount + 1) {
            throw new IllegalArgumentException("a policy for " + layerCount + " split points reads "
                    + GeneralFeatures.perDevice(layerCount) + " features per device and " + GeneralFeatures.GLOBAL
                    + " global ones and has " + (layerCount + 1) + " options; got " + agent.entityFeatures() + ", "
                    + agent.globalFeatures() + " and " + agent.options());
        }
    }

    /** A fresh policy for the network of {@code example}; the initial weights from {@code random}. */
    public static GeneralPolicy initial(MultiExitInstance example, PpoConfig config, SplittableRandom random,
                                        long seed) {
        int n = example.layerCount();
        return new GeneralPolicy(example.dnn().name(), n, SetActorCritic.initial(GeneralFeatures.perDevice(n),
                GeneralFeatures.GLOBAL, n + 1, config, random), seed, null);
    }

    public GeneralPolicy copy() {
        return new GeneralPolicy(network, layerCount, agent.copy(), seed, training);
    }

    /** The model name of the network it was trained for. */
    public String network() {
        return network;
    }

    public int layerCount() {
        return layerCount;
    }

    public SetActorCritic agent() {
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

    public double[] allParameters() {
        return agent.allParameters();
    }

    /** Refuses an instance of another network (model name or number of split points), in one line. */
    public void check(MultiExitInstance x, String policyName) {
        if (!x.dnn().name().equals(network) || x.layerCount() != layerCount) {
            throw new InvalidInputException("policy " + policyName + " was trained for network '" + network + "' ("
                    + layerCount + " split points); instance '" + x.name() + "' has network '" + x.dnn().name()
                    + "' (" + x.layerCount() + " split points)");
        }
    }

    /** The policy's split logits per device (before masking) for an instance of the network, default exit set. */
    public double[][] splitLogits(MultiExitInstance instance) {
        check(instance, "for '" + network + "'");
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        return agent.logits(GeneralFeatures.devices(model), GeneralFeatures.global(instance));
    }

    /** The greedy plan for an instance of the network, under its default exit set. */
    public MultiExitPlan plan(MultiExitInstance instance) {
        check(instance, "for '" + network + "'");
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        int[] splits = agent.act(GeneralFeatures.devices(model), GeneralFeatures.global(instance),
                SplitFeatures.feasibleSplits(model));
        return OptimalShares.plan(model, splits);
    }
}
