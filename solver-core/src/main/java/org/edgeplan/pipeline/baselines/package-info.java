/** Problem B's baselines: every layer on its endpoint's device, or on the best edge node, list-scheduled. */
package org.edgeplan.pipeline.baselines;
