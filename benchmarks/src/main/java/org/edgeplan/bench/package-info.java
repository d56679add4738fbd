/** JMH micro-benchmarks of the evaluators, the problem-B heuristics and the PPO networks. */
package org.edgeplan.bench;
