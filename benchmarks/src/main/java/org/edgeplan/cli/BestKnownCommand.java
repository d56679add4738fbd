package org.edgeplan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.BestKnownStore;
import org.edgeplan.bench.batch.RecordLog;
import org.edgeplan.bench.batch.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgeplan best-known}: list, or update from run records, the best known values per instance. */
@Command(name = "best-known", mixinStandardHelpOptions = true,
        description = {"List the best known and proven optimal values (instances/best-known.json and the published"
                + " STG optima), or merge run records into them with --update.",
                "Exit status: 0, 4 when a record beats a proven optimum (it is not recorded), 2 bad input."})
final class BestKnownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--update", paramLabel = "RUNS", split = ",", description = "runs.jsonl files to merge")
    List<Path> update = new ArrayList<>();

    @Override
    public Integer call() {
        BestKnownStore store = BestKnownStore.load(InstanceFiles.root());
        var w = spec.commandLine().getOut();
        int status = 0;
        if (!update.isEmpty()) {
            List<RunRecord> records = new ArrayList<>();
            for (Path p : update) {
                if (!java.nio.file.Files.exists(p)) {
                    throw new org.edgeplan.core.InvalidInputException("no such file: " + p);
                }
                records.addAll(RecordLog.read(p));
            }
            long unhashed = records.stream().filter(r -> r.instanceHash().isEmpty()).count();
            List<String> bugs = store.bugs(records);
            bugs.forEach(b -> spec.commandLine().getErr().println("edgeplan: BUG: " + b));
            status = bugs.isEmpty() ? 0 : BenchCommand.BEATS_PROOF;
            List<String> changes = store.update(records, "records " + update);
            w.println(changes.isEmpty() ? "unchanged" : "updated:\n  " + String.join("\n  ", changes));
            if (unhashed > 0) {
                w.println("note: " + unhashed + " records without an instance hash (written before records carried"
                        + " one) were not merged: which instance they ran is not known for sure; run them again");
            }
        } else {
            TextTable t = new TextTable("instance", "hash", "best known", "proven", "bound", "by", "source");
            boolean unusable = false;
            for (BestKnown b : store.entries()) {
                t.row(b.instance(), b.usable() ? b.shortHash() : "- (not used)", b.objective(),
                        b.proven() ? "yes" : "no", b.bound(), b.solver(), b.source());
                unusable |= !b.usable();
            }
            w.print(t.render());
            if (unusable) {
                w.println("entries without a hash are kept but never used: their instance is not known for sure");
            }
        }
        w.flush();
        return status;
    }
}
