/**
 * Sources of problem-B instances: the shipped scenarios, the contended {@code ScaledPipelines} family and the Kasahara
 * Standard Task Graph importer with its published optima.
 */
package org.edgeplan.pipeline.instances;
