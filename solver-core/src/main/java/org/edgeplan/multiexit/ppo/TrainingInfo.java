package org.edgeplan.multiexit.ppo;

import java.util.List;

import org.edgeplan.rl.PpoConfig;

/**
 * How a policy was trained, kept in the policy file for provenance.
 *
 * @param episodes        episodes (one decision each) used
 * @param updates         PPO updates made
 * @param bandwidthsMbps  the uplink bandwidths sampled (empty: the instances' own)
 * @param sampling        {@code discrete} (uniform over the listed bandwidths and instances), {@code log-uniform}
 *                        (bandwidth drawn log-uniformly between the least and the greatest) or {@code instances}
 * @param wallSeconds     training wall time
 * @param cpuSeconds      CPU time of the training thread
 * @param stoppedByDeadline whether the time limit ended training before the episode budget
 * @param config          the hyper-parameters
 */
public record TrainingInfo(long episodes, int updates, List<Double> bandwidthsMbps, String sampling,
                           double wallSeconds, double cpuSeconds, boolean stoppedByDeadline, PpoConfig config) {
    public TrainingInfo {
        bandwidthsMbps = List.copyOf(bandwidthsMbps);
    }
}
