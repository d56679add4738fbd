/**
 * The batch runner: suites, one record per run appended to {@code runs.jsonl}, resume, process isolation and best-known
 * values.
 */
package org.edgeplan.bench.batch;
