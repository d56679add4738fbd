/**
 * The solver contract both problems share: instances, plans, evaluations, {@link org.edgeplan.core.Solver}, its
 * settings, results and the {@link org.edgeplan.core.SolverRegistry}.
 */
package org.edgeplan.core;
