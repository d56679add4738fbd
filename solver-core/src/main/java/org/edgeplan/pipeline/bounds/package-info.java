/**
 * Proven lower bounds on problem B's optimum, for certified gaps when no exact solver finishes: the relaxations of
 * {@link org.edgeplan.pipeline.bounds.PipelineLowerBound} (contention-free, load), the Lagrangian relaxation of node
 * capacity ({@link org.edgeplan.pipeline.bounds.CapacityLagrangianBound}) and the method built on it
 * ({@link org.edgeplan.pipeline.bounds.LagrangianSolver}). Proof sketches: docs/models/pipeline-bounds.md.
 */
package org.edgeplan.pipeline.bounds;
