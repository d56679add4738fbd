package org.edgeplan.multiexit.ppo;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;

/**
 * What the policy decides (the split points only, with shares in closed form, or the shares as well) and for which
 * exit set (the instance's default exit set, or the ACO exit set for {@link #ACO_DRL}).
 */
public enum PpoVariant {
    /**
     * Solver {@code ppo}: the policy picks a split point per device; the edge shares are the closed-form optimum for
     * those splits ({@link org.edgeplan.multiexit.OptimalShares}), the analogue of the paper's allocation step.
     */
    SPLITS("ppo"),
    /** Solver {@code ppo-shares}: the policy also picks the shares, as a softmax of Gaussian share logits. */
    SPLITS_AND_SHARES("ppo-shares"),
    /**
     * Solver {@code aco-drl}, the method of Ma, Wang, Tang 2025 as we read it: the exits are set first by ACO
     * ({@link AntColonyExitSetting}, the colony of {@code aco-ear} and {@code aco-bb}, seeded like them), then the
     * policy picks the splits and the shares (as {@link #SPLITS_AND_SHARES}) for that exit set.
     */
    ACO_DRL("aco-drl");

    private final String label;

    PpoVariant(String label) {
        this.label = label;
    }

    /** The solver name and the label in policy files. */
    public String label() {
        return label;
    }

    public boolean learnsShares() {
        return this != SPLITS;
    }

    /** Whether the exit set is the ACO exit set rather than the instance's default one. */
    public boolean usesAcoExits() {
        return this == ACO_DRL;
    }

    /**
     * The instance as this variant's policy sees it: for {@link #ACO_DRL} the same instance with the ACO exit set
     * (the colony seeded with {@code seed}) as its default exit set, which is what the features, the action's cost
     * and the policy family then refer to; for the others the instance itself. The ACO set depends on the network and
     * the exit probabilities only, not on the bandwidth.
     */
    public MultiExitInstance onExitSet(MultiExitInstance instance, long seed) {
        return usesAcoExits() ? instance.withDefaultExits(new AntColonyExitSetting().choose(instance, seed))
                : instance;
    }

    /**
     * The plan an action makes: the splits and, for {@link #SPLITS_AND_SHARES}, shares from the share logits
     * {@code u} (a softmax over the devices that send work to the edge, 0 for the others: they need none); for
     * {@link #SPLITS} the closed-form optimal shares for the splits ({@code u} is not read).
     */
    public MultiExitPlan plan(MultiExitCostModel model, int[] splits, double[] u) {
        return learnsShares() ? new MultiExitPlan(model.exits(), splits, sharesFromLogits(model, splits, u))
                : OptimalShares.plan(model, splits);
    }

    private static double[] sharesFromLogits(MultiExitCostModel model, int[] splits, double[] u) {
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

    public static PpoVariant fromLabel(String label) {
        for (PpoVariant v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new InvalidInputException("unknown PPO variant '" + label + "'; known: "
                + Arrays.stream(values()).map(PpoVariant::label).collect(Collectors.joining(", ")));
    }
}
