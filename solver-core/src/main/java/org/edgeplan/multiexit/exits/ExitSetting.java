package org.edgeplan.multiexit.exits;

import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;

/**
 * A rule that places the early exits of an instance's multi-exit DNN before any split or share is chosen, as the
 * paper's baselines do (exits first, then partitioning and allocation). Implementations are stateless and
 * deterministic in {@code seed}: the same instance and seed give the same exit set. Every returned set contains the
 * final layer N.
 */
public interface ExitSetting {
    /** A short lower-case name, e.g. {@code aco}. */
    String name();

    /** The exit set for this instance; {@code seed} drives all randomness (ignored by deterministic rules). */
    ExitSet choose(MultiExitInstance instance, long seed);
}
