/**
 * The batch runner: suites (read as strictly as instances), one record per run appended to {@code runs.jsonl} by one
 * writer at a time ({@link org.edgeplan.bench.batch.RecordLock}), resume, process isolation, and best-known values
 * found by instance content hash; runs below a proven optimum go to {@code suspect.jsonl}.
 */
package org.edgeplan.bench.batch;
