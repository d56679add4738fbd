package org.edgeplan.multiexit;

import java.util.Arrays;
import java.util.Objects;

import org.edgeplan.core.Plan;
import org.edgeplan.core.ProblemKind;

/**
 * A plan of problem A: the exit set, and per device the split point s_i ∈ {0..N} and the edge share r_i.
 * Structural checks (lengths) are made here; feasibility (shares, ranges) is the evaluator's job, so that a
 * plan from elsewhere can be scored and told what is wrong with it.
 */
public final class MultiExitPlan implements Plan {
    private final ExitSet exits;
    private final int[] splits;
    private final double[] shares;

    public MultiExitPlan(ExitSet exits, int[] splits, double[] shares) {
        this.exits = Objects.requireNonNull(exits, "exits");
        if (splits.length != shares.length) {
            throw new IllegalArgumentException("splits and shares differ in length: " + splits.length + " vs "
                    + shares.length);
        }
        this.splits = splits.clone();
        this.shares = shares.clone();
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.MULTI_EXIT;
    }

    public ExitSet exits() {
        return exits;
    }

    public int deviceCount() {
        return splits.length;
    }

    /** s_i. */
    public int split(int device) {
        return splits[device];
    }

    /** r_i. */
    public double share(int device) {
        return shares[device];
    }

    public int[] splits() {
        return splits.clone();
    }

    public double[] shares() {
        return shares.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiExitPlan p && p.exits.equals(exits) && Arrays.equals(p.splits, splits)
                && Arrays.equals(p.shares, shares);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exits, Arrays.hashCode(splits), Arrays.hashCode(shares));
    }

    @Override
    public String toString() {
        return "MultiExitPlan[exits=" + exits + ", splits=" + Arrays.toString(splits) + ", shares="
                + Arrays.toString(shares) + "]";
    }
}
