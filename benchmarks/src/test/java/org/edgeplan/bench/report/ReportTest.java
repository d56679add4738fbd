package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    /** The sample batch's report, written once for the tests that only read it. */
    @TempDir
    static Path sample;
    private static Report.Result sampleResult;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeSampleReport() {
        sampleResult = Report.write(SampleBatch.records(), SampleBatch.bestKnown(), sample);
    }

    @Test
    void writesEveryFileNonEmpty() throws IOException {
        Path dir = sample;
        Report.Result result = sampleResult;
        assertThat(result.plotFailures()).isEmpty();
        for (String name : List.of("summary.md", "summary.csv", "runs.csv", "report.html")) {
            assertThat(dir.resolve(name)).isNotEmptyFile();
        }
        List<String> plots;
        try (Stream<Path> s = Files.list(dir.resolve("plots"))) {
            plots = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(plots).contains("gap-box-multi-exit.png", "gap-box-pipeline.png", "profile-time-pipeline.png",
                "profile-gap-multi-exit.png", "bandwidth-cam.png", "bandwidth-cam.svg", "time-vs-size-pipeline.png",
                "time-vs-size-multi-exit.png");
        assertThat(plots).noneMatch(n -> n.endsWith(".tmp"));
        for (String p : plots) {
            byte[] bytes = Files.readAllBytes(dir.resolve("plots").resolve(p));
            if (p.endsWith(".png")) {
                assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
            } else {
                assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("<svg");
            }
        }
        assertThat(result.files()).hasSize(plots.size() + 4);
        assertThat(result.suspects()).isEmpty();
        assertThat(java.awt.GraphicsEnvironment.isHeadless()).isTrue();
    }

    @Test
    void summaryCsvHoldsTheSolverNumbers() throws IOException {
        Path dir = sample;
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(lines.get(0)).startsWith("problem,solver,runs,withPlan,planShare,optimal,optimalShare,gapRuns,"
                + "meanGap,");
        // multi-exit greedy: gaps 0.1 and 0.005 on each of three bandwidths, mean 0.0525, all with plans.
        String greedy = lines.stream().filter(l -> l.startsWith("multi-exit,greedy,")).findFirst().orElseThrow();
        String[] cells = greedy.split(",", -1);
        assertThat(cells[2]).isEqualTo("6");
        assertThat(cells[3]).isEqualTo("6");
        assertThat(Double.parseDouble(cells[8])).isCloseTo(0.0525, org.assertj.core.api.Assertions.within(1e-12));
        // pipeline broken: one failed run counts as gap 1.
        String broken = lines.stream().filter(l -> l.startsWith("pipeline,broken,")).findFirst().orElseThrow();
        assertThat(broken.split(",", -1)[8]).isEqualTo("1");
        assertThat(lines).hasSize(1 + 5);
    }

    @Test
    void runsCsvFlattensEveryRecord() throws IOException {
        List<RunRecord> records = SampleBatch.records();
        Path dir = sample;
        List<String> lines = Files.readAllLines(dir.resolve("runs.csv"));
        assertThat(lines).hasSize(records.size() + 1);
        assertThat(lines.get(0)).contains("devices,layers,bandwidthMbits,subtasks,nodes,requests,solver,seed")
                .contains(",reference,gap,timeToTargetSeconds,primalIntegral,");
        assertThat(lines.get(1)).startsWith("test-suite,multi-exit/cam-bw5.json,0,cam-bw5,multi-exit,3,10,5,,,,"
                + "exhaustive,1,10,1,optimal,21,");
    }

    @Test
    void htmlIsSelfContained() throws IOException {
        Path dir = sample;
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<table class=\"solvers\">")
                .contains("<table class=\"comparisons\">").contains("<table class=\"instances\">")
                .contains("<td>cam-bw5</td>").contains("21 (proven)").contains("data:image/png;base64,iVBORw0KGgo")
                .contains("0.1.0-SNAPSHOT abc1234").contains("os=Linux, cpus=2");
        assertThat(html).doesNotContainPattern("(?i)<script[^>]*src=").doesNotContainPattern("(?i)<link[^>]*href=")
                .doesNotContainPattern("(?i)https?://").doesNotContain("@import");
        // One embedded image per PNG written.
        long images;
        try (Stream<Path> s = Files.list(dir.resolve("plots"))) {
            images = s.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertThat(html.split("data:image/png;base64,", -1)).hasSize((int) images + 1);
    }

    @Test
    void markdownAndTerminalTables() throws IOException {
        Path dir = sample;
        Report.Result result = sampleResult;
        String md = Files.readString(dir.resolve("summary.md"));
        assertThat(md).contains("# EdgePlan batch report").contains("| problem | solver | runs |")
                .contains("![plots/bandwidth-cam.png](plots/bandwidth-cam.png)").contains("## Instances: pipeline")
                .contains("None: no run beats a proven optimum");
        String table = result.terminalTable();
        String[] lines = table.split("\n");
        assertThat(lines[0]).startsWith("problem     solver      runs  with plan  optimal  mean gap [95% CI]");
        assertThat(table).contains("exhaustive").contains("greedy").contains("cpsat").contains("list")
                .contains("broken");
        // multi-exit exhaustive: every run optimal at 0.2 s; sgm time = 0.2, gap 0, time to 1 % 0.2.
        String exhaustive = List.of(lines).stream().filter(l -> l.contains("exhaustive")).findFirst().orElseThrow();
        assertThat(exhaustive.split(" +")).containsExactly("multi-exit", "exhaustive", "6", "100", "%", "100", "%",
                "0", "%", "[0,", "0]", "0", "%", "0.2", "0.2", "0.020");
    }

    @Test
    void flaggedBugsReachEveryOutput() throws IOException {
        List<RunRecord> records = new ArrayList<>(SampleBatch.records());
        records.add(Runs.run("cam-bw5", "multi-exit", Map.of("bandwidthMbits", 5.0), "buggy", 1, "feasible", 20,
                Double.NaN, 0.1, 10, List.of()));
        Map<String, BestKnown> bk = SampleBatch.bestKnown();
        Report.Result result = Report.write(records, bk, dir);
        assertThat(result.suspects()).extracting(SuspectRun::solver, SuspectRun::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("buggy", "beats proven optimum"));
        assertThat(result.terminalTable()).contains("possible bugs").contains("cam-bw5 / buggy seed 1");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("class=\"bugs\"")
                .contains("<td>beats proven optimum</td>").contains("1 run contradicts a known value");
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| cam-bw5 | buggy | 1 | beats proven optimum |");
        assertThat(Files.readAllLines(dir.resolve("runs.csv"))).anyMatch(l -> l.contains(",buggy,")
                && l.endsWith("beats proven optimum"));
    }

    @Test
    void anEmptyBatchStillWritesAReport() throws IOException {
        Files.writeString(dir.resolve("summary.md"), "old report");
        Report.Result result = Report.write(List.of(), Map.of(), dir);
        assertThat(Files.readString(dir.resolve("summary.md"))).startsWith("# EdgePlan batch report");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("summary.md", "summary.csv", "runs.csv", "report.html");
        }
        assertThat(dir.resolve("report.html")).isNotEmptyFile();
        assertThat(dir.resolve("summary.csv")).hasContent("problem,solver,runs,withPlan,planShare,optimal,optimalShare,"
                + "gapRuns,meanGap,meanGapLow95,meanGapHigh95,medianGap,medianGapLow95,medianGapHigh95,sgmWallSeconds,"
                + "sgmShiftSeconds,reachedTarget,targetGap,medianTimeToTargetSeconds,meanPrimalIntegral");
        assertThat(result.terminalTable()).startsWith("solver  runs");
    }
}
