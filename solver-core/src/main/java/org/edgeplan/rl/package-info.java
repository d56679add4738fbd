/**
 * Problem-independent pieces of reinforcement learning: a gradient-checked multilayer perceptron, activations, Adam,
 * generalised advantage estimation and running normalisation.
 */
package org.edgeplan.rl;
