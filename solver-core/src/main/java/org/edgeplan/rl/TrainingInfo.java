package org.edgeplan.rl;

/**
 * How a policy of the set core ({@link SetActorCritic}: problem A's {@code ppo-general}, problem B's {@code ppo})
 * was trained.
 *
 * @param scenarios         what the episodes were drawn from, in words (family, sizes, bandwidths, exit sets, instances)
 * @param episodes          episodes trained
 * @param updates           PPO updates
 * @param wallSeconds       wall time of training
 * @param cpuSeconds        CPU time of the training thread (NaN where unknown)
 * @param stoppedByDeadline whether the time limit ended training before the episode budget
 * @param config            the hyper-parameters
 */
public record TrainingInfo(String scenarios, long episodes, int updates, double wallSeconds, double cpuSeconds,
                                  boolean stoppedByDeadline, PpoConfig config) {
}
