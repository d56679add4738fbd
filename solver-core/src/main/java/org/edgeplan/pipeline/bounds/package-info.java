/** Proven lower bounds on problem B's optimum, for certified gaps when no exact solver finishes. */
package org.edgeplan.pipeline.bounds;
