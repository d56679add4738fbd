package org.edgeplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.bench.batch.RecordLog;
import org.edgeplan.bench.batch.RunPlans;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.bench.report.GanttSection;
import org.edgeplan.bench.report.Statistics;

/**
 * The batch report's schedules: a bench keeps each problem-B run's plan beside its records, and the report draws
 * the best plan of each problem-B instance next to the best heuristic's, or says why it cannot.
 */
class GanttReportTest {
    @TempDir
    Path tmp;

    private CliTest.Run bench(String isolation, String... solvers) throws IOException {
        String list = String.join("\", \"", solvers);
        Path suite = Files.writeString(tmp.resolve("g.json"), """
                {"name": "g", "instances": ["pipeline/small.json", "multi-exit/ma2025-image.json"],
                 "solvers": ["%s"], "timeLimitSeconds": 10, "isolation": "%s"}""".formatted(list, isolation));
        return CliTest.run("bench", suite.toString(), "--out", tmp.resolve("out").toString(), "--no-progress");
    }

    private List<String> plans() throws IOException {
        try (Stream<Path> files = Files.list(tmp.resolve("out").resolve(RunPlans.FOLDER))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void benchKeepsProblemBPlansAndTheReportDrawsTheBestOne() throws Exception {
        CliTest.Run run = bench("in-process", "device-only", "edge-only");
        assertThat(run.status()).as(run.err()).isZero();
        // Problem B's two runs keep their plans; problem A's do not.
        assertThat(plans()).hasSize(2).allMatch(n -> n.startsWith("pipeline-small-") && n.endsWith(".json"));

        Path out = tmp.resolve("out");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<h2 id=\"schedules\">Schedules (problem B)</h2>", "<h3>pipeline-small</h3>",
                "the best plan is a heuristic&#39;s", "plots/gantt-pipeline-small-best.svg\"><img");
        Path svg = out.resolve("plots/gantt-pipeline-small-best.svg");
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(out.resolve("plots/gantt-pipeline-small-best.png")).isRegularFile();
        assertThat(Files.readString(svg)).contains("best plan: ");

        // A kept plan that no longer scores its record's objective is named, not drawn; so is a missing one.
        List<RunRecord> records = RecordLog.read(out.resolve("runs.jsonl")).stream()
                .filter(r -> r.problem().equals("pipeline")).toList();
        RunRecord best = records.stream().min(java.util.Comparator.comparingDouble(RunRecord::objective)).orElseThrow();
        RunRecord other = records.stream().filter(r -> r != best).findFirst().orElseThrow();
        Path runs = out.resolve("runs.jsonl");
        Files.copy(RunPlans.file(runs, other), RunPlans.file(runs, best), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path again = tmp.resolve("again");
        CliTest.Run report = CliTest.run("report", runs.toString(), "--out", again.toString());
        assertThat(report.status()).as(report.err()).isZero();
        assertThat(Files.readString(again.resolve("report.html"))).contains("Not drawn: its kept plan")
                .contains("not the recorded");
        Files.delete(RunPlans.file(runs, best));
        report = CliTest.run("report", runs.toString(), "--out", again.toString());
        assertThat(report.status()).as(report.err()).isZero();
        assertThat(Files.readString(again.resolve("report.html"))).contains("Not drawn: its plan was not kept");
    }

    @Test
    void aChildJvmsPlanIsKeptToo() throws Exception {
        CliTest.Run run = bench("process", "heft");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(plans()).hasSize(1);
        assertThat(Files.readString(tmp.resolve("out/report.html"))).contains("plots/gantt-pipeline-small-best.svg");
    }

    @Test
    void theBestPlanStandsNextToTheBestHeuristicsWhenTheyDiffer() throws Exception {
        CliTest.Run run = bench("in-process", "device-only", "edge-only");
        assertThat(run.status()).as(run.err()).isZero();
        Path runs = tmp.resolve("out/runs.jsonl");
        List<RunRecord> records = RecordLog.read(runs);
        Statistics stats = Statistics.of(records, java.util.Map.of());
        RunRecord worse = records.stream().filter(r -> r.problem().equals("pipeline"))
                .max(java.util.Comparator.comparingDouble(RunRecord::objective)).orElseThrow();
        // Pretend only the worse of the two is a heuristic: the picture pair shows both runs.
        List<GanttSection.InstancePictures> pictures = GanttSection.render(stats,
                r -> RunPlans.evaluation(r, List.of(runs), InstanceFiles.root()), worse.solver()::equals);
        assertThat(pictures).hasSize(1);
        assertThat(pictures.get(0).pictures()).extracting(GanttSection.Picture::role)
                .containsExactly("best", "heuristic");
        assertThat(pictures.get(0).pictures()).allMatch(GanttSection.Picture::drawn);
        assertThat(pictures.get(0).pictures().get(1).run().solver()).isEqualTo(worse.solver());
    }
}
