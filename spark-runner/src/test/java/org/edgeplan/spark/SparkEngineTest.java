package org.edgeplan.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.bench.batch.BatchRunner;
import org.edgeplan.bench.batch.RecordLog;
import org.edgeplan.bench.batch.RunKey;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.bench.batch.Suite;
import org.edgeplan.cli.EdgePlanCli;
import org.edgeplan.testing.ProjectRoot;

/**
 * The Spark engine on a real Spark ({@code local[N]}: driver and executor threads in this JVM, the same scheduler,
 * serialization, broadcast and retries as on a cluster): the records equal the local runner's, a task Spark retries
 * is recorded once, runs in their own JVM work on an executor, and bad engine arguments are one line each.
 */
class SparkEngineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Both problems, an STG graph, exact and heuristic solvers, a problem-B plan to keep: 20 runs. */
    static final String TINY = """
            {"name": "tiny", "instances": ["multi-exit/ma2025-image.json", "pipeline/small.json",
              {"glob": "stg/50/rand0000.stg", "processors": [2]}],
             "solvers": ["exact-bb", "brute-force", "device-only", "edge-only", "heft"], "seeds": [0, 1],
             "timeLimitSeconds": 20, "parallel": 2, "isolation": "in-process"}""";

    @TempDir
    Path tmp;

    private Path suiteFile(String json) throws IOException {
        return Files.writeString(tmp.resolve("suite-" + Math.abs(json.hashCode()) + ".json"), json);
    }

    private record Cli(int status, String out, String err) {
    }

    private static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = EdgePlanCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(status, out.toString(), err.toString());
    }

    /** A record without what differs between two executions of the same run: times, machine, when it started. */
    private static ObjectNode comparable(RunRecord r) {
        ObjectNode n = r.toJson();
        n.remove(List.of("wallSeconds", "cpuSeconds", "peakMemoryBytes", "startedAt", "machine", "trajectory"));
        ArrayNode values = n.putArray("trajectoryValues"); // the points' objectives and bounds, not their times
        r.trajectory().forEach(p -> values.add(MAPPER.createArrayNode().add(p[1]).add(p[2])));
        return n;
    }

    private static Map<RunKey, RunRecord> byKey(List<RunRecord> records) {
        return records.stream().collect(Collectors.toMap(RunRecord::key, Function.identity()));
    }

    private static Map<String, String> files(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    out.put(p.getFileName().toString(), Files.readString(p));
                }
            }
        }
        return out;
    }

    @Test
    void recordsEqualTheLocalRunnersApartFromTimesAndMachine() throws IOException {
        Path suiteFile = suiteFile(TINY);
        Suite suite = Suite.read(suiteFile);
        Path localRuns = tmp.resolve("local/runs.jsonl");
        BatchRunner local = new BatchRunner(suite, new BatchRunner.Options(ProjectRoot.instances(), ProjectRoot.root(),
                localRuns, 0, null));
        List<RunRecord> expected = local.run(local.plan()).records();
        assertThat(expected).hasSize(20);

        Path out = tmp.resolve("spark");
        Cli first = cli("bench", suiteFile.toString(), "--engine", "spark", "--master", "local[2]", "--out",
                out.toString(), "--no-progress");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("suite tiny: 20 runs (0 already in").contains("on Spark (master local[2]");
        assertThat(first.err()).contains("[20/20]");
        List<String> lines = Files.readAllLines(out.resolve("runs.jsonl"));
        assertThat(lines).hasSize(20);
        Map<RunKey, RunRecord> spark = byKey(RecordLog.read(out.resolve("runs.jsonl")));
        Map<RunKey, RunRecord> reference = byKey(expected);
        assertThat(spark.keySet()).isEqualTo(reference.keySet());
        for (RunKey key : reference.keySet()) {
            assertThat(comparable(spark.get(key))).as(key.toString()).isEqualTo(comparable(reference.get(key)));
            assertThat(spark.get(key).status()).isIn("optimal", "feasible");
        }
        // The problem-B plans are kept beside the records, the same files with the same plans.
        // pipeline/small and the STG graph: device-only, edge-only, heft, 2 seeds each
        assertThat(files(out.resolve("plans"))).hasSize(12).isEqualTo(files(localRuns.resolveSibling("plans")));
        assertThat(out.resolve("report.html")).isRegularFile();

        // The same command resumes: nothing is submitted again, nothing appended.
        Cli again = cli("bench", suiteFile.toString(), "--engine", "spark", "--master", "local[2]", "--out",
                out.toString(), "--no-progress");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("suite tiny: 20 runs (20 already in");
        assertThat(again.err()).doesNotContain("[20/20]");
        assertThat(Files.readAllLines(out.resolve("runs.jsonl"))).isEqualTo(lines);
    }

    @Test
    void aTaskThatDiesIsRunAgainBySparkAndRecordedOnce() throws IOException {
        Suite suite = Suite.read(suiteFile("""
                {"name": "retry", "instances": ["pipeline/small.json", "pipeline/medium.json"],
                 "solvers": ["test-fails-once", "device-only"], "seeds": [0, 1], "isolation": "in-process"}"""));
        Path runs = tmp.resolve("retry/runs.jsonl");
        List<RunRecord> progress = new ArrayList<>();
        BatchRunner runner = new BatchRunner(suite, new BatchRunner.Options(ProjectRoot.instances(), null, runs, 0,
                (done, total, r) -> progress.add(r)));
        FailsOnceSolver.CALLS.set(0);
        TaskFailures.FAILED.set(0);
        TaskFailures.SUCCEEDED.set(0);
        // local[2, 3]: two executor threads, each task tried up to 3 times (local mode's default is once).
        SparkConf conf = new SparkConf().setMaster("local[2,3]").set("spark.extraListeners",
                TaskFailures.class.getName());
        List<RunRecord> records;
        try (SparkEngine engine = SparkEngine.start(conf, suite)) {
            records = runner.run(runner.plan(), engine).records();
        } // stopping the context delivers the listener's last events
        assertThat(TaskFailures.FAILED.get()).as("attempts that died").isEqualTo(1);
        assertThat(TaskFailures.SUCCEEDED.get()).isEqualTo(8);
        assertThat(records).hasSize(8);
        assertThat(progress).hasSize(8);
        List<RunRecord> logged = RecordLog.read(runs);
        assertThat(logged).hasSize(8);
        assertThat(logged.stream().map(RunRecord::key).distinct()).hasSize(8);
        assertThat(logged).allSatisfy(r -> assertThat(r.status()).as(r.key() + " " + r.message()).isEqualTo("feasible"));
    }

    @Test
    void eachRunInItsOwnJvmOnTheExecutor() throws IOException {
        Path suiteFile = suiteFile("""
                {"name": "child", "instances": ["multi-exit/ma2025-image.json",
                  {"glob": "stg/50/rand0000.stg", "processors": [2]}],
                 "solvers": ["exact-bb", "heft"], "timeLimitSeconds": 20, "isolation": "process"}""");
        Path out = tmp.resolve("child");
        Cli run = cli("bench", suiteFile.toString(), "--engine", "spark", "--master", "local[2]", "--out",
                out.toString(), "--no-progress");
        assertThat(run.status()).as(run.err()).isZero();
        Map<RunKey, RunRecord> records = byKey(RecordLog.read(out.resolve("runs.jsonl")));
        assertThat(records).hasSize(2);
        RunRecord exact = records.values().stream().filter(r -> r.solver().equals("exact-bb")).findFirst().orElseThrow();
        assertThat(exact.status()).as(exact.message()).isEqualTo("optimal");
        assertThat(exact.objective()).isCloseTo(0.757055, org.assertj.core.data.Offset.offset(1e-6));
        RunRecord heft = records.values().stream().filter(r -> r.solver().equals("heft")).findFirst().orElseThrow();
        // The child read the STG graph from the JSON the driver broadcast, and ran the same instance.
        assertThat(heft.status()).as(heft.message()).isEqualTo("feasible");
        assertThat(heft.processors()).isEqualTo(2);
        assertThat(heft.instance()).isEqualTo("stg-50-rand0000-p2");
        assertThat(heft.objective()).isGreaterThanOrEqualTo(131); // the published optimum
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(exact.peakMemoryBytes()).isGreaterThan(1e6); // measured in the child JVM
        }
        assertThat(files(out.resolve("plans"))).hasSize(1);
    }

    @Test
    void ctrlCOnTheDriverKeepsTheFinishedRunsAndKillsTheRunsInProgress() throws Exception {
        // A build started in the background of a non-interactive shell (nohup ... &) ignores SIGINT, and the driver
        // JVM inherits that: it would finish its runs instead of exiting with 130. Nothing to test there.
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(),
                "SIGINT is ignored by this process (and so by the driver it starts)");
        Path scratch = Files.createDirectories(tmp.resolve("tmpdir"));
        Path suiteFile = suiteFile("""
                {"name": "slow", "instances": ["pipeline/medium.json", {"glob": "stg/50/rand0000.stg", "processors": [2]}],
                 "solvers": ["cp-sat", "heft"], "timeLimitSeconds": 120, "isolation": "process"}""");
        Path out = tmp.resolve("ctrl-c");
        Path log = tmp.resolve("driver.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty("edgeplan.sparkJavaOptions").trim().split("\\s+")));
        cmd.addAll(List.of("-Djava.io.tmpdir=" + scratch, "-Djava.awt.headless=true", "-Dspark.ui.enabled=false",
                "-cp", System.getProperty("java.class.path"), EdgePlanCli.class.getName(), "bench", suiteFile.toString(),
                "--engine", "spark", "--master", "local[2]", "--out", out.toString(), "--no-progress"));
        Process driver = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path runs = out.resolve("runs.jsonl");
        try {
            // Conditions, not times: the three short runs recorded (heft twice, cp-sat proving the STG graph's
            // optimum), and cp-sat on pipeline-medium (which it does not prove in minutes) writing in its child JVM.
            while (!(Files.exists(runs) && RecordLog.read(runs).size() >= 3
                    && names(scratch).stream().anyMatch(n -> n.startsWith("edgeplan-run-")))) {
                assertThat(driver.isAlive()).as(Files.readString(log)).isTrue();
                Thread.sleep(50);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("kill", "-INT",
                    Long.toString(driver.pid())).start().waitFor() == 0, "kill -INT not available");
            assertThat(driver.waitFor()).as(Files.readString(log)).isEqualTo(130);
        } finally {
            driver.destroyForcibly();
        }
        assertThat(Files.readString(log)).doesNotContain("internal error").contains("[3/4]").doesNotContain("[4/4]");
        List<RunRecord> kept = RecordLog.read(runs);
        assertThat(kept).hasSize(3).noneMatch(r -> r.instance().equals("pipeline-medium") && r.solver().equals("cp-sat"))
                .allSatisfy(r -> assertThat(r.status()).isIn("optimal", "feasible"));
        assertThat(Files.readString(runs)).endsWith("\n");
        // The cp-sat runs' child JVMs (whose instance file is in the scratch folder) ended with the driver: each
        // watches a pipe only its parent holds.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (usingFolder(scratch) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(usingFolder(scratch)).as("a child JVM outlived the driver").isFalse();
    }

    /** Whether SIGINT (signal 2, bit 1 of the SigIgn mask of /proc/self/status) is ignored; false without /proc. */
    static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 0x2L) != 0;
            }
        }
        return false;
    }

    private static boolean usingFolder(Path dir) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(dir.toString()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** A suite's policy file is on the driver's disk: the Spark engine refuses it in one line, no run recorded. */
    @Test
    void suitePoliciesAreRefusedOnSpark() throws IOException {
        Path policy = tmp.resolve("mine.json");
        try (java.io.InputStream in = SparkEngineTest.class.getResourceAsStream("/policies/ppo-vgg5.json")) {
            Files.copy(in, policy);
        }
        Path suiteFile = suiteFile("""
                {"name": "mine", "instances": ["pipeline/scaled/scaled-vgg5-e2-s1-r3-dynamic.json"], "solvers": [],
                 "policies": [{"solver": "ppo", "policy": "%s"}], "isolation": "in-process"}"""
                .formatted(policy.toString().replace("\\", "\\\\")));
        Path out = tmp.resolve("policies");
        Cli r = cli("bench", suiteFile.toString(), "--engine", "spark", "--master", "local[1]", "--out",
                out.toString(), "--no-progress");
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("edgeplan: --engine spark: the suite's policy 'ppo@mine' (" + policy
                + ") runs with the local engine only");
        assertThat(Files.exists(out.resolve("runs.jsonl")) ? RecordLog.read(out.resolve("runs.jsonl")) : List.of())
                .isEmpty();
    }

    @Test
    void badEngineArgumentsAreOneLineAndWriteNothing() throws IOException {
        Path suiteFile = suiteFile(TINY);
        Path out = tmp.resolve("bad");
        Cli unknown = cli("bench", suiteFile.toString(), "--engine", "flink", "--out", out.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("edgeplan: --engine: unknown engine 'flink'; expected local or spark");
        Cli noMaster = cli("bench", suiteFile.toString(), "--engine", "spark", "--out", out.toString());
        assertThat(noMaster.status()).isEqualTo(2);
        assertThat(noMaster.err().strip()).startsWith("edgeplan: --engine spark: no master").doesNotContain("\n");
        Cli badMaster = cli("bench", suiteFile.toString(), "--engine", "spark", "--master", "mesos-like://x",
                "--out", out.toString());
        assertThat(badMaster.status()).isEqualTo(2);
        assertThat(badMaster.err().strip()).startsWith("edgeplan: --engine spark: cannot start Spark on master"
                + " 'mesos-like://x'").doesNotContain("\n");
        Cli parallel = cli("bench", suiteFile.toString(), "--engine", "spark", "--master", "local[2]", "--parallel",
                "2", "--out", out.toString());
        assertThat(parallel.status()).isEqualTo(2);
        assertThat(parallel.err()).contains("--parallel applies to the local engine");
        Cli masterForLocal = cli("bench", suiteFile.toString(), "--master", "local[2]", "--out", out.toString());
        assertThat(masterForLocal.status()).isEqualTo(2);
        assertThat(masterForLocal.err()).contains("--master applies to --engine spark only");
        assertThat(out).doesNotExist();
    }
}
