/**
 * Problem-independent reinforcement learning: a gradient-checked multilayer perceptron, Adam, GAE, running
 * normalisation, a factored action distribution with masks, and the PPO trainer of an {@link
 * org.edgeplan.rl.ActorCritic} on any {@link org.edgeplan.rl.Environment}, with the generic part of policy files; and
 * for sets of entities of any size, a permutation-invariant {@link org.edgeplan.rl.SetActorCritic} trained by {@link
 * org.edgeplan.rl.SetPpoTrainer} on a {@link org.edgeplan.rl.SetEnvironment}.
 */
package org.edgeplan.rl;
