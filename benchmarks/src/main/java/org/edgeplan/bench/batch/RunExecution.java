package org.edgeplan.bench.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.edgeplan.core.Instance;
import org.edgeplan.core.Plan;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.PlanIo;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * Runs one run where it is called: in this JVM ({@code "isolation": "in-process"}) or in a child JVM started here
 * ({@code "process"}), and returns its record. It writes nothing but the child's scratch files, so it can run on
 * the machine that keeps the records (the local engine) as well as on a cluster's executor (the Spark engine); the
 * records and plans are written by the batch runner that receives the result.
 *
 * <p>The running children are known here, so that {@link #cancel()} (Ctrl-C, a cancelled Spark task) can kill them.
 */
public final class RunExecution {
    /** Seconds granted beyond the time limit before a child JVM is killed: JVM start, native loading, output. */
    static final double GRACE_SECONDS = 30;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCRATCH_PREFIX = "edgeplan-run-";
    private static final Pattern SCRATCH = Pattern.compile("edgeplan-run-(\\d{1,18})-\\d+\\.(json|err)");

    private final RunSetup setup;
    private final String childClasspath;
    private final Map<String, String> machine;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final Set<Path> scratch = ConcurrentHashMap.newKeySet();

    /** Executions of the runs of one batch, on this machine (whose description goes into their records). */
    public RunExecution(RunSetup setup) {
        this(setup, childClasspath());
    }

    /**
     * Executions whose child JVMs get {@code childClasspath} (on a cluster's executor: the application jar, which
     * carries everything a run needs, rather than the executor's own class path); null for the default.
     */
    public RunExecution(RunSetup setup, String childClasspath) {
        this.setup = setup;
        this.childClasspath = childClasspath != null ? childClasspath : childClasspath();
        this.machine = Machine.describe();
    }

    /** Runs {@code spec}; a child JVM reads the instance from the spec's own file. */
    public FinishedRun execute(RunSpec spec) {
        return execute(spec, spec.ref().file(), spec.ref().processors());
    }

    /**
     * Runs {@code spec}. A run that exhausts the heap in this process is recorded as failed (the solve itself is
     * guarded by {@link Outcome#run}; this covers the rest) so that the batch goes on and a resume does not repeat it.
     *
     * @param childInput      the instance file a child JVM reads (where the suite's own file is not at hand, as on
     *                        a cluster's executor: the instance written out as JSON)
     * @param childProcessors {@code --processors} for the child (an STG graph), 0 for a JSON instance
     */
    public FinishedRun execute(RunSpec spec, Path childInput, int childProcessors) {
        String startedAt = Instant.now().toString();
        long start = System.nanoTime();
        try {
            return setup.isolation() == Suite.Isolation.IN_PROCESS
                    ? inProcess(spec, startedAt)
                    : inChild(spec, childInput, childProcessors, startedAt);
        } catch (OutOfMemoryError e) {
            return new FinishedRun(failed(spec, startedAt, (System.nanoTime() - start) / 1e9,
                    Outcome.outOfMemory(e)), null);
        }
    }

    /** Kills the running children and deletes their scratch files: the runs in progress end without a result. */
    public void cancel() {
        children.forEach(Process::destroyForcibly);
        scratch.forEach(RunExecution::delete); // threads killed with the JVM end without their finally blocks
    }

    private FinishedRun inProcess(RunSpec spec, String startedAt) {
        SolverSettings settings = new SolverSettings(spec.timeLimitSeconds(), spec.seed(), spec.threads());
        Outcome o = Outcome.run(spec.solver(), spec.instance(), settings, false);
        Plan plan = o.result().plan();
        String planJson = plan == null || spec.instance().kind() != ProblemKind.PIPELINE ? null
                : PlanIo.toJson(plan, spec.instance());
        return new FinishedRun(new RunRecord(setup.suite(), spec.ref().relative(), spec.ref().processors(),
                spec.instance().name(), spec.instance().kind().label(), features(spec.instance()), spec.solver().name(),
                spec.seed(), spec.timeLimitSeconds(), spec.threads(), o.status().label(), o.objective(),
                o.result().solverObjective(), o.result().bound(), o.result().wallSeconds(), o.cpuSeconds(),
                Double.NaN, o.trajectory(), o.message(), setup.codeVersion(), machine, startedAt, o.result().scope(),
                spec.instanceHash()), planJson);
    }

    private FinishedRun inChild(RunSpec spec, Path input, int processors, String startedAt) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary()));
        cmd.addAll(heapOptions());
        cmd.addAll(List.of("-Djava.awt.headless=true", "-D" + BatchRunner.EXIT_WITH_PARENT + "=true", "-cp",
                childClasspath, "org.edgeplan.cli.EdgePlanCli", "solve", input.toAbsolutePath().toString(),
                "--solver", spec.solver() instanceof PolicyRun<?, ?> p ? p.base() : spec.solver().name(),
                "--seed", Long.toString(spec.seed()),
                "--time-limit", Double.toString(spec.timeLimitSeconds()), "--threads", Integer.toString(spec.threads()),
                "--json"));
        if (spec.solver() instanceof PolicyRun<?, ?> p) {
            cmd.addAll(List.of("--policy", p.policy().toAbsolutePath().toString()));
        }
        if (processors > 0) {
            cmd.addAll(List.of("--processors", Integer.toString(processors)));
        }
        Path out = null;
        Path err = null;
        long start = System.nanoTime();
        try {
            out = scratchFile(".json");
            err = scratchFile(".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            children.add(p);
            boolean ended;
            try {
                ended = p.waitFor((long) Math.ceil(spec.timeLimitSeconds() * 1.5 + GRACE_SECONDS), TimeUnit.SECONDS);
            } finally {
                if (!p.waitFor(0, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                children.remove(p);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (!ended) {
                return new FinishedRun(failed(spec, startedAt, wall, String.format(Locale.ROOT,
                        "killed: the run did not end within %.0f s (time limit %.0f s)",
                        spec.timeLimitSeconds() * 1.5 + GRACE_SECONDS, spec.timeLimitSeconds())), null);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() == 2 || stdout.isBlank()) {
                String last = lastLine(Files.readString(err, StandardCharsets.UTF_8));
                return new FinishedRun(failed(spec, startedAt, wall, "child JVM exited with status "
                        + p.exitValue() + (last.isEmpty() ? "" : ": " + last)), null);
            }
            JsonNode solved = MAPPER.readTree(stdout);
            return new FinishedRun(fromSolveJson(spec, solved, startedAt), planJson(spec, solved.get("plan")));
        } catch (IOException e) {
            return new FinishedRun(failed(spec, startedAt, (System.nanoTime() - start) / 1e9,
                    "cannot run the child JVM: " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FinishedRun(failed(spec, startedAt, (System.nanoTime() - start) / 1e9, "interrupted"), null);
        } finally {
            delete(out);
            delete(err);
            scratch.remove(out);
            scratch.remove(err);
        }
    }

    /** The {@code plan} field of {@code solve --json} for a problem-B run, as kept beside the records; else null. */
    private static String planJson(RunSpec spec, JsonNode plan) {
        if (plan == null || plan.isNull() || plan.isMissingNode() || spec.instance().kind() != ProblemKind.PIPELINE) {
            return null;
        }
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan) + "\n";
        } catch (JsonProcessingException e) {
            return null; // a tree read from JSON always writes back; nothing to keep otherwise
        }
    }

    /**
     * A child's output file, {@code edgeplan-run-<pid>-<random><suffix>} in the temporary folder: deleted when the run
     * ends, by {@link #cancel()} on Ctrl-C, and, after a SIGKILL, by the next batch once this process is gone.
     */
    private Path scratchFile(String suffix) throws IOException {
        Path p = Files.createTempFile(SCRATCH_PREFIX + ProcessHandle.current().pid() + "-", suffix);
        scratch.add(p);
        return p;
    }

    /** Deletes the children's output files of batches whose process is gone (killed with SIGKILL, crashed). */
    public static void removeStaleScratchFiles(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, SCRATCH_PREFIX + "*")) {
            for (Path f : files) {
                Matcher m = SCRATCH.matcher(f.getFileName().toString());
                if (m.matches() && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    delete(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning up is a courtesy; the batch does not depend on it
        }
    }

    private RunRecord fromSolveJson(RunSpec spec, JsonNode n, String startedAt) {
        List<double[]> trajectory = RunRecord.trajectory(n);
        return new RunRecord(setup.suite(), spec.ref().relative(), spec.ref().processors(), spec.instance().name(),
                spec.instance().kind().label(), features(spec.instance()), spec.solver().name(), spec.seed(),
                spec.timeLimitSeconds(), spec.threads(), n.path("status").asText("failed"), number(n, "objective"),
                number(n, "solverObjective"), number(n, "bound"), number(n, "wallSeconds"), number(n, "cpuSeconds"),
                number(n, "peakMemoryBytes"), trajectory, n.path("message").asText(""), setup.codeVersion(), machine,
                startedAt, n.path("statistics").path(SolveResult.SCOPE).asText(""), spec.instanceHash());
    }

    private RunRecord failed(RunSpec spec, String startedAt, double wall, String message) {
        return new RunRecord(setup.suite(), spec.ref().relative(), spec.ref().processors(), spec.instance().name(),
                spec.instance().kind().label(), features(spec.instance()), spec.solver().name(), spec.seed(),
                spec.timeLimitSeconds(), spec.threads(), "failed", Double.NaN, Double.NaN, Double.NaN, wall,
                Double.NaN, Double.NaN, List.of(), message, setup.codeVersion(), machine, startedAt, "",
                spec.instanceHash());
    }

    /** Size figures of an instance for tables and plots. */
    public static Map<String, Double> features(Instance instance) {
        Map<String, Double> f = new LinkedHashMap<>();
        if (instance instanceof MultiExitInstance a) {
            f.put("devices", (double) a.devices().size());
            f.put("layers", (double) a.dnn().layerCount());
            f.put("bandwidthMbits", a.devices().stream().mapToDouble(Device::bandwidthBitsPerSecond).average()
                    .orElse(Double.NaN) / 1e6);
        } else if (instance instanceof PipelineInstance b) {
            f.put("subtasks", (double) b.subtaskCount());
            f.put("nodes", (double) b.nodeCount());
            f.put("requests", (double) b.requestCount());
        }
        return f;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).trim();
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    /**
     * The heap options this JVM was started with ({@code EDGEPLAN_JAVA_OPTS=-Xmx...}), for its children: a run gets
     * the heap the bench was given, so that an instance the bench loaded is not refused by its run for size.
     */
    static List<String> heapOptions() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-XX:MaxHeapSize")
                        || a.startsWith("-XX:InitialHeapSize") || a.startsWith("-XX:MaxRAM")
                        || a.startsWith("-XX:InitialRAM") || a.startsWith("-XX:MinRAM"))
                .toList();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The packaged jar with its lib/ folder when running from it, else this JVM's class path (tests, IDEs). */
    static String childClasspath() {
        CodeSource source = RunExecution.class.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null && source.getLocation().getPath().endsWith(".jar")) {
            try {
                Path jar = Path.of(source.getLocation().toURI());
                return jar + java.io.File.pathSeparator + jar.resolveSibling("lib").resolve("*");
            } catch (java.net.URISyntaxException e) {
                // fall through to the class path
            }
        }
        return System.getProperty("java.class.path");
    }
}
