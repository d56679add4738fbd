/**
 * Problem A's PPO agent (the paper's DRL step) on the core of {@code org.edgeplan.rl}: the one-step split environment,
 * features, policy, policy files and the {@code ppo} and {@code ppo-shares} solvers.
 */
package org.edgeplan.multiexit.ppo;
