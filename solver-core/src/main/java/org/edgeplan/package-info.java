/**
 * Entry points shared by both problems: {@link org.edgeplan.Evaluators} sends a plan to the one evaluator of its
 * problem.
 */
package org.edgeplan;
