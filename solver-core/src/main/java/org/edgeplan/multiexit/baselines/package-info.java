/**
 * Problem A's baselines: the methods named by Ma, Wang and Tang (ACO/SPINN exits with equal-allocation splits, fixed
 * partition with random allocation; {@link org.edgeplan.multiexit.baselines.ExitFirstSolver} and its rules),
 * device-only and edge-only on the default exit set, and two exit-first references with exact splits and shares
 * ({@code aco-bb}, the ceiling of the paper's ACO-DRL, whose solver is {@code aco-drl} in
 * {@code org.edgeplan.multiexit.ppo}; {@code min-flops-bb}).
 */
package org.edgeplan.multiexit.baselines;
