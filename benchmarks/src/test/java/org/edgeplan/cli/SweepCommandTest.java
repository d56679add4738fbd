package org.edgeplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = EdgePlanCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(status, out.toString(), err.toString());
    }

    @Test
    void sweepWritesTheCsvAndThePlotsAndTheOptimumIsNeverBeaten(@TempDir Path dir) throws IOException {
        Path outDir = dir.resolve("sweep");
        Result r = run("sweep", "--out", outDir.toString(), "--bandwidths", "1,10,50", "--time-limit", "30");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("aco-ear", "exact-joint (cost)", "wrote ");

        List<String> lines = Files.readAllLines(outDir.resolve("sweep.csv"));
        assertThat(lines.get(0)).isEqualTo("scenario,bandwidthMbits,method,latencySeconds,energyJoules,cost,status");
        List<String[]> rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
        int methods = SweepCommand.DEFAULT_METHODS.size();
        assertThat(rows).hasSize(2 * 3 * methods);
        Map<String, Double> optimum = new HashMap<>();
        for (String[] row : rows) {
            if (row[2].equals("exact-joint")) {
                assertThat(row[6]).isEqualTo("optimal");
                optimum.put(row[0] + "/" + row[1], Double.parseDouble(row[5]));
            }
        }
        assertThat(optimum).hasSize(6);
        for (String[] row : rows) {
            assertThat(row[0]).isIn("image", "video");
            assertThat(row[1]).isIn("1", "10", "50");
            assertThat(row[6]).isIn("optimal", "feasible");
            double latency = Double.parseDouble(row[3]);
            double energy = Double.parseDouble(row[4]);
            double cost = Double.parseDouble(row[5]);
            // The shipped instances weigh latency and energy 0.5 / 0.5.
            assertThat(cost).isCloseTo(0.5 * latency + 0.5 * energy, within(1e-9 * cost));
            assertThat(cost).as("%s at %s Mbit/s: %s", row[0], row[1], row[2])
                    .isGreaterThanOrEqualTo(optimum.get(row[0] + "/" + row[1]) * (1 - 1e-9));
        }
        // Cost falls with bandwidth for the optimum (more bandwidth only adds options).
        assertThat(optimum.get("image/50")).isLessThan(optimum.get("image/10")).isLessThan(optimum.get("image/1"));
        assertThat(optimum.get("video/50")).isLessThan(optimum.get("video/10")).isLessThan(optimum.get("video/1"));

        for (String scenario : List.of("image", "video")) {
            for (String metric : List.of("latency", "energy", "cost")) {
                Path png = outDir.resolve(scenario + "-" + metric + ".png");
                assertThat(png).exists();
                byte[] bytes = Files.readAllBytes(png);
                assertThat(bytes.length).isGreaterThan(1000);
                assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
            }
        }
        try (var files = Files.list(outDir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".tmp")).count()).isZero();
        }
    }

    @Test
    void aRestrictedSweepRunsOnlyWhatWasAskedAndAlwaysTheOptimum(@TempDir Path dir) throws IOException {
        Result r = run("sweep", "--out", dir.toString(), "--scenarios", "video", "--bandwidths", "20",
                "--methods", "aco-ear,fp-ar");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("sweep.csv"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("video,20,aco-ear,");
        assertThat(lines.get(2)).startsWith("video,20,fp-ar,");
        assertThat(lines.get(3)).startsWith("video,20,exact-joint,").endsWith(",optimal");
        assertThat(dir.resolve("image-cost.png")).doesNotExist();
        assertThat(dir.resolve("video-cost.png")).exists();
    }

    @Test
    void badArgumentsGiveOneLineAndStatus2(@TempDir Path dir) {
        Result bw = run("sweep", "--out", dir.toString(), "--bandwidths", "3");
        assertThat(bw.status()).isEqualTo(EdgePlanCli.BAD_INPUT);
        assertThat(bw.err().strip()).isEqualTo("edgeplan: no sweep instance at 3 Mbit/s; the shipped points are"
                + " [1, 2, 5, 10, 20, 30, 40, 50]");
        Result scenario = run("sweep", "--out", dir.toString(), "--scenarios", "audio");
        assertThat(scenario.status()).isEqualTo(EdgePlanCli.BAD_INPUT);
        assertThat(scenario.err()).contains("unknown scenario 'audio'");
        Result method = run("sweep", "--out", dir.toString(), "--methods", "no-such-solver");
        assertThat(method.status()).isEqualTo(EdgePlanCli.BAD_INPUT);
        assertThat(method.err()).contains("unknown solver 'no-such-solver'");
        assertThat(dir.resolve("sweep.csv")).doesNotExist();
    }
}
