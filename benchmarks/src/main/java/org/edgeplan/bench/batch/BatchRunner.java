package org.edgeplan.bench.batch;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.PolicyDrivenSolver;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.io.InstanceIo;

/**
 * Runs a {@link Suite}: expands it into runs, skips those already in {@code runs.jsonl}, runs the rest on an engine
 * ({@link RunEngine}: a bounded pool here, each run in its own JVM or in this one; or a cluster), and appends each
 * finished run to the log at once. Every instance is
 * loaded and every solver name checked before the first run, so a bad suite fails before anything is spent.
 */
public final class BatchRunner {
    /** File name of the quarantine beside {@code runs.jsonl}: runs whose objective is below a proven optimum. */
    public static final String SUSPECT_FILE = "suspect.jsonl";

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
        List<PolicyExpansion> policies = suite.policies().stream().map(PolicyExpansion::new).toList();
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
            for (PolicyExpansion policy : policies) {
                PolicyRun<?, ?> solver = policy.applicableTo(instance, registry);
                if (solver == null) {
                    continue;
                }
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
        for (PolicyExpansion policy : policies) {
            if (!policy.applied) {
                throw suite.error(policy.entry.at(), "'" + policy.entry.label() + "' applies to none of the selected"
                        + " instances (" + (policy.whyNot == null ? problems.stream().map(ProblemKind::label).toList()
                        : policy.whyNot) + ")");
            }
        }
        if (all.isEmpty()) {
            throw suite.error("$.solvers", "no solver applies to any selected instance: the suite has no run");
        }
        expanded = List.copyOf(all);
        return expanded;
    }

    /**
     * One policy entry while the suite is expanded: its registered solver configured once per problem (null where it
     * is not registered, or where the policy is of another problem), whether it ran anywhere, and why not.
     */
    private final class PolicyExpansion {
        final Suite.PolicyEntry entry;
        private final Map<ProblemKind, PolicyRun<?, ?>> byProblem = new HashMap<>();
        boolean applied;
        String whyNot;

        PolicyExpansion(Suite.PolicyEntry entry) {
            this.entry = entry;
        }

        /** The entry's solver for this instance, or null when its policy does not apply to it (reason kept). */
        PolicyRun<?, ?> applicableTo(Instance instance, SolverRegistry registry) {
            if (!byProblem.containsKey(instance.kind())) {
                byProblem.put(instance.kind(), configure(instance.kind(), registry));
            }
            PolicyRun<?, ?> run = byProblem.get(instance.kind());
            if (run == null) {
                return null;
            }
            if (run.delegate() instanceof PolicyDrivenSolver driven) {
                try {
                    driven.requireApplicable(instance);
                } catch (InvalidInputException notHere) {
                    whyNot = instance.name() + ": " + notHere.getMessage();
                    return null;
                }
            }
            applied = true;
            return run;
        }

        private PolicyRun<?, ?> configure(ProblemKind kind, SolverRegistry registry) {
            Solver<?, ?> base = registry.forProblem(kind).stream().filter(s -> s.name().equals(entry.solver()))
                    .findFirst().orElse(null);
            if (base == null) {
                return null;
            }
            if (!(base instanceof PolicyDrivenSolver driven)) {
                throw suite.error(entry.at() + ".solver", "'" + entry.solver() + "' does not act from a policy file");
            }
            try {
                return policyRun(entry, driven.withPolicy(entry.policy()));
            } catch (InvalidInputException otherProblem) {
                whyNot = otherProblem.getMessage();
                return null;
            }
        }
    }

    private static <I extends Instance, P extends org.edgeplan.core.Plan> PolicyRun<I, P> policyRun(
            Suite.PolicyEntry entry, Solver<I, P> solver) {
        return new PolicyRun<>(entry.label(), entry.solver(), entry.policy(), solver);
    }

    /** Set when the batch is being stopped (Ctrl-C, interruption): runs ending from then on are not recorded. */
    private volatile boolean stopping;

    /** Runs what {@link #plan()} left to do on the local engine: {@link #run(Plan, RunEngine)}. */
    public Result run(Plan plan) {
        try (RunEngine local = RunEngine.named(RunEngine.LOCAL, null, suite)) {
            return run(plan, local);
        }
    }

    /**
     * Runs what {@link #plan()} left to do on {@code engine} and returns every record of the suite (earlier and new).
     * Each finished run is appended to the log at once and forced to disk, once per run key whatever the engine
     * delivers twice (a task retried or speculatively duplicated by a cluster). A run whose objective is below its
     * instance's proven optimum ({@link BestKnownStore#bug}) is not appended to the log: it goes to
     * {@code suspect.jsonl} beside it. Interrupting the calling thread (or Ctrl-C, through the shutdown hook) stops the
     * batch after stopping the runs in progress; the logs hold every run that finished.
     */
    public Result run(Plan plan, RunEngine engine) {
        int parallel = options.parallel() > 0 ? options.parallel() : suite.parallel();
        RunSetup setup = new RunSetup(suite.name(), suite.isolation(), Machine.codeVersion(options.home()), parallel);
        BestKnownStore bestKnown = BestKnownStore.load(options.instancesRoot());
        List<RunRecord> records = java.util.Collections.synchronizedList(new ArrayList<>(plan.done()));
        List<RunRecord> suspects = java.util.Collections.synchronizedList(new ArrayList<>(plan.suspects()));
        Set<RunKey> wanted = new HashSet<>();
        plan.todo().forEach(s -> wanted.add(s.key()));
        Set<RunKey> recorded = new HashSet<>();
        stopping = false;
        Thread hook = new Thread(() -> {
            stopping = true; // before the kill: a run that ends because of it is not a result
            engine.cancel();
        }, "edgeplan-bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int[] done = {plan.done().size() + plan.suspects().size()};
        RecordLog[] quarantine = {null};
        try (RecordLog log = RecordLog.open(options.runsFile())) {
            engine.run(plan.todo(), setup, finished -> {
                RunRecord record = finished.record();
                if (stopping) {
                    // Killed by Ctrl-C or an interrupted batch, not finished: no record, so that the next
                    // batch runs it again instead of skipping it as done.
                    return;
                }
                synchronized (recorded) {
                    if (!wanted.contains(record.key()) || !recorded.add(record.key())) {
                        return; // delivered twice (a retried or speculative task), or not a run of this batch
                    }
                }
                RunPlans.keep(options.runsFile(), record, finished.planJson());
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
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("batch interrupted; finished runs are in " + options.runsFile());
        } finally {
            stopping = true;
            engine.cancel();
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

    /** Size figures of an instance for tables and plots. */
    public static Map<String, Double> features(Instance instance) {
        return RunExecution.features(instance);
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
