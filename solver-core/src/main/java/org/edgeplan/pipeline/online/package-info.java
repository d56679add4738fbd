/**
 * Problem B as an online process (issue 17): requests placed one at a time in release order among a fixed list of
 * candidate placements, each step rewarded by the evaluator so that an episode's return is minus the plan's
 * objective ({@link org.edgeplan.pipeline.online.OnlinePlacement}); that process as an environment of the PPO core
 * ({@link org.edgeplan.pipeline.online.OnlinePlacementEnvironment}); and its greedy policy as a solver
 * ({@link org.edgeplan.pipeline.online.OnlineGreedySolver}, {@code online-greedy}).
 */
package org.edgeplan.pipeline.online;
