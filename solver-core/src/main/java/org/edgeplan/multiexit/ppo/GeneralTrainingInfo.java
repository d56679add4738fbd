package org.edgeplan.multiexit.ppo;

import org.edgeplan.rl.PpoConfig;

/**
 * How a {@link GeneralPolicy} was trained.
 *
 * @param scenarios         what the episodes were drawn from, in words (family, device counts, bandwidths, exit sets)
 * @param episodes          episodes trained
 * @param updates           PPO updates
 * @param wallSeconds       wall time of training
 * @param cpuSeconds        CPU time of the training thread (NaN where unknown)
 * @param stoppedByDeadline whether the time limit ended training before the episode budget
 * @param config            the hyper-parameters
 */
public record GeneralTrainingInfo(String scenarios, long episodes, int updates, double wallSeconds, double cpuSeconds,
                                  boolean stoppedByDeadline, PpoConfig config) {
}
