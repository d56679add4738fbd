package org.edgeplan.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.edgeplan.bench.batch.RunExecution;
import org.edgeplan.bench.batch.RunSetup;
import org.edgeplan.bench.batch.RunSpec;
import org.edgeplan.bench.batch.Suite;
import org.edgeplan.core.Instance;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.io.InstanceIo;

/**
 * The executor's side of a run: what an executor JVM keeps across the tasks it runs (each instance parsed once, the
 * solver registry, the instance files for child JVMs), and the run itself, by the batch runner's own
 * {@link RunExecution}. OR-Tools' native library is loaded by the first run that needs it and stays loaded for the
 * executor's life (OR-Tools' {@code Loader} loads it once per JVM, and Spark runs every task of an executor in the
 * same JVM).
 */
final class ExecutorRuns {
    private static final Map<String, Instance> INSTANCES = new ConcurrentHashMap<>();
    private static final Map<String, Path> INSTANCE_FILES = new ConcurrentHashMap<>();
    private static volatile SolverRegistry registry;
    private static final AtomicBoolean SCRATCH_CLEANED = new AtomicBoolean();

    private ExecutorRuns() {
    }

    /**
     * Runs one task.
     *
     * @param instances the batch's instances as JSON, by content hash
     * @throws IllegalStateException when this executor reads an instance to another content hash than the driver
     *                               (driver and executors run different EdgePlan versions): the task fails, and with it
     *                               the job once Spark has retried it, rather than record runs of another instance
     */
    static TaskResult run(RunTask task, Map<String, String> instances, RunSetup setup) {
        String json = instances.get(task.instanceHash());
        if (json == null) {
            throw new IllegalStateException("no instance " + task.instanceHash() + " in the batch's broadcast");
        }
        Instance instance = INSTANCES.computeIfAbsent(task.instanceHash(), hash -> {
            Instance parsed = InstanceIo.parse(json, task.instanceFile());
            String here = InstanceIo.contentHash(parsed);
            if (!here.equals(hash)) {
                throw new IllegalStateException(task.instanceFile() + " has content hash " + here + " on this executor"
                        + " and " + hash + " on the driver: do they run the same EdgePlan version?");
            }
            return parsed;
        });
        RunSpec spec = new RunSpec(new Suite.InstanceRef(Path.of(task.instanceFile()), task.instanceFile(),
                task.processors()), instance, task.instanceHash(), registry().find(instance.kind(), task.solver()),
                task.seed(), task.timeLimitSeconds(), task.threads());
        if (setup.isolation() == Suite.Isolation.PROCESS && SCRATCH_CLEANED.compareAndSet(false, true)) {
            // child JVMs' output files left by executors that were killed, once per executor
            RunExecution.removeStaleScratchFiles(Path.of(System.getProperty("java.io.tmpdir")));
        }
        RunExecution execution = new RunExecution(setup, childClasspath());
        // A child JVM reads the instance from a file of this executor: the suite's own file is on the driver's disk.
        Path childInput = setup.isolation() == Suite.Isolation.PROCESS ? instanceFile(task.instanceHash(), json) : null;
        return TaskResult.of(execution.execute(spec, childInput, 0));
    }

    private static SolverRegistry registry() {
        SolverRegistry r = registry;
        if (r == null) {
            r = SolverRegistry.load();
            registry = r;
        }
        return r;
    }

    /** The instance as a JSON file in the executor's temporary folder, written once per executor. */
    private static Path instanceFile(String hash, String json) {
        return INSTANCE_FILES.computeIfAbsent(hash, h -> {
            try {
                Path f = Files.createTempFile("edgeplan-instance-", ".json");
                f.toFile().deleteOnExit();
                Files.writeString(f, json, StandardCharsets.UTF_8);
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write an instance file for a child JVM", e);
            }
        });
    }

    /**
     * The class path of a child JVM: the application jar when this class and the CLI come from one jar (the jar
     * spark-submit shipped to this executor carries everything a run needs), else the default of
     * {@link RunExecution} (this JVM's class path: tests, the driver's own JVM in local mode).
     */
    static String childClasspath() {
        CodeSource mine = ExecutorRuns.class.getProtectionDomain().getCodeSource();
        CodeSource cli = RunExecution.class.getProtectionDomain().getCodeSource();
        if (mine != null && cli != null && mine.getLocation() != null && mine.getLocation().equals(cli.getLocation())
                && mine.getLocation().getPath().endsWith(".jar")) {
            try {
                return Path.of(mine.getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
