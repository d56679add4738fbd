package org.edgeplan.bench.batch;

import java.io.Serializable;

/**
 * What every run of a batch shares, wherever it runs: the suite's name and isolation, the code version of the
 * driver (the process that writes the records), and how many runs at once the local engine may start.
 *
 * @param suite       the suite's name (a field of every record)
 * @param isolation   each run in its own JVM, or in the JVM that executes it
 * @param codeVersion EdgePlan version and git commit of the driver ({@link Machine#codeVersion})
 * @param parallel    runs at once for the local engine; other engines take their parallelism from their cluster
 */
public record RunSetup(String suite, Suite.Isolation isolation, String codeVersion, int parallel)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
