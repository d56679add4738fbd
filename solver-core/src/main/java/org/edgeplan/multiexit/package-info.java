/**
 * Problem A, multi-exit partitioning and edge resource allocation (the model as reconstructed in {@code
 * docs/models/multi-exit-model.md}): instance, plan, cost model, the one evaluator and its JSON form, the closed-form
 * optimal shares, and the solver contract of the problem ({@link org.edgeplan.multiexit.MultiExitSolver}, with the
 * base {@link org.edgeplan.multiexit.AbstractMultiExitSolver} of the registered exact methods, baselines and
 * formulations).
 */
package org.edgeplan.multiexit;
