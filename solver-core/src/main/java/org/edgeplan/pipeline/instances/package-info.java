/**
 * Sources of problem-B instances: the shipped scenarios, the contended {@code ScaledPipelines} family, the
 * {@code KnownOptimumPipelines} family of makespan instances whose optimum is known by construction, and the Kasahara
 * Standard Task Graph importer with its published optima.
 */
package org.edgeplan.pipeline.instances;
