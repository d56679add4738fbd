package org.edgeplan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.BestKnownStore;
import org.edgeplan.bench.batch.RunPlans;
import org.edgeplan.bench.batch.InstanceHashes;
import org.edgeplan.bench.batch.RecordLog;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.bench.report.RelaxationBounds;
import org.edgeplan.bench.report.Report;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edgeplan report RUNS.jsonl...}: statistics, plots and the HTML report from run records. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild the summary, plots and HTML report from one or more runs.jsonl files (of any batches).",
                "The suspect.jsonl beside a runs.jsonl (runs below a proven optimum) is shown among the suspects."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUNS", description = "runs.jsonl files")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
    Path out;

    @Override
    public Integer call() {
        AtomicFiles.checkFolder(out);
        AtomicFiles.Inputs inputs = AtomicFiles.protect(runs);
        try {
            return report();
        } finally {
            inputs.close();
        }
    }

    private int report() {
        List<RunRecord> records = new ArrayList<>();
        List<RunRecord> quarantined = new ArrayList<>();
        for (Path p : runs) {
            if (!Files.exists(p)) {
                throw new InvalidInputException("no such file: " + p);
            }
            records.addAll(RecordLog.read(p));
            Path suspects = suspectsOf(p);
            if (suspects != null && Files.isRegularFile(suspects) && !runs.contains(suspects)) {
                quarantined.addAll(RecordLog.read(suspects));
            }
        }
        if (records.isEmpty() && quarantined.isEmpty()) {
            throw new InvalidInputException("no run records in " + runs);
        }
        Path root = InstanceFiles.root();
        records = InstanceHashes.fill(records, root);
        quarantined = InstanceHashes.fill(quarantined, root);
        List<RunRecord> all = new ArrayList<>(records);
        all.addAll(quarantined);
        Map<String, BestKnown> references = BestKnownStore.load(root).references(all);
        Report.Result report = Report.write(records, RelaxationBounds.merge(records, references, root), out,
                quarantined, run -> RunPlans.evaluation(run, runs, root));
        var w = spec.commandLine().getOut();
        w.print(report.terminalTable());
        w.println("report: " + out.resolve("report.html"));
        w.flush();
        return 0;
    }

    /** The quarantine that goes with a log: runs.jsonl with suspect.jsonl, runs-STAMP.jsonl with suspect-STAMP.jsonl. */
    static Path suspectsOf(Path runsFile) {
        String name = runsFile.getFileName().toString();
        return name.startsWith("runs") ? runsFile.resolveSibling("suspect" + name.substring(4)) : null;
    }
}
