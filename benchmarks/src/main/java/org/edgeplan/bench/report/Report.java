package org.edgeplan.bench.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;

/**
 * The results side of a batch in one call: statistics, tables, charts and the HTML page, each file replaced
 * atomically (written to a temporary file in the same folder, then moved over the old one), so an interrupted
 * report leaves the previous files whole.
 */
public final class Report {
    private Report() {
    }

    /**
     * What was written.
     *
     * @param statistics    all numbers of the batch
     * @param terminalTable the plain-text solver table (and the suspect runs) to print at the end of a batch
     * @param suspects      runs that contradict a known value (possible bugs); empty when all is consistent
     * @param plotFailures  charts that could not be drawn (the other files are written regardless)
     * @param files         every file written, report.html last
     */
    public record Result(Statistics statistics, String terminalTable, List<SuspectRun> suspects,
                         List<String> plotFailures, List<Path> files) {
    }

    /**
     * Writes {@code summary.md}, {@code summary.csv}, {@code runs.csv}, {@code plots/*.png} and {@code plots/*.svg},
     * and {@code report.html} into {@code outDir} (created when missing).
     *
     * @param records   the batch's runs
     * @param bestKnown best-known values by instance content hash (may be empty)
     * @throws InvalidInputException when a file cannot be written (one line naming it)
     */
    public static Result write(List<RunRecord> records, Map<String, BestKnown> bestKnown, Path outDir) {
        return write(records, bestKnown, outDir, List.of());
    }

    /**
     * As {@link #write(List, Map, Path)}, with the batch's runs that were kept out of its records because they beat a
     * proven optimum ({@code suspect.jsonl}): shown as suspects, left out of the statistics.
     */
    public static Result write(List<RunRecord> records, Map<String, BestKnown> bestKnown, Path outDir,
                               List<RunRecord> quarantined) {
        return write(records, bestKnown, outDir, quarantined, null);
    }

    /**
     * As {@link #write(List, Map, Path, List)}, with the schedules of problem-B plans: for each problem-B instance the
     * Gantt chart of its best plan next to its best heuristic's ({@link GanttSection}), as
     * {@code plots/gantt-INSTANCE-best.svg} / {@code .png} (and {@code -heuristic}) and in the HTML page.
     *
     * @param schedules where the runs' plans come from; null for no schedules section
     */
    public static Result write(List<RunRecord> records, Map<String, BestKnown> bestKnown, Path outDir,
                               List<RunRecord> quarantined, GanttSection.Source schedules) {
        Statistics stats = Statistics.of(records, bestKnown, quarantined);
        Plots.Rendered rendered = Plots.render(stats);
        List<GanttSection.InstancePictures> gantts = schedules == null ? null
                : GanttSection.render(stats, schedules, GanttSection.registeredHeuristics());
        List<Path> files = new ArrayList<>();
        Path plotDir = outDir.resolve("plots");
        List<String> plotFiles = new ArrayList<>();
        for (Plots.Plot plot : rendered.plots()) {
            files.add(writeBytes(plotDir.resolve(plot.name() + ".png"), plot.png()));
            files.add(writeBytes(plotDir.resolve(plot.name() + ".svg"), plot.svg()));
            plotFiles.add("plots/" + plot.name() + ".png");
        }
        if (gantts != null) {
            for (GanttSection.InstancePictures instance : gantts) {
                for (GanttSection.Picture picture : instance.pictures()) {
                    if (picture.drawn()) {
                        files.add(writeBytes(plotDir.resolve(picture.name() + ".png"), picture.png()));
                        files.add(writeBytes(plotDir.resolve(picture.name() + ".svg"), picture.svg()));
                    }
                }
            }
        }
        files.add(writeText(outDir.resolve("summary.md"), Summaries.markdown(stats, plotFiles)));
        files.add(writeText(outDir.resolve("summary.csv"), Summaries.summaryCsv(stats)));
        files.add(writeText(outDir.resolve("runs.csv"), Summaries.runsCsv(stats)));
        files.add(writeText(outDir.resolve("report.html"), HtmlReport.render(stats, rendered, gantts)));
        return new Result(stats, Summaries.terminalTable(stats), stats.suspects(), rendered.failures(),
                List.copyOf(files));
    }

    private static Path writeText(Path target, String content) {
        AtomicFiles.write(target, content);
        return target;
    }

    /** Bytes by the rules of {@link AtomicFiles}: a temporary file beside {@code target}, then an atomic move. */
    static Path writeBytes(Path target, byte[] content) {
        AtomicFiles.write(target, content);
        return target;
    }
}
