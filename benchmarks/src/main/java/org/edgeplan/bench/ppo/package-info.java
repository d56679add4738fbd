/**
 * Training experiments of problem A's PPO agent: learning curves and gaps to the proven optimum at seen and unseen
 * bandwidths.
 */
package org.edgeplan.bench.ppo;
