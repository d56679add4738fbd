/**
 * Exact methods for problem A (the multi-exit model as reconstructed in {@code docs/models/multi-exit-model.md}),
 * in pure Java: {@link org.edgeplan.multiexit.exact.BruteForceSolver} (enumeration, the test oracle),
 * {@link org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver} (split points for a fixed exit set, by
 * {@link org.edgeplan.multiexit.exact.SplitBranchAndBound}) and
 * {@link org.edgeplan.multiexit.exact.JointExitSplitSolver} (exit set as well). All of them use the closed-form
 * shares, so a split vector s costs {@code Σ g_i(s_i) + (Σ h_i(s_i))²}. "Optimal" from the branch and bound means
 * the search finished with nothing pruned unless its bound reached the incumbent less a relative 1e-10.
 */
package org.edgeplan.multiexit.exact;
