package org.edgeplan.multiexit.ppo;

import org.edgeplan.core.InvalidInputException;

/** What the policy decides: the split points only (shares in closed form), or the shares as well. */
public enum PpoVariant {
    /**
     * Solver {@code ppo}: the policy picks a split point per device; the edge shares are the closed-form optimum for
     * those splits ({@link org.edgeplan.multiexit.OptimalShares}), the analogue of the paper's allocation step.
     */
    SPLITS("ppo"),
    /** Solver {@code ppo-shares}: the policy also picks the shares, as a softmax of Gaussian share logits. */
    SPLITS_AND_SHARES("ppo-shares");

    private final String label;

    PpoVariant(String label) {
        this.label = label;
    }

    /** The solver name and the label in policy files. */
    public String label() {
        return label;
    }

    public boolean learnsShares() {
        return this == SPLITS_AND_SHARES;
    }

    public static PpoVariant fromLabel(String label) {
        for (PpoVariant v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new InvalidInputException("unknown PPO variant '" + label + "'; known: ppo, ppo-shares");
    }
}
