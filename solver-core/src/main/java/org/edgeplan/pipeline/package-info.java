/**
 * Problem B, multi-endpoint DAG partitioning-offloading and pipeline scheduling (the model as reconstructed in {@code
 * docs/models/pipeline-model.md}): instance, plan, the compiled form, the simulator behind the one evaluator, the list
 * scheduler and the JSON form.
 */
package org.edgeplan.pipeline;
