/**
 * Reports over run records: gaps to the reference, statistics with confidence intervals, primal measures, tables, plots
 * and the HTML page.
 */
package org.edgeplan.bench.report;
