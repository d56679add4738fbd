/**
 * Problem-independent reinforcement learning: a gradient-checked multilayer perceptron, Adam, GAE, running
 * normalisation, a factored action distribution with masks, and the PPO trainer of an {@link
 * org.edgeplan.rl.ActorCritic} on any {@link org.edgeplan.rl.Environment}, with the generic part of policy files.
 */
package org.edgeplan.rl;
