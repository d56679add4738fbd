/**
 * Problem A's PPO agent (the paper's DRL step): features, policy, trainer, policy files and the {@code ppo} and {@code
 * ppo-shares} solvers.
 */
package org.edgeplan.multiexit.ppo;
