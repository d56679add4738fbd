/**
 * Problem A's baselines: the methods named by Ma, Wang and Tang (ACO/SPINN exits with equal-allocation splits, fixed
 * partition with random allocation) and device-only, edge-only.
 */
package org.edgeplan.multiexit.baselines;
