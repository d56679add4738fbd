package org.edgeplan.bench.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * Runs a {@link Suite}: expands it into runs, skips those already in {@code runs.jsonl}, runs the rest on a bounded
 * pool (each in its own JVM, or in this one), and appends each finished run to the log at once. Every instance is
 * loaded and every solver name checked before the first run, so a bad suite fails before anything is spent.
 */
public final class BatchRunner {
    /** Seconds granted beyond the time limit before a child JVM is killed: JVM start, native loading, output. */
    static final double GRACE_SECONDS = 30;
    /** File name of the quarantine beside {@code runs.jsonl}: runs whose objective is below a proven optimum. */
    public static final String SUSPECT_FILE = "suspect.jsonl";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCRATCH_PREFIX = "edgeplan-run-";
    private static final Pattern SCRATCH = Pattern.compile("edgeplan-run-(\\d{1,18})-\\d+\\.(json|err)");

    /**
     * @param instancesRoot the instances folder the suite's globs are relative to
     * @param home          the checkout (for the code version); may be null
     * @param runsFile      the record log
     * @param parallel      runs at once (overrides the suite's when positive)
     * @param progress      called after each finished run with (done, total, record)
     */
    public record Options(Path instancesRoot, Path home, Path runsFile, int parallel, Progress progress) {
    }

    /** Told after every finished run. */
    @FunctionalInterface
    public interface Progress {
        void finished(int done, int total, RunRecord record);
    }

    /**
     * The expansion of a suite: what will run and what was already done.
     *
     * @param todo     runs to do
     * @param done     the suite's records already in the log (of the instances as they are now)
     * @param suspects the suite's runs already kept in {@code suspect.jsonl} (not run again)
     * @param total    runs of the suite
     */
    public record Plan(List<RunSpec> todo, List<RunRecord> done, List<RunRecord> suspects, int total) {
    }

    /**
     * What a batch left: the suite's records (earlier and new, as in the log) and its runs that beat a proven
     * optimum, kept in {@code suspect.jsonl} instead.
     */
    public record Result(List<RunRecord> records, List<RunRecord> suspects) {
    }

    /** Where the runs that beat a proven optimum go: {@code suspect.jsonl} beside the log. */
    public static Path suspectFile(Path runsFile) {
        return runsFile.toAbsolutePath().resolveSibling(SUSPECT_FILE);
    }

    private final Suite suite;
    private final Options options;
    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final Set<Path> scratch = ConcurrentHashMap.newKeySet();
    private List<RunSpec> expanded;

    public BatchRunner(Suite suite, Options options) {
        this.suite = suite;
        this.options = options;
    }

    /**
     * Loads every instance, resolves every solver ({@link #check()}), and subtracts the runs already recorded (in the
     * log or in {@code suspect.jsonl}). A record counts for its run only when it ran the instance as it is now (same
     * content hash): after an instance file changed, its runs are done again (the old records stay in the log).
     * Records written before hashes existed are taken to be of the instance as it is now and given its hash.
     */
    public Plan plan() {
        List<RunSpec> all = expand();
        Map<RunKey, String> hashes = new HashMap<>();
        all.forEach(s -> hashes.put(s.key(), s.instanceHash()));
        Set<RunKey> finished = new HashSet<>();
        List<RunRecord> done = current(RecordLog.read(options.runsFile()), hashes, finished);
        Path suspectFile = suspectFile(options.runsFile());
        List<RunRecord> suspects = current(Files.exists(suspectFile) ? RecordLog.read(suspectFile) : List.of(), hashes,
                finished);
        List<RunSpec> todo = all.stream().filter(s -> !finished.contains(s.key())).toList();
        return new Plan(todo, done, suspects, all.size());
    }

    /** The records of planned runs of the instances as they are now, each run once (the first record counts). */
    private static List<RunRecord> current(List<RunRecord> records, Map<RunKey, String> hashes, Set<RunKey> finished) {
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : records) {
            String hash = hashes.get(r.key());
            if (hash == null) {
                continue; // not a run of this suite
            }
            if (r.instanceHash().isEmpty()) {
                r = r.withInstanceHash(hash);
            } else if (!r.instanceHash().equals(hash)) {
                continue; // a run of the file's earlier content
            }
            if (finished.add(r.key())) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Expands the suite into its runs, loading and checking every instance and solver without touching the records,
     * so that a bad suite fails before anything is locked, read or written. A named solver that applies to none of
     * the selected instances, and a suite without any run, are errors naming the JSON path.
     *
     * @return the number of runs of the suite
     */
    public int check() {
        return expand().size();
    }

    /** Every run of the suite ({@link #check()}), computed once per runner. */
    private synchronized List<RunSpec> expand() {
        if (expanded != null) {
            return expanded;
        }
        SolverRegistry registry = SolverRegistry.load();
        List<RunSpec> all = new ArrayList<>();
        Set<String> applied = new HashSet<>();
        Set<ProblemKind> problems = new java.util.TreeSet<>();
        for (Suite.InstanceRef ref : suite.resolve(options.instancesRoot())) {
            Instance instance = ref.load();
            String hash = InstanceIo.contentHash(instance);
            problems.add(instance.kind());
            for (Solver<?, ?> solver : registry.forProblem(instance.kind())) {
                boolean wanted = suite.solvers().contains(solver.name())
                        || (suite.solvers().contains("*") && !suite.excludeSolvers().contains(solver.name()));
                if (!wanted) {
                    continue;
                }
                applied.add(solver.name());
                for (long seed : suite.seeds()) {
                    all.add(new RunSpec(ref, instance, hash, solver, seed, suite.timeLimitSeconds(), suite.threads()));
                }
            }
        }
        for (int k = 0; k < suite.solvers().size(); k++) {
            String name = suite.solvers().get(k);
            if (!name.equals("*") && !applied.contains(name)) {
                throw suite.error("$.solvers[" + k + "]", "'" + name + "' applies to none of the selected instances ("
                        + problems.stream().map(ProblemKind::label).toList() + ")");
            }
        }
        if (all.isEmpty()) {
            throw suite.error("$.solvers", "no solver applies to any selected instance: the suite has no run");
        }
        expanded = List.copyOf(all);
        return expanded;
    }

    /** Set when the batch is being stopped (Ctrl-C, interruption): runs ending from then on are not recorded. */
    private volatile boolean stopping;

    /**
     * Runs what {@link #plan()} left to do and returns every record of the suite (earlier and new). A run whose
     * objective is below its instance's proven optimum ({@link BestKnownStore#bug}) is not appended to the log: it
     * goes to {@code suspect.jsonl} beside it. Interrupting the calling thread (or Ctrl-C, through the shutdown hook)
     * stops the batch after killing the running children; the logs hold every run that finished.
     */
    public Result run(Plan plan) {
        int parallel = options.parallel() > 0 ? options.parallel() : suite.parallel();
        String codeVersion = Machine.codeVersion(options.home());
        Map<String, String> machine = Machine.describe();
        BestKnownStore bestKnown = BestKnownStore.load(options.instancesRoot());
        List<RunRecord> records = java.util.Collections.synchronizedList(new ArrayList<>(plan.done()));
        List<RunRecord> suspects = java.util.Collections.synchronizedList(new ArrayList<>(plan.suspects()));
        removeStaleScratchFiles(Path.of(System.getProperty("java.io.tmpdir")));
        stopping = false;
        Thread hook = new Thread(() -> {
            stopping = true; // before the kill: a run that ends because of it is not a result
            killChildren();
            scratch.forEach(BatchRunner::delete); // the pool's threads end without their finally blocks
        }, "edgeplan-bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "edgeplan-bench");
            t.setDaemon(true);
            return t;
        });
        int[] done = {plan.done().size() + plan.suspects().size()};
        RecordLog[] quarantine = {null};
        try (RecordLog log = RecordLog.open(options.runsFile())) {
            List<Future<?>> futures = new ArrayList<>();
            for (RunSpec spec : plan.todo()) {
                futures.add(pool.submit(() -> {
                    RunRecord record = execute(spec, codeVersion, machine);
                    if (stopping) {
                        // Killed by Ctrl-C or an interrupted batch, not finished: no record, so that the next
                        // batch runs it again instead of skipping it as done.
                        return null;
                    }
                    if (bestKnown.bug(record) != null) {
                        synchronized (quarantine) {
                            if (quarantine[0] == null) {
                                quarantine[0] = RecordLog.open(suspectFile(options.runsFile()));
                            }
                            quarantine[0].append(record);
                        }
                        suspects.add(record);
                    } else {
                        log.append(record);
                        records.add(record);
                    }
                    int d;
                    synchronized (done) {
                        d = ++done[0];
                    }
                    if (options.progress() != null) {
                        options.progress().finished(d, plan.total(), record);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("batch interrupted; finished runs are in " + options.runsFile());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidInputException || e.getCause() instanceof java.io.UncheckedIOException) {
                throw (RuntimeException) e.getCause(); // a log that cannot be written: one line, not a stack trace
            }
            throw new IllegalStateException("batch runner failed: " + e.getCause(), e.getCause());
        } finally {
            stopping = true;
            pool.shutdownNow();
            killChildren();
            synchronized (quarantine) {
                if (quarantine[0] != null) {
                    quarantine[0].close();
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook runs anyway
            }
        }
        synchronized (records) {
            synchronized (suspects) {
                return new Result(List.copyOf(records), List.copyOf(suspects));
            }
        }
    }

    /**
     * The system property that makes a process-isolated run end with this JVM: children are killed by the shutdown
     * hook on Ctrl-C and SIGTERM, but no hook runs on SIGKILL, so each child also watches its standard input (a pipe
     * only this JVM holds, closed by the operating system when it ends) and halts when it closes.
     */
    public static final String EXIT_WITH_PARENT = "edgeplan.exitWithParent";

    private void killChildren() {
        children.forEach(Process::destroyForcibly);
    }


    /**
     * One run's record. A run that exhausts the heap in this process is recorded as failed (the solve itself is
     * guarded by {@link Outcome#run}; this covers the rest) so that the batch goes on and a resume does not repeat it.
     */
    private RunRecord execute(RunSpec spec, String codeVersion, Map<String, String> machine) {
        String startedAt = Instant.now().toString();
        long start = System.nanoTime();
        try {
            return suite.isolation() == Suite.Isolation.IN_PROCESS
                    ? inProcess(spec, codeVersion, machine, startedAt)
                    : inChild(spec, codeVersion, machine, startedAt);
        } catch (OutOfMemoryError e) {
            return failed(spec, codeVersion, machine, startedAt, (System.nanoTime() - start) / 1e9,
                    Outcome.outOfMemory(e));
        }
    }

    private RunRecord inProcess(RunSpec spec, String codeVersion, Map<String, String> machine, String startedAt) {
        SolverSettings settings = new SolverSettings(spec.timeLimitSeconds(), spec.seed(), spec.threads());
        Outcome o = Outcome.run(spec.solver(), spec.instance(), settings, false);
        RunPlans.keep(options.runsFile(), spec, o.result().plan());
        return new RunRecord(suite.name(), spec.ref().relative(), spec.ref().processors(), spec.instance().name(),
                spec.instance().kind().label(), features(spec.instance()), spec.solver().name(), spec.seed(),
                spec.timeLimitSeconds(), spec.threads(), o.status().label(), o.objective(),
                o.result().solverObjective(), o.result().bound(), o.result().wallSeconds(), o.cpuSeconds(),
                Double.NaN, o.trajectory(), o.message(), codeVersion, machine, startedAt, o.result().scope(),
                spec.instanceHash());
    }

    private RunRecord inChild(RunSpec spec, String codeVersion, Map<String, String> machine, String startedAt) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary()));
        cmd.addAll(heapOptions());
        cmd.addAll(List.of("-Djava.awt.headless=true", "-D" + EXIT_WITH_PARENT + "=true", "-cp", childClasspath(),
                "org.edgeplan.cli.EdgePlanCli", "solve", spec.ref().file().toAbsolutePath().toString(),
                "--solver", spec.solver().name(), "--seed", Long.toString(spec.seed()),
                "--time-limit", Double.toString(spec.timeLimitSeconds()), "--threads", Integer.toString(spec.threads()),
                "--json"));
        if (spec.ref().processors() > 0) {
            cmd.addAll(List.of("--processors", Integer.toString(spec.ref().processors())));
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
                return failed(spec, codeVersion, machine, startedAt, wall, String.format(java.util.Locale.ROOT,
                        "killed: the run did not end within %.0f s (time limit %.0f s)",
                        spec.timeLimitSeconds() * 1.5 + GRACE_SECONDS, spec.timeLimitSeconds()));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() == 2 || stdout.isBlank()) {
                String last = lastLine(Files.readString(err, StandardCharsets.UTF_8));
                return failed(spec, codeVersion, machine, startedAt, wall, "child JVM exited with status "
                        + p.exitValue() + (last.isEmpty() ? "" : ": " + last));
            }
            JsonNode solved = MAPPER.readTree(stdout);
            RunPlans.keep(options.runsFile(), spec, solved.get("plan"));
            return fromSolveJson(spec, solved, codeVersion, machine, startedAt);
        } catch (IOException e) {
            return failed(spec, codeVersion, machine, startedAt, (System.nanoTime() - start) / 1e9,
                    "cannot run the child JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(spec, codeVersion, machine, startedAt, (System.nanoTime() - start) / 1e9, "interrupted");
        } finally {
            delete(out);
            delete(err);
            scratch.remove(out);
            scratch.remove(err);
        }
    }

    /**
     * A child's output file, {@code edgeplan-run-<pid>-<random><suffix>} in the temporary folder: deleted when the run
     * ends, by the shutdown hook on Ctrl-C, and, after a SIGKILL, by the next batch once this process is gone.
     */
    private Path scratchFile(String suffix) throws IOException {
        Path p = Files.createTempFile(SCRATCH_PREFIX + ProcessHandle.current().pid() + "-", suffix);
        scratch.add(p);
        return p;
    }

    /** Deletes the children's output files of batches whose process is gone (killed with SIGKILL, crashed). */
    static void removeStaleScratchFiles(Path dir) {
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

    private RunRecord fromSolveJson(RunSpec spec, JsonNode n, String codeVersion, Map<String, String> machine,
                                    String startedAt) {
        List<double[]> trajectory = RunRecord.trajectory(n);
        return new RunRecord(suite.name(), spec.ref().relative(), spec.ref().processors(), spec.instance().name(),
                spec.instance().kind().label(), features(spec.instance()), spec.solver().name(), spec.seed(),
                spec.timeLimitSeconds(), spec.threads(), n.path("status").asText("failed"), number(n, "objective"),
                number(n, "solverObjective"), number(n, "bound"), number(n, "wallSeconds"), number(n, "cpuSeconds"),
                number(n, "peakMemoryBytes"), trajectory, n.path("message").asText(""), codeVersion, machine,
                startedAt, n.path("statistics").path(org.edgeplan.core.SolveResult.SCOPE).asText(""),
                spec.instanceHash());
    }

    private RunRecord failed(RunSpec spec, String codeVersion, Map<String, String> machine, String startedAt,
                             double wall, String message) {
        return new RunRecord(suite.name(), spec.ref().relative(), spec.ref().processors(), spec.instance().name(),
                spec.instance().kind().label(), features(spec.instance()), spec.solver().name(), spec.seed(),
                spec.timeLimitSeconds(), spec.threads(), "failed", Double.NaN, Double.NaN, Double.NaN, wall,
                Double.NaN, Double.NaN, List.of(), message, codeVersion, machine, startedAt, "", spec.instanceHash());
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
        CodeSource source = BatchRunner.class.getProtectionDomain().getCodeSource();
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

    /** Writes a line per finished run: for {@code --no-progress} and non-terminal output. */
    public static Progress lines(PrintWriter w) {
        return (done, total, r) -> {
            w.printf(java.util.Locale.ROOT, "[%d/%d] %s %s seed %d: %s %s (%.2f s)%n", done, total, r.instance(),
                    r.solver(), r.seed(), r.status(), Double.isNaN(r.objective()) ? "-" : String.format(
                            java.util.Locale.ROOT, "%.6g", r.objective()), r.wallSeconds());
            w.flush();
        };
    }

    /** Adapts a consumer of records to {@link Progress}. */
    public static Progress of(Consumer<RunRecord> consumer) {
        return (done, total, r) -> consumer.accept(r);
    }
}
