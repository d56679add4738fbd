package org.edgeplan.bench.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.testing.ProjectRoot;

/** End to end: a tiny suite runs, records every run, resumes, meets known optima, and flags impossible results. */
class BatchRunnerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    static Path instancesRoot() {
        return ProjectRoot.instances();
    }

    static Suite suite(String json) throws IOException {
        return Suite.parse(MAPPER.readTree(json), "test-suite.json");
    }

    static final String TINY = """
            {"name": "tiny", "instances": ["multi-exit/ma2025-image.json", {"glob": "stg/50/rand0000.stg", "processors": [2]}],
             "solvers": ["exact-bb", "brute-force", "device-only", "edge-only"], "seeds": [0, 1],
             "timeLimitSeconds": 20, "parallel": 2, "isolation": "in-process"}""";

    private BatchRunner runner(Suite suite, Path runs, List<RunRecord> seen) {
        return new BatchRunner(suite, new BatchRunner.Options(instancesRoot(), null, runs, 0,
                (done, total, r) -> seen.add(r)));
    }

    @Test
    void runsRecordsAndResumes() throws IOException {
        Suite suite = suite(TINY);
        Path runs = tmp.resolve("runs.jsonl");
        List<RunRecord> seen = new ArrayList<>();
        BatchRunner.Plan plan = runner(suite, runs, seen).plan();
        // image: 4 solvers x 2 seeds; STG (pipeline): device-only and edge-only x 2 seeds.
        assertThat(plan.total()).isEqualTo(12);
        assertThat(plan.todo()).hasSize(12);
        List<RunRecord> records = runner(suite, runs, seen).run(plan).records();
        assertThat(records).hasSize(12);
        assertThat(seen).hasSize(12);
        assertThat(RecordLog.read(runs)).hasSize(12);
        assertThat(Files.readAllLines(runs)).hasSize(12).allSatisfy(l -> assertThat(l).startsWith("{").endsWith("}"));

        for (RunRecord r : records) {
            assertThat(r.status()).as(r.toString()).isIn("optimal", "feasible");
            assertThat(r.trajectory()).isNotEmpty();
            assertThat(r.trajectory().get(r.trajectory().size() - 1)[1]).isEqualTo(r.objective());
            assertThat(r.machine()).containsKeys("os", "cpus", "java");
            assertThat(r.features()).isNotEmpty();
        }
        // Known optima are met: the exact solver equals the enumeration on every seed.
        double oracle = records.stream().filter(r -> r.solver().equals("brute-force")).mapToDouble(RunRecord::objective)
                .findFirst().orElseThrow();
        assertThat(records.stream().filter(r -> r.solver().equals("exact-bb")))
                .allSatisfy(r -> assertThat(r.objective()).isCloseTo(oracle, org.assertj.core.data.Offset.offset(1e-9)));
        // No result below a published STG optimum.
        BestKnownStore store = BestKnownStore.load(instancesRoot());
        assertThat(store.bugs(records)).isEmpty();
        RunRecord stg = records.stream().filter(r -> r.instance().equals("stg-50-rand0000-p2")).findFirst().orElseThrow();
        assertThat(store.find(stg).objective()).isEqualTo(131);
        assertThat(records).allSatisfy(r -> assertThat(r.instanceHash()).matches("sha256:[0-9a-f]{64}"));

        // Resume: nothing left to do, the same records come back.
        BatchRunner.Plan again = runner(suite, runs, seen).plan();
        assertThat(again.todo()).isEmpty();
        assertThat(again.done()).hasSize(12);
    }

    /** An engine that hands every finished run to the runner twice, as a cluster might after a speculative copy. */
    private static final class Twice implements RunEngine {
        private final LocalEngine local = new LocalEngine();

        @Override
        public String name() {
            return "twice";
        }

        @Override
        public void run(List<RunSpec> runs, RunSetup setup, java.util.function.Consumer<FinishedRun> sink)
                throws InterruptedException {
            local.run(runs, setup, finished -> {
                sink.accept(finished);
                sink.accept(finished);
            });
        }

        @Override
        public void cancel() {
            local.cancel();
        }
    }

    @Test
    void aRunDeliveredTwiceIsRecordedOnce() throws IOException {
        Suite suite = suite(TINY);
        Path runs = tmp.resolve("runs.jsonl");
        List<RunRecord> seen = new ArrayList<>();
        BatchRunner runner = runner(suite, runs, seen);
        List<RunRecord> records = runner.run(runner.plan(), new Twice()).records();
        assertThat(records).hasSize(12);
        assertThat(seen).hasSize(12);
        assertThat(Files.readAllLines(runs)).hasSize(12);
        assertThat(RecordLog.read(runs).stream().map(RunRecord::key).distinct()).hasSize(12);
    }

    @Test
    void proofsForAFixedExitSetAreScopedAndNotRefutedByTheJointOptimum() throws IOException {
        Suite suite = suite("""
                {"name": "scoped", "instances": ["multi-exit/ma2025-image.json"],
                 "solvers": ["exact-bb", "exact-joint"], "timeLimitSeconds": 20, "isolation": "in-process"}""");
        BatchRunner runner = runner(suite, tmp.resolve("runs.jsonl"), new ArrayList<>());
        List<RunRecord> records = runner.run(runner.plan()).records();
        RunRecord bb = records.stream().filter(r -> r.solver().equals("exact-bb")).findFirst().orElseThrow();
        RunRecord joint = records.stream().filter(r -> r.solver().equals("exact-joint")).findFirst().orElseThrow();
        assertThat(bb.status()).isEqualTo("optimal");
        assertThat(bb.scope()).isEqualTo("exit set [13]");
        assertThat(bb.provenOptimal()).isFalse();
        assertThat(joint.provenOptimal()).isTrue();
        assertThat(joint.objective()).isLessThan(bb.objective() * 0.9);
        // Read back from the log, the scope survives.
        assertThat(RecordLog.read(tmp.resolve("runs.jsonl"))).anySatisfy(r -> assertThat(r.scope()).isEqualTo(bb.scope()));

        var stats = org.edgeplan.bench.report.Statistics.of(records, Map.of());
        assertThat(stats.suspects()).isEmpty();
        Path root = tmp.resolve("instances");
        Files.createDirectories(root);
        BestKnownStore store = BestKnownStore.load(root);
        store.update(records, "test");
        assertThat(store.find(joint).objective()).isEqualTo(joint.objective());
        assertThat(store.find(joint).proven()).isTrue();
        assertThat(store.find(joint).bound()).isEqualTo(joint.bound());
        // A scoped proof alone does not make a whole-problem optimum.
        BestKnownStore only = BestKnownStore.load(tmp.resolve("other"));
        only.update(List.of(bb), "test");
        assertThat(only.find(bb).proven()).isFalse();
        assertThat(only.find(bb).bound()).isNaN();
    }

    @Test
    void aRunCutShortIsRunAgainAndTheLogStaysValid() throws IOException {
        Suite suite = suite(TINY);
        Path runs = tmp.resolve("runs.jsonl");
        List<RunRecord> seen = new ArrayList<>();
        BatchRunner first = runner(suite, runs, seen);
        first.run(first.plan()).records();
        // Simulate Ctrl-C in the middle of the last append: drop the last line's end.
        List<String> lines = Files.readAllLines(runs);
        String last = lines.get(lines.size() - 1);
        Files.writeString(runs, String.join("\n", lines.subList(0, lines.size() - 1)) + "\n"
                + last.substring(0, last.length() / 2), StandardCharsets.UTF_8);
        assertThat(RecordLog.read(runs)).hasSize(11);

        BatchRunner second = runner(suite, runs, seen);
        BatchRunner.Plan plan = second.plan();
        assertThat(plan.todo()).hasSize(1);
        assertThat(second.run(plan).records()).hasSize(12);
        assertThat(RecordLog.read(runs)).hasSize(12);
        assertThat(Files.readString(runs)).endsWith("\n");
    }

    @Test
    void anEditedInstanceIsRunAgainAndItsEarlierRecordsAreKept() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("instances/pipeline"));
        Path small = Files.copy(instancesRoot().resolve("pipeline/small.json"), root.resolve("small.json"));
        Suite suite = suite("""
                {"name": "edit", "instances": ["pipeline/small.json"], "solvers": ["device-only"],
                 "isolation": "in-process"}""");
        Path runs = tmp.resolve("out/runs.jsonl");
        BatchRunner.Options options = new BatchRunner.Options(root.getParent(), null, runs, 0, null);
        BatchRunner first = new BatchRunner(suite, options);
        RunRecord before = first.run(first.plan()).records().get(0);
        // Same file, same name, other content: the earlier record is of another instance.
        Files.writeString(small, Files.readString(small).replace("\"speedFlopsPerSecond\": 4000000000}",
                "\"speedFlopsPerSecond\": 8000000000}"));
        BatchRunner second = new BatchRunner(suite, options);
        BatchRunner.Plan plan = second.plan();
        assertThat(plan.done()).isEmpty();
        assertThat(plan.todo()).hasSize(1);
        RunRecord after = second.run(plan).records().get(0);
        assertThat(after.instanceHash()).isNotEqualTo(before.instanceHash());
        assertThat(after.objective()).isLessThan(before.objective());
        assertThat(RecordLog.read(runs)).extracting(RunRecord::instanceHash)
                .containsExactly(before.instanceHash(), after.instanceHash());
        assertThat(new BatchRunner(suite, options).plan().todo()).isEmpty();
    }

    @Test
    void recordsWrittenBeforeHashesCountForTheInstanceAsItIsNow() throws IOException {
        Suite suite = suite(TINY);
        Path runs = tmp.resolve("runs.jsonl");
        BatchRunner first = runner(suite, runs, new ArrayList<>());
        List<RunRecord> records = first.run(first.plan()).records();
        List<String> old = Files.readAllLines(runs).stream()
                .map(l -> l.replaceFirst(",\"instanceHash\":\"sha256:[0-9a-f]{64}\"", "")).toList();
        assertThat(old).noneMatch(l -> l.contains("instanceHash"));
        Files.write(runs, old);
        BatchRunner.Plan plan = runner(suite, runs, new ArrayList<>()).plan();
        assertThat(plan.todo()).isEmpty();
        assertThat(plan.done()).extracting(RunRecord::instanceHash)
                .containsExactlyInAnyOrderElementsOf(records.stream().map(RunRecord::instanceHash).toList());
        assertThat(InstanceHashes.fill(RecordLog.read(runs), instancesRoot())).extracting(RunRecord::instanceHash)
                .containsExactlyInAnyOrderElementsOf(records.stream().map(RunRecord::instanceHash).toList());
    }

    @Test
    void eachRunInItsOwnJvm() throws IOException {
        Suite suite = suite("""
                {"name": "child", "instances": ["multi-exit/ma2025-image.json"], "solvers": ["exact-bb"],
                 "timeLimitSeconds": 20, "isolation": "process"}""");
        Path runs = tmp.resolve("runs.jsonl");
        BatchRunner runner = runner(suite, runs, new ArrayList<>());
        List<RunRecord> records = runner.run(runner.plan()).records();
        assertThat(records).hasSize(1);
        RunRecord r = records.get(0);
        assertThat(r.status()).as(r.message()).isEqualTo("optimal");
        assertThat(r.objective()).isCloseTo(0.757055, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(r.bound()).isEqualTo(r.objective());
        assertThat(r.cpuSeconds()).isPositive();
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(r.peakMemoryBytes()).isGreaterThan(1e6);
        }
    }

    @Test
    void scratchFilesOfBatchesThatAreGoneAreDeleted() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tmpdir"));
        Path stale = Files.writeString(dir.resolve("edgeplan-run-9999999999-123.json"), "{}");
        Path staleErr = Files.writeString(dir.resolve("edgeplan-run-9999999999-123.err"), "");
        Path mine = Files.writeString(dir.resolve("edgeplan-run-" + ProcessHandle.current().pid() + "-1.json"), "{}");
        Path older = Files.writeString(dir.resolve("edgeplan-run12345.json"), "{}"); // before pids in names: unknown
        RunExecution.removeStaleScratchFiles(dir);
        assertThat(stale).doesNotExist();
        assertThat(staleErr).doesNotExist();
        assertThat(mine).exists();
        assertThat(older).exists();
    }

    @Test
    void aBadSuiteFailsBeforeAnyRun() throws IOException {
        Path runs = tmp.resolve("runs.jsonl");
        assertThatThrownBy(() -> suite("""
                {"name": "bad", "instances": ["multi-exit/ma2025-image.json"], "solvers": ["magic"]}"""))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown solver 'magic'");
        Suite noMatch = suite("""
                {"name": "bad", "instances": ["nothing/*.json"]}""");
        assertThatThrownBy(() -> runner(noMatch, runs, new ArrayList<>()).plan())
                .hasMessageContaining("$.instances[0]").hasMessageContaining("matches no file");
        Suite stg = suite("""
                {"name": "bad", "instances": ["stg/50/rand0000.stg"]}""");
        assertThatThrownBy(() -> runner(stg, runs, new ArrayList<>()).plan()).hasMessageContaining("processors");
        assertThat(runs).doesNotExist();
    }

    @Test
    void suiteFieldsAreCheckedWithTheirPath() {
        assertThatThrownBy(() -> suite("{\"instances\": [\"a\"]}")).hasMessageContaining("$.name");
        assertThatThrownBy(() -> suite("{\"name\": \"x\", \"instances\": []}")).hasMessageContaining("$.instances");
        assertThatThrownBy(() -> suite("{\"name\": \"x\", \"instances\": [\"a\"], \"timeLimitSeconds\": -1}"))
                .hasMessageContaining("$.timeLimitSeconds");
        assertThatThrownBy(() -> suite("{\"name\": \"x\", \"instances\": [\"a\"], \"isolation\": \"docker\"}"))
                .hasMessageContaining("$.isolation").hasMessageContaining("docker");
        assertThatThrownBy(() -> suite("{\"name\": \"x\", \"instances\": [{\"glob\": \"a\", \"processors\": [0]}]}"))
                .hasMessageContaining("$.instances[0].processors[0]");
        assertThatThrownBy(() -> suite("{\"name\": \"x\", \"instances\": [\"a\"], \"seeds\": [1.5]}"))
                .hasMessageContaining("$.seeds[0]");
    }

    @Test
    void yamlSuites() throws IOException {
        Path file = tmp.resolve("s.yaml");
        Files.writeString(file, """
                name: yaml-suite
                instances:
                  - multi-exit/ma2025-image.json
                  - glob: stg/50/rand0000.stg
                    processors: [2, 4]
                solvers: [device-only]
                seeds: [3]
                timeLimitSeconds: 2
                """);
        Suite s = Suite.read(file);
        assertThat(s.name()).isEqualTo("yaml-suite");
        assertThat(s.instances()).hasSize(2);
        assertThat(s.instances().get(1).processors()).containsExactly(2, 4);
        assertThat(s.seeds()).containsExactly(3L);
        assertThat(s.resolve(instancesRoot())).hasSize(3);
        Files.writeString(file, "name: [unclosed", StandardOpenOption.TRUNCATE_EXISTING);
        assertThatThrownBy(() -> Suite.read(file)).hasMessageContaining("malformed YAML");
    }

    @Test
    void bestKnownValuesAreUpdatedAndProofsDefended() throws IOException {
        Path root = tmp.resolve("instances");
        Files.createDirectories(root);
        BestKnownStore store = BestKnownStore.load(root);
        RunRecord heuristic = record("a", "h", "feasible", 10, Double.NaN);
        RunRecord exact = record("a", "x", "optimal", 9, 9);
        assertThat(store.update(List.of(heuristic), "t1")).containsExactly("a (" + BestKnown.shortHash(hash("a"))
                + "): 10.0000000 by h");
        assertThat(store.find(heuristic).proven()).isFalse();
        assertThat(store.update(List.of(exact), "t2")).hasSize(1);
        assertThat(store.find(exact)).isEqualTo(new BestKnown("a", hash("a"), 9, true, 9, "x", "t2"));
        // Reloaded from the file it wrote.
        BestKnownStore reloaded = BestKnownStore.load(root);
        assertThat(reloaded.find(exact)).isEqualTo(new BestKnown("a", hash("a"), 9, true, 9, "x", "t2"));
        // A run below the proven optimum is a bug, reported and not recorded.
        RunRecord impossible = record("a", "y", "feasible", 8, Double.NaN);
        assertThat(reloaded.bugs(List.of(impossible))).singleElement().asString().contains("below the proven optimum");
        assertThat(reloaded.update(List.of(impossible), "t3")).isEmpty();
        assertThat(BestKnownStore.load(root).find(exact).objective()).isEqualTo(9);
    }

    static RunRecord record(String instance, String solver, String status, double objective, double bound) {
        return new RunRecord("s", instance + ".json", 0, instance, "pipeline", Map.of(), solver, 0, 10, 1, status,
                objective, objective, bound, 1, 1, Double.NaN, List.of(new double[] {1, objective, bound}), "", "v",
                Map.of(), "t", "", hash(instance));
    }

    /** A well-formed made-up content hash, one per name. */
    static String hash(String instance) {
        return "sha256:" + String.format("%064x", instance.hashCode() & 0xffffffffL);
    }
}
