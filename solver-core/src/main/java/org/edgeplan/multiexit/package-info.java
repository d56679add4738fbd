/**
 * Problem A, multi-exit partitioning and edge resource allocation (the model as reconstructed in {@code
 * docs/models/multi-exit-model.md}): instance, plan, cost model, the one evaluator and its JSON form.
 */
package org.edgeplan.multiexit;
