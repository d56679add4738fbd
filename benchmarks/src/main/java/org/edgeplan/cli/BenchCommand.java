package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.edgeplan.bench.batch.BatchRunner;
import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.BestKnownStore;
import org.edgeplan.bench.batch.RunEngine;
import org.edgeplan.bench.batch.RunPlans;
import org.edgeplan.bench.batch.RecordLock;
import org.edgeplan.bench.batch.RecordLog;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.bench.batch.Suite;
import org.edgeplan.bench.report.RelaxationBounds;
import org.edgeplan.bench.report.Report;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edgeplan bench SUITE}: a batch of runs with records, resume, best-known values and a summary. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run a benchmark suite: every (instance, solver, seed) of the suite, in parallel, each run"
                + " appended to OUT/runs.jsonl as soon as it ends. Rerunning resumes: finished runs are skipped.",
                "SUITE is a suite file (JSON or YAML) or the name of one in instances/suites/ (quick, paper).",
                "Exit status: 0 done, 4 a run beat a proven optimum (a bug: it is kept in suspect.jsonl, not in"
                        + " runs.jsonl), 2 bad input (also: another bench is writing to the same --out)."})
final class BenchCommand implements Callable<Integer> {
    /** Exit status when a run contradicts a proven optimum. */
    static final int BEATS_PROOF = 4;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SUITE", description = "suite file or name")
    String suiteArg;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default results/bench/<suite name>)")
    Path outDir;

    @Option(names = "--parallel", paramLabel = "N", description = "runs at once, at least 1 (default: the suite's)")
    Integer parallel;

    @Option(names = "--fresh", description = "start over: the old runs.jsonl is kept as runs-<time>.jsonl")
    boolean fresh;

    @Option(names = "--no-progress", description = "one line per finished run instead of a progress bar")
    boolean noProgress;

    @Option(names = "--update-best-known", description = "merge the results into instances/best-known.json")
    boolean updateBestKnown;

    @Option(names = "--runs", description = "also print one row per run")
    boolean perRun;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = RunEngine.LOCAL,
            description = "where the runs execute: local (this machine, default) or spark (an Apache Spark cluster;"
                    + " needs the spark-runner module, see the README)")
    String engineName;

    @Option(names = "--master", paramLabel = "URL", description = "the Spark master for --engine spark: local[N],"
            + " spark://HOST:PORT, yarn, k8s://... (default: spark.master as spark-submit sets it)")
    String master;

    @Override
    public Integer call() {
        if (parallel != null && parallel < 1) {
            throw new InvalidInputException("--parallel: must be at least 1, got " + parallel);
        }
        if (parallel != null && !engineName.equals(RunEngine.LOCAL)) {
            throw new InvalidInputException("--parallel applies to the local engine; on --engine " + engineName
                    + " the cluster decides how many runs go at once (executor cores / spark.task.cpus)");
        }
        Path instancesRoot = InstanceFiles.root();
        Path suiteFile = suiteFile(instancesRoot);
        Suite suite = Suite.read(suiteFile);
        Path out = outDir != null ? outDir : Path.of("results", "bench", suite.name());
        AtomicFiles.checkFolder(out);
        Path runs = out.resolve("runs.jsonl");
        BatchRunner.Options options = new BatchRunner.Options(instancesRoot, instancesRoot.getParent(), runs,
                parallel == null ? 0 : parallel, null);
        BatchRunner planner = new BatchRunner(suite, options);
        planner.check(); // a bad suite fails here, before the output folder is touched
        // An unknown engine, one not built, or a bad master: refused before the output folder is touched too.
        try (RunEngine engine = RunEngine.named(engineName, master, suite)) {
            // One bench per records file, from before --fresh and the resume read until the report is written.
            AtomicFiles.Inputs inputs = AtomicFiles.protect(List.of(suiteFile));
            try (RecordLock lock = RecordLock.acquire(runs)) {
                RecordLog.checkFile(runs);
                RecordLog.checkFile(BatchRunner.suspectFile(runs));
                for (String report : List.of("summary.md", "summary.csv", "runs.csv", "report.html")) {
                    AtomicFiles.checkTarget(out.resolve(report)); // refused now, not after hours of runs
                }
                return bench(instancesRoot, suite, out, runs, planner, options, engine);
            } finally {
                inputs.close();
            }
        }
    }

    private int bench(Path instancesRoot, Suite suite, Path out, Path runs, BatchRunner planner,
                      BatchRunner.Options options, RunEngine engine) {
        int parallel = options.parallel();
        if (fresh) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path old = RecordLog.setAside(runs, stamp);
            Path oldSuspects = RecordLog.setAside(BatchRunner.suspectFile(runs), stamp);
            if (old != null || oldSuspects != null) {
                spec.commandLine().getOut().println("--fresh: the earlier records are kept in "
                        + (old == null ? oldSuspects : old + (oldSuspects == null ? "" : " and " + oldSuspects)));
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BatchRunner.Plan plan = planner.plan();
        int threads = parallel > 0 ? parallel : suite.parallel();
        w.printf(Locale.ROOT, "suite %s: %d runs (%d already in %s%s), %s, %s isolation, time limit %s s%n",
                suite.name(), plan.total(), plan.done().size(), runs, plan.suspects().isEmpty() ? ""
                        : ", " + plan.suspects().size() + " in " + BatchRunner.SUSPECT_FILE, engine.concurrency(threads),
                suite.isolation().label(), TextTable.num(suite.timeLimitSeconds()));
        w.flush();
        BatchRunner.Result result;
        if (noProgress || System.console() == null) {
            result = new BatchRunner(suite, withProgress(options, BatchRunner.lines(err))).run(plan, engine);
        } else {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(suite.name()).setInitialMax(plan.total())
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().build()) {
                bar.stepTo(plan.done().size() + plan.suspects().size());
                result = new BatchRunner(suite, withProgress(options, (done, total, r) -> {
                    bar.stepTo(done);
                    bar.setExtraMessage(r.instance() + " " + r.solver());
                })).run(plan, engine);
            }
        }
        List<RunRecord> records = result.records();
        List<RunRecord> suspects = result.suspects();
        BestKnownStore store = BestKnownStore.load(instancesRoot);
        List<RunRecord> all = new java.util.ArrayList<>(records);
        all.addAll(suspects);
        Map<String, BestKnown> references = store.references(all);
        List<String> bugs = store.bugs(records); // records of older versions, which kept such runs in the log
        if (perRun) {
            w.print(table(records, references));
            w.println();
        }
        Report.Result report = Report.write(records, RelaxationBounds.merge(records, references, instancesRoot),
                out, suspects, run -> RunPlans.evaluation(run, List.of(runs), instancesRoot));
        w.print(report.terminalTable());
        report.plotFailures().forEach(f -> err.println("edgeplan: plot not drawn: " + f));
        w.println("report: " + out.resolve("report.html") + " (summary.md, summary.csv, runs.csv, plots/)");
        if (updateBestKnown) {
            List<String> changes = store.update(records, "suite " + suite.name() + ", "
                    + java.time.LocalDate.now());
            w.println(changes.isEmpty() ? "best-known values unchanged"
                    : "best-known values updated:\n  " + String.join("\n  ", changes));
        }
        w.println("records: " + runs + (suspects.isEmpty() ? "" : "; runs below a proven optimum: "
                + BatchRunner.suspectFile(runs)));
        bugs.forEach(b -> err.println("edgeplan: BUG: " + b));
        for (RunRecord r : suspects) {
            String bug = store.bug(r);
            err.println("edgeplan: BUG: " + (bug != null ? bug : r.instance() + ": " + r.solver() + " (seed " + r.seed()
                    + ") reports " + r.objective() + ", below a proven optimum when it ran") + "; kept in "
                    + BatchRunner.SUSPECT_FILE + ", not in runs.jsonl");
        }
        w.flush();
        err.flush();
        return bugs.isEmpty() && suspects.isEmpty() ? 0 : BEATS_PROOF;
    }

    private static BatchRunner.Options withProgress(BatchRunner.Options o, BatchRunner.Progress p) {
        return new BatchRunner.Options(o.instancesRoot(), o.home(), o.runsFile(), o.parallel(), p);
    }

    private Path suiteFile(Path instancesRoot) {
        Path direct = Path.of(suiteArg);
        if (Files.isRegularFile(direct)) {
            return direct;
        }
        for (String ext : List.of(".json", ".yaml", ".yml")) {
            Path named = instancesRoot.resolve("suites").resolve(suiteArg + ext);
            if (Files.isRegularFile(named)) {
                return named;
            }
        }
        throw new InvalidInputException("no suite '" + suiteArg + "': neither a file nor a name in "
                + InstanceFiles.display(instancesRoot.resolve("suites")));
    }

    /** One row per run: objective against the best known value (by content hash) or the best of the batch. */
    static String table(List<RunRecord> records, Map<String, BestKnown> bestKnown) {
        TextTable t = new TextTable("instance", "solver", "seed", "status", "objective", "bound", "gap to best",
                "wall s");
        Map<String, Double> bestOfBatch = new java.util.HashMap<>();
        for (RunRecord r : records) {
            if (!Double.isNaN(r.objective())) {
                bestOfBatch.merge(r.instance() + "\u0000" + r.instanceHash(), r.objective(), Math::min);
            }
        }
        List<RunRecord> sorted = records.stream().sorted(java.util.Comparator.comparing(RunRecord::instanceFile)
                .thenComparingInt(RunRecord::processors).thenComparing(RunRecord::solver)
                .thenComparingLong(RunRecord::seed)).toList();
        for (RunRecord r : sorted) {
            BestKnown b = r.instanceHash().isEmpty() ? null : bestKnown.get(r.instanceHash());
            double ref = bestOfBatch.getOrDefault(r.instance() + "\u0000" + r.instanceHash(), Double.NaN);
            if (b != null) {
                ref = Double.isNaN(ref) ? b.objective() : Math.min(ref, b.objective());
            }
            String gap = Double.isNaN(r.objective()) || Double.isNaN(ref) ? "-"
                    : String.format(Locale.ROOT, "%.2f%%", 100 * (r.objective() - ref) / Math.max(1e-300, Math.abs(ref)));
            t.row(r.instance(), r.solver(), r.seed(), r.status(), r.objective(), r.bound(), gap,
                    TextTable.seconds(r.wallSeconds()));
        }
        return t.render();
    }
}
