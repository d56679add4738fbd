package org.edgeplan.spark;

import java.io.Serializable;

import org.edgeplan.bench.batch.PolicyRun;
import org.edgeplan.bench.batch.RunSpec;
import org.edgeplan.core.InvalidInputException;

/**
 * One run as a Spark task carries it to an executor: the run's key and its instance's content hash. The instance
 * itself travels once per executor, in the batch's broadcast of instances ({@link SparkEngine}), not once per task.
 *
 * @param instanceFile     the instance file as the suite names it (relative to the instances folder)
 * @param processors       processors of an STG graph, else 0
 * @param instanceHash     the content hash of the instance, the key of the broadcast
 * @param solver           solver name
 * @param seed             seed
 * @param timeLimitSeconds time limit
 * @param threads          threads
 */
record RunTask(String instanceFile, int processors, String instanceHash, String solver, long seed,
               double timeLimitSeconds, int threads) implements Serializable {
    private static final long serialVersionUID = 1L;

    static RunTask of(RunSpec spec) {
        if (spec.solver() instanceof PolicyRun<?, ?> p) {
            // The policy file is on the driver's disk, which executors on other machines do not see.
            throw new InvalidInputException("--engine spark: the suite's policy '" + p.name() + "' (" + p.policy()
                    + ") runs with the local engine only");
        }
        return new RunTask(spec.ref().relative(), spec.ref().processors(), spec.instanceHash(), spec.solver().name(),
                spec.seed(), spec.timeLimitSeconds(), spec.threads());
    }
}
