package org.edgeplan.rl;

import java.util.SplittableRandom;

/**
 * A problem as {@link PointerPpoTrainer} sees it: episodes of decisions, each a choice of one option among a set of
 * any size, every option described by a row of features (a pointer network's action space, Vinyals et al. 2015). The
 * options are what the state allows (closed options are simply not offered), so no mask is needed, and the same agent
 * serves states with 2 or 200 options. An episode begins with {@link #reset}; the trainer reads the option and global
 * features and takes a {@link #step} until a step says the episode is done. Every episode must end.
 */
public interface PointerEnvironment {
    /** Starts an episode; all its randomness comes from {@code random} (the trainer draws actions from it too). */
    void reset(SplittableRandom random);

    /** One row of raw features per option open now (at least one, all rows of one width); not kept by the trainer. */
    double[][] optionFeatures();

    /** The raw features of the state as a whole; not kept by the trainer. */
    double[] globalFeatures();

    /** Takes option {@code option} (an index into the rows of {@link #optionFeatures()}). */
    Environment.Step step(int option);
}
