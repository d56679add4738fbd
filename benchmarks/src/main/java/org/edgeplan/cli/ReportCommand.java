package org.edgeplan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.edgeplan.bench.batch.BestKnownStore;
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
        description = "Rebuild the summary, plots and HTML report from one or more runs.jsonl files (of any batches).")
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
        for (Path p : runs) {
            if (!Files.exists(p)) {
                throw new InvalidInputException("no such file: " + p);
            }
            records.addAll(RecordLog.read(p));
        }
        if (records.isEmpty()) {
            throw new InvalidInputException("no run records in " + runs);
        }
        Report.Result report = Report.write(records, RelaxationBounds.merge(records,
                BestKnownStore.load(InstanceFiles.root()).values(), InstanceFiles.root()), out);
        var w = spec.commandLine().getOut();
        w.print(report.terminalTable());
        w.println("report: " + out.resolve("report.html"));
        w.flush();
        return 0;
    }
}
