package org.edgeplan.rl;

import java.util.SplittableRandom;

/**
 * A problem as {@link SetPpoTrainer} sees it: one decision per episode (a contextual bandit) for a set of entities
 * whose number may change from episode to episode. The state is a feature row per entity (the same features for every
 * entity, in the same order) and a few global features; the action is one option per entity from the same
 * {@code options} choices. The policy ({@link SetActorCritic}) reads the set without regard to its order, so the
 * environment may list the entities in any order.
 *
 * <p>An environment may also say, after a step, what the reward would have been had one entity chosen another option
 * and the others kept theirs ({@link #counterfactualRewards}); the trainer then gives every option of every entity its
 * own advantage: that option's counterfactual reward minus their expectation under the policy (the counterfactual
 * baseline of Foerster et al. 2018, computed exactly instead of by a learned critic). Without them every entity gets
 * the episode's advantage {@code r − V(s)}.
 */
public interface SetEnvironment {
    /** Starts an episode; all its randomness comes from {@code random}. */
    void reset(SplittableRandom random);

    /** The raw features of the current state, one row per entity (at least one row); not kept by the trainer. */
    double[][] entityFeatures();

    /** The raw global features of the current state (may be empty); not kept by the trainer. */
    double[] globalFeatures();

    /**
     * The options each entity may take now ({@code entities × options}, entity by entity, true where allowed; every
     * entity needs at least one), or null when all are allowed.
     */
    default boolean[] actionMask() {
        return null;
    }

    /**
     * Applies the action (one option per entity; read only, valid during the call) and ends the episode.
     *
     * @return the raw reward
     */
    double step(int[] choices);

    /**
     * After {@link #step}: {@code [i][o]}, the raw reward had entity i chosen option o and every other entity its
     * choice, for every allowed option (masked ones are not read); or null when the environment cannot say.
     */
    default double[][] counterfactualRewards() {
        return null;
    }
}
