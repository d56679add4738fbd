package org.edgeplan.bench.batch;

import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Consumer;

import org.edgeplan.core.InvalidInputException;

/**
 * Where the runs of a batch are executed. The {@link BatchRunner} keeps everything else: which runs are left to do
 * (resume, {@code --fresh}), the record log, the kept plans, the check against proven optima and progress. It hands
 * an engine the runs left to do, and the engine hands each run back to the runner's sink as soon as it has finished.
 * The sink appends the run's record once, whatever an engine delivers twice.
 *
 * <p>{@code local} (a pool of threads in this JVM, the default) is built in; other engines are found by name through
 * {@link ServiceLoader} ({@link Provider}): {@code spark} comes with the {@code spark-runner} module.
 */
public interface RunEngine extends AutoCloseable {
    /** The engine's name as given to {@code --engine}. */
    String name();

    /**
     * Runs each of {@code runs} and hands its result to {@code sink} as soon as it has finished. The sink is
     * thread-safe and may be called from any thread; an exception it throws (the log cannot be written) ends the
     * batch and is thrown from here. Returns when every run has been handed over.
     *
     * @throws InterruptedException when the calling thread is interrupted; the runs in progress are stopped
     */
    void run(List<RunSpec> runs, RunSetup setup, Consumer<FinishedRun> sink) throws InterruptedException;

    /** How many runs go at once, for the bench's first line: {@code "2 at once"}. */
    default String concurrency(int parallel) {
        return parallel + " at once";
    }

    /** Stops the runs in progress at once (Ctrl-C): called from a shutdown hook, from any thread. */
    void cancel();

    /** Releases what the engine holds (a cluster connection). */
    @Override
    default void close() {
    }

    /** An engine that can be named on the command line, registered in {@code META-INF/services}. */
    interface Provider {
        /** The name given to {@code --engine}. */
        String name();

        /**
         * A new engine.
         *
         * @param master the cluster to run on ({@code --master}), or null for the engine's default
         * @param suite  the suite it will run (its name, threads per run)
         * @throws InvalidInputException one line for a bad master or an engine that cannot start
         */
        RunEngine create(String master, Suite suite);
    }

    /** The name of the engine built in. */
    String LOCAL = "local";
    /** The name of the engine of the {@code spark-runner} module. */
    String SPARK = "spark";

    /**
     * The engine called {@code name}: {@code local}, or one registered by a {@link Provider}.
     *
     * @throws InvalidInputException one line for an unknown engine, an engine that is not on the class path (with how
     *                               to get it), or {@code --master} given to the local engine
     */
    static RunEngine named(String name, String master, Suite suite) {
        if (name.equals(LOCAL)) {
            if (master != null) {
                throw new InvalidInputException("--master applies to --engine " + SPARK + " only; the local engine"
                        + " runs in this JVM");
            }
            return new LocalEngine();
        }
        for (Provider p : ServiceLoader.load(Provider.class)) {
            if (p.name().equals(name)) {
                return p.create(master, suite);
            }
        }
        if (name.equals(SPARK)) {
            throw new InvalidInputException("--engine spark: the Spark engine is not on the class path. Build it once"
                    + " with 'mvn -B -DskipTests package -pl spark-runner -am' (bin/edgeplan then uses it), or run"
                    + " spark-submit with spark-runner/target/edgeplan-spark.jar (README, 'Batch benchmarks on a"
                    + " cluster')");
        }
        throw new InvalidInputException("--engine: unknown engine '" + name + "'; expected " + LOCAL + " or " + SPARK);
    }
}
