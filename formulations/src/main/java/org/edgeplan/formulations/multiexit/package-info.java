/**
 * Formulations of problem A (the multi-exit model as reconstructed in {@code docs/models/multi-exit-model.md}) for
 * OR-Tools: the split point of every device for the instance's default exit set, with closed-form edge shares, so the
 * objective is {@code Σ_i g_i(s_i) + (Σ_i h_i(s_i))²}.
 * <ul>
 *   <li>{@link org.edgeplan.formulations.multiexit.CpSatSplitSolver} ({@code cp-sat}): integer-scaled costs and an
 *       exact square by a multiplication equality; the bound is corrected by the scaling error bound of
 *       {@link org.edgeplan.formulations.multiexit.ScaledSplitCosts}.</li>
 *   <li>{@link org.edgeplan.formulations.multiexit.MilpSplitSolver} ({@code milp-scip}, {@code milp-highs}):
 *       binaries per option and iterated tangent cuts on the square until the certified gap closes.</li>
 * </ul>
 * Both start from {@link org.edgeplan.formulations.multiexit.SplitChoices}: finite options, exact reductions and a
 * warm-start incumbent; what else they share is in {@link org.edgeplan.formulations.multiexit.SplitFormulationSolver}.
 * Every plan is scored with the true cost, which equals the evaluator's.
 */
package org.edgeplan.formulations.multiexit;
