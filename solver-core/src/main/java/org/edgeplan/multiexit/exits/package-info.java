/**
 * Exit setting for problem A (the multi-exit model as reconstructed in {@code docs/models/multi-exit-model.md}):
 * rules that place the early exits before splits and shares are chosen. The objective of exit setting is the
 * expected FLOPs per task ({@link org.edgeplan.multiexit.exits.ExpectedFlops}); its exact minimiser is
 * {@link org.edgeplan.multiexit.exits.MinFlopsExitSetting} (dynamic programming), the paper's heuristic is
 * {@link org.edgeplan.multiexit.exits.AntColonyExitSetting} (our reconstruction of its ACO) and SPINN's fixed rule
 * is {@link org.edgeplan.multiexit.exits.SpinnExitSetting}. Minimising FLOPs is not minimising the plan's cost:
 * the cost-optimal exit set of the joint problem is found by {@code exact-joint}.
 */
package org.edgeplan.multiexit.exits;
