package org.edgeplan.rl;

import java.util.SplittableRandom;

/**
 * A problem as {@link PpoTrainer} sees it: episodes of observations, actions and rewards. An episode begins with
 * {@link #reset}, then the trainer reads the {@link #observation()} (and the {@link #actionMask()}) and takes a
 * {@link #step} until a step says the episode is done. Every episode must end. A contextual bandit (one decision per
 * episode) says done at its first step; GAE then reduces to {@code A = r − V(s)}.
 *
 * <p>The action is the one of the agent's {@link ActionDistribution}: an option per categorical head and a value per
 * Gaussian. An environment is used by one trainer on one thread.
 */
public interface Environment {
    /**
     * Starts an episode. All randomness of the episode comes from {@code random}, which the environment may keep
     * until the episode ends; the trainer draws the actions from the same generator, so the order of draws is fixed.
     */
    void reset(SplittableRandom random);

    /** The raw features of the current state; the trainer normalises a copy and does not keep the array. */
    double[] observation();

    /**
     * The options each categorical head may take now ({@code heads × options}, head by head, true where allowed;
     * every head needs at least one), or null when all are allowed.
     */
    default boolean[] actionMask() {
        return null;
    }

    /**
     * Applies an action to the current state.
     *
     * @param choices    an option per categorical head; read only, valid during the call
     * @param continuous a value per Gaussian; read only, valid during the call
     */
    Step step(int[] choices, double[] continuous);

    /**
     * What an action led to.
     *
     * @param reward the raw reward (the trainer scales it when so configured)
     * @param done   whether the episode ended with this step
     */
    record Step(double reward, boolean done) {
    }
}
