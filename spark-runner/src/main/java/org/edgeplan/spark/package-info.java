/**
 * The batch runner's Spark engine ({@code edgeplan bench SUITE --engine spark}): each run of a suite is a Spark task,
 * its record comes back to the driver, which keeps the record log, the plans and the report as the local engine does.
 */
package org.edgeplan.spark;
