package org.edgeplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeplan.cli.CliTest.assertBadInput;
import static org.edgeplan.cli.CliTest.instance;
import static org.edgeplan.cli.CliTest.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.edgeplan.bench.batch.RecordLock;
import org.edgeplan.bench.batch.RecordLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, the data-loss cases, replayed through the command line as a user meets them: each refused case is exit
 * status 2 with one line, and nothing already on disk is changed. (The README's table "Failures and exit status"
 * states what these tests assert.)
 */
class ReliabilityTest {
    @TempDir
    Path tmp;

    private Path copyOf(String shipped, String name) throws IOException {
        return Files.copy(Path.of(instance(shipped)), tmp.resolve(name));
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- item 2: --out replaces only a regular file that is no input, never through a link ----

    @Test
    void solveOutOntoItsOwnInstanceIsRefusedAndTheInstanceUntouched() throws IOException {
        Path x = copyOf("multi-exit/ma2025-image.json", "x.json");
        byte[] before = Files.readAllBytes(x);
        assertBadInput(run("solve", x.toString(), "--solver", "device-only", "--out", x.toString()),
                "refusing to write", "x.json", "input of this command");
        // The same file by another name, and a hard link to it.
        assertBadInput(run("solve", x.toString(), "--solver", "device-only", "--out",
                tmp.resolve(".").resolve("x.json").toString()), "input of this command");
        Path hard = Files.createLink(tmp.resolve("hard.json"), x);
        assertBadInput(run("solve", x.toString(), "--solver", "device-only", "--out", hard.toString()),
                "input of this command");
        assertThat(Files.readAllBytes(x)).isEqualTo(before);
        assertThat(names(tmp)).containsExactly("hard.json", "x.json");
    }

    @Test
    void outOntoAFifoIsRefused() throws IOException, InterruptedException {
        Path fifo = tmp.resolve("plan.fifo");
        assumeTrue(mkfifo(fifo), "mkfifo not available");
        assertBadInput(run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                fifo.toString()), "refusing to write", "not a regular file");
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(names(tmp)).containsExactly("plan.fifo");
        // A directory, and a folder option naming a file.
        Path dir = Files.createDirectory(tmp.resolve("plan.json"));
        assertBadInput(run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                dir.toString()), "it is a directory");
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertBadInput(run("compare", instance("multi-exit/ma2025-image.json"), "--solvers", "device-only", "--out",
                file.toString()), "not a directory");
        assertThat(file).hasContent("mine");
    }

    static boolean mkfifo(Path fifo) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void outThroughASymbolicLinkIsRefusedAndTheLinkTargetUntouched() throws IOException {
        Path target = Files.writeString(tmp.resolve("precious.json"), "precious");
        Path link = Files.createSymbolicLink(tmp.resolve("plan.json"), target);
        assertBadInput(run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                link.toString()), "symbolic link");
        assertThat(target).hasContent("precious");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void writtenFilesFollowTheUmask() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
        Path plan = tmp.resolve("plan.json");
        CliTest.Run r = run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                plan.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.getPosixFilePermissions(plan)).isEqualTo(umask);
        Path out = tmp.resolve("compare");
        r = run("compare", instance("multi-exit/ma2025-image.json"), "--solvers", "device-only", "--out",
                out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.getPosixFilePermissions(out.resolve("results.csv"))).isEqualTo(umask);
        assertThat(names(out)).containsExactly("results.csv", "results.md");
    }

    // ---- items 1 and 3: one writer per records file; records never through a link ----

    private static final String TINY_SUITE = """
            {"name": "rel", "instances": ["multi-exit/ma2025-image.json"], "solvers": ["device-only", "edge-only"],
             "timeLimitSeconds": 5, "isolation": "in-process"}""";

    private Path suite() throws IOException {
        return Files.writeString(tmp.resolve("rel.json"), TINY_SUITE);
    }

    private static CliTest.Run bench(Path suite, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("bench", suite.toString(), "--out", out.toString(),
                "--no-progress"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aSecondBenchOnTheSameOutInThisProcessIsRefusedAndWritesNothing() throws Exception {
        Path suite = suite();
        Path out = tmp.resolve("bench");
        CliTest.Run first = bench(suite, out);
        assertThat(first.status()).as(first.err()).isZero();
        byte[] before = Files.readAllBytes(out.resolve("runs.jsonl"));
        // Another bench holds the records (here: this test's thread, for as long as it likes: no timing involved).
        try (RecordLock held = RecordLock.acquire(out.resolve("runs.jsonl"))) {
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                CliTest.Run second = other.submit(() -> bench(suite, out, "--fresh")).get();
                assertBadInput(second, "runs.jsonl is being written by another bench in this process",
                        "choose another --out");
            } finally {
                other.shutdownNow();
            }
        }
        // --fresh did not move the log aside, and nothing was appended or reported.
        assertThat(Files.readAllBytes(out.resolve("runs.jsonl"))).isEqualTo(before);
        assertThat(names(out)).noneMatch(n -> n.startsWith("runs-"));
    }

    @Test
    void aSecondBenchOnTheSameOutInAnotherProcessIsRefused() throws Exception {
        Path suite = suite();
        Path out = tmp.resolve("bench");
        Path runs = out.resolve("runs.jsonl");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), runs.toString())
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(lines.readLine()).isEqualTo("locked"); // waits for the child, however long it takes
            CliTest.Run refused = bench(suite, out);
            assertBadInput(refused, "runs.jsonl is being written by process " + holder.pid() + ", since ");
            assertThat(runs).doesNotExist();
            holder.getOutputStream().close(); // the holder exits: the operating system drops its lock
            assertThat(holder.waitFor()).isZero();
        } finally {
            holder.destroyForcibly();
        }
        CliTest.Run after = bench(suite, out);
        assertThat(after.status()).as(after.err()).isZero();
        assertThat(Files.readAllLines(runs)).hasSize(2);
    }

    /** Holds the lock of a records file until its standard input ends (a second process for the test above). */
    static final class LockHolder {
        public static void main(String[] args) throws IOException {
            try (RecordLock lock = RecordLock.acquire(Path.of(args[0]))) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our input
                }
            }
        }
    }

    @Test
    void aSymlinkedRunsJsonlIsRefusedAndItsTargetUntouched() throws IOException {
        Path suite = suite();
        Path out = Files.createDirectory(tmp.resolve("bench"));
        Path elsewhere = Files.writeString(tmp.resolve("elsewhere.txt"), "someone else's file\n");
        Files.createSymbolicLink(out.resolve("runs.jsonl"), elsewhere);
        assertBadInput(bench(suite, out), "refusing to write", "runs.jsonl", "symbolic link");
        assertBadInput(bench(suite, out, "--fresh"), "symbolic link");
        assertThat(elsewhere).hasContent("someone else's file");
        assertThat(Files.isSymbolicLink(out.resolve("runs.jsonl"))).isTrue();
        assertThat(names(out)).containsExactly(".runs.jsonl.lock", "runs.jsonl");
        // The quarantine beside it too.
        Files.delete(out.resolve("runs.jsonl"));
        Files.createSymbolicLink(out.resolve("suspect.jsonl"), elsewhere);
        assertBadInput(bench(suite, out), "refusing to write", "suspect.jsonl", "symbolic link");
        assertThat(elsewhere).hasContent("someone else's file");
        Files.delete(out.resolve("suspect.jsonl"));
        Files.createSymbolicLink(out.resolve("runs.jsonl"), elsewhere);
        // The records log refuses it by itself too (for callers of the batch API).
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RecordLog.open(out.resolve("runs.jsonl")))
                .hasMessageContaining("symbolic link");
        assertThat(elsewhere).hasContent("someone else's file");
    }

    @Test
    void aCorruptLineOfTheLogIsNamedAndNothingIsWritten() throws IOException {
        Path suite = suite();
        Path out = tmp.resolve("bench");
        assertThat(bench(suite, out).status()).isZero();
        List<String> lines = Files.readAllLines(out.resolve("runs.jsonl"));
        Files.writeString(out.resolve("runs.jsonl"), lines.get(0) + "\n{\"not\": \"a record\"}\n");
        byte[] before = Files.readAllBytes(out.resolve("runs.jsonl"));
        assertBadInput(bench(suite, out), "runs.jsonl: line 2: run record without 'instanceFile'");
        assertThat(Files.readAllBytes(out.resolve("runs.jsonl"))).isEqualTo(before);
    }

    @Test
    void freshNeverReplacesAnEarlierLog() throws IOException {
        Path runs = Files.writeString(tmp.resolve("runs.jsonl"), "first\n");
        assertThat(RecordLog.setAside(runs, "20260101-000000")).hasFileName("runs-20260101-000000.jsonl");
        Files.writeString(runs, "second\n");
        assertThat(RecordLog.setAside(runs, "20260101-000000")).hasFileName("runs-20260101-000000-2.jsonl");
        assertThat(tmp.resolve("runs-20260101-000000.jsonl")).hasContent("first");
        assertThat(tmp.resolve("runs-20260101-000000-2.jsonl")).hasContent("second");
        assertThat(RecordLog.setAside(runs, "20260101-000000")).isNull();
    }

    // ---- item 7: suite files as strict as instance files ----

    static Stream<org.junit.jupiter.params.provider.Arguments> badSuites() {
        String head = "\"name\": \"bad\", \"instances\": [\"multi-exit/ma2025-image.json\"]";
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("{" + head + ", \"timeLimitSecond\": 5}",
                        "$: unknown field \"timeLimitSecond\""),
                org.junit.jupiter.params.provider.Arguments.of("{" + head + ", \"isolaton\": \"process\"}",
                        "$: unknown field \"isolaton\""),
                org.junit.jupiter.params.provider.Arguments.of("{" + head + ", \"threads\": 1, \"threads\": 2}",
                        "Duplicate field 'threads' in $"),
                org.junit.jupiter.params.provider.Arguments.of("{" + head + ", \"seeds\": [0, 0]}",
                        "$.seeds[1]: duplicate seed 0"),
                org.junit.jupiter.params.provider.Arguments.of("{" + head + ", \"excludeSolvers\": [\"exact-bbb\"]}",
                        "$.excludeSolvers[0]: unknown solver 'exact-bbb'"),
                org.junit.jupiter.params.provider.Arguments.of("{" + head + ", \"parallel\": -1}",
                        "$.parallel: must be a positive integer"),
                org.junit.jupiter.params.provider.Arguments.of(
                        "{\"name\": \"..\", \"instances\": [\"multi-exit/ma2025-image.json\"]}",
                        "$.name: \"..\" is not a safe folder name"),
                org.junit.jupiter.params.provider.Arguments.of("{" + head + ", \"solvers\": [\"heft\"]}",
                        "$.solvers[0]: 'heft' applies to none of the selected instances"),
                org.junit.jupiter.params.provider.Arguments.of("{\"name\": \"bad\", \"instances\": [\"pipeline/small.json\"],"
                        + " \"excludeSolvers\": " + org.edgeplan.bench.batch.SuiteFixtures.everyPipelineSolver() + "}",
                        "$.solvers: no solver applies to any selected instance"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("badSuites")
    void aBadSuiteIsExitStatusTwoWithItsJsonPathAndWritesNothing(String text, String mention) throws IOException {
        Path suite = Files.writeString(tmp.resolve("bad.json"), text);
        Path out = tmp.resolve("out");
        assertBadInput(run("bench", suite.toString(), "--out", out.toString(), "--no-progress"), "bad.json: ",
                mention);
        assertThat(out).doesNotExist();
        assertThat(names(tmp)).containsExactly("bad.json");
    }

    @Test
    void parallelBelowOneIsRefused() throws IOException {
        Path suite = suite();
        for (String p : List.of("-1", "0")) {
            assertBadInput(bench(suite, tmp.resolve("out"), "--parallel", p), "--parallel: must be at least 1, got " + p);
        }
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    // ---- item 4: best-known values by content hash; runs below a proven optimum kept apart ----

    /** The CLI in its own JVM with {@code EDGEPLAN_HOME=home}, so that it reads {@code home/instances}. */
    private CliTest.Run cliIn(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                EdgePlanCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "cli", ".out");
        Path err = Files.createTempFile(tmp, "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("EDGEPLAN_HOME", home.toString());
        int status = pb.start().waitFor();
        CliTest.Run r = new CliTest.Run(status, Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** A home with the shipped best-known file and, as pipeline/small.json, the given text. */
    private Path home(String smallJson) throws IOException {
        Path instances = Files.createDirectories(tmp.resolve("home/instances/pipeline"));
        Files.writeString(instances.resolve("small.json"), smallJson);
        Files.copy(Path.of(instance("best-known.json")), instances.resolveSibling("best-known.json"));
        return tmp.resolve("home");
    }

    private static final String SMALL_SUITE = """
            {"name": "small", "instances": ["pipeline/*.json"], "solvers": ["device-only", "edge-only"],
             "timeLimitSeconds": 5, "isolation": "in-process"}""";

    @Test
    void aSameNamedDifferentInstanceMeetsNoShippedValueAndNoFalseBug() throws Exception {
        String shipped = Files.readString(Path.of(instance("pipeline/small.json")));
        // The case: a copy of a shipped instance, shipped name, faster devices.
        String faster = shipped.replace("\"speedFlopsPerSecond\": 4000000000}", "\"speedFlopsPerSecond\": 4000000000000}");
        assertThat(faster).isNotEqualTo(shipped);
        Path home = home(faster);
        Files.writeString(home.resolve("instances/pipeline/shipped-small.json"), shipped);
        Path suite = Files.writeString(tmp.resolve("small.json"), SMALL_SUITE);
        byte[] bestKnownBefore = Files.readAllBytes(home.resolve("instances/best-known.json"));
        Path out = tmp.resolve("out");

        CliTest.Run r = cliIn(home, "bench", suite.toString(), "--out", out.toString(), "--no-progress",
                "--update-best-known");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("BUG");
        assertThat(out.resolve("suspect.jsonl")).doesNotExist();
        List<org.edgeplan.bench.batch.RunRecord> records = RecordLog.read(out.resolve("runs.jsonl"));
        assertThat(records).hasSize(4).allSatisfy(x -> assertThat(x.instance()).isEqualTo("pipeline-small"));
        String shippedHash = org.edgeplan.io.InstanceIo.contentHash(org.edgeplan.io.InstanceIo.parse(shipped, "s"));
        double shippedOptimum = 0.025464576000000034;
        double copyBest = records.stream().filter(x -> !x.instanceHash().equals(shippedHash))
                .mapToDouble(org.edgeplan.bench.batch.RunRecord::objective).min().orElseThrow();
        assertThat(copyBest).as("the copy beats the shipped optimum, as in the issue").isLessThan(shippedOptimum);
        // The report tells the two apart: its own reference for each, no gap of millions of percent.
        String summary = Files.readString(out.resolve("summary.csv"));
        List<String> instanceRows = Files.readString(out.resolve("summary.md")).lines()
                .filter(l -> l.startsWith("| pipeline-small [")).toList();
        assertThat(instanceRows).hasSize(2);
        assertThat(instanceRows).anySatisfy(l -> assertThat(l).contains("[84709d4e]", "proven optimum"));
        assertThat(instanceRows).anySatisfy(l -> assertThat(l).doesNotContain("84709d4e").contains("batch best"));
        // No gap of millions of percent (the merged reference gave 3e6 %): every gap column stays far below that.
        // (Other columns may print small numbers such as a primal integral of 8.4E-4 in scientific notation.)
        List<String> header = List.of(summary.lines().findFirst().orElseThrow().split(","));
        summary.lines().skip(1).forEach(row -> {
            String[] cells = row.split(",", -1);
            for (String column : List.of("meanGap", "medianGap")) {
                String cell = cells[header.indexOf(column)];
                if (!cell.isEmpty()) {
                    assertThat(Math.abs(Double.parseDouble(cell))).as("%s in %s", column, row).isLessThan(1e5);
                }
            }
        });
        // The shipped entry is untouched; the copy has an entry of its own.
        var entries = org.edgeplan.bench.batch.BestKnownStore.load(home.resolve("instances")).entries().stream()
                .filter(b -> b.instance().equals("pipeline-small")).toList();
        assertThat(entries).hasSize(2);
        assertThat(entries).filteredOn(b -> b.hash().equals(shippedHash)).singleElement()
                .satisfies(b -> assertThat(b.objective()).isEqualTo(shippedOptimum))
                .satisfies(b -> assertThat(b.proven()).isTrue());
        assertThat(bestKnownBefore).isNotEqualTo(Files.readAllBytes(home.resolve("instances/best-known.json")));
    }

    @Test
    void aRunBelowAProvenOptimumGoesToSuspectJsonlAndTheExitStatusIsFour() throws Exception {
        String shipped = Files.readString(Path.of(instance("pipeline/small.json")));
        Path home = home(shipped);
        // A proven optimum that is wrong (say, edited by hand): every run of the instance now looks impossible.
        Path bestKnown = home.resolve("instances/best-known.json");
        String hash = org.edgeplan.io.InstanceIo.contentHash(org.edgeplan.io.InstanceIo.parse(shipped, "s"));
        Files.writeString(bestKnown, "{\"instances\": [{\"instance\": \"pipeline-small\", \"hash\": \"" + hash
                + "\", \"objective\": 10, \"proven\": true, \"solver\": \"hand\", \"source\": \"test\"}]}");
        Path suite = Files.writeString(tmp.resolve("small.json"), SMALL_SUITE);
        Path out = tmp.resolve("out");

        CliTest.Run r = cliIn(home, "bench", suite.toString(), "--out", out.toString(), "--no-progress",
                "--update-best-known");
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err().lines().filter(l -> l.startsWith("edgeplan: BUG: pipeline-small: ")).toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("below the proven optimum 10.0000000",
                        "kept in suspect.jsonl, not in runs.jsonl"));
        assertThat(Files.readAllLines(out.resolve("runs.jsonl"))).isEmpty();
        assertThat(RecordLog.read(out.resolve("suspect.jsonl"))).extracting(org.edgeplan.bench.batch.RunRecord::solver)
                .containsExactlyInAnyOrder("device-only", "edge-only");
        assertThat(r.out()).contains("2 suspect runs (possible bugs)", "kept in suspect.jsonl");
        assertThat(Files.readString(out.resolve("summary.md"))).contains("beats proven optimum");
        assertThat(Files.readString(bestKnown)).contains("\"objective\": 10");
        // Resuming does not run them again, and still says so.
        CliTest.Run again = cliIn(home, "bench", suite.toString(), "--out", out.toString(), "--no-progress");
        assertThat(again.status()).isEqualTo(4);
        assertThat(again.out()).contains("(0 already in", ", 2 in suspect.jsonl)");
        assertThat(RecordLog.read(out.resolve("suspect.jsonl"))).hasSize(2);
        // The report command shows them too.
        CliTest.Run report = cliIn(home, "report", out.resolve("runs.jsonl").toString(), "--out",
                tmp.resolve("report").toString());
        assertThat(report.status()).as(report.err()).isZero();
        assertThat(report.out()).contains("2 suspect runs");
    }

    // ---- item 2: Ctrl-C leaves no temporary files ----

    @Test
    void ctrlCDuringABatchLeavesNoTemporaryFilesAndAValidLog() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("tmpdir"));
        Path suite = Files.writeString(tmp.resolve("slow.json"), """
                {"name": "slow", "instances": ["pipeline/medium.json"], "solvers": ["cp-sat"], "timeLimitSeconds": 60,
                 "isolation": "process"}""");
        Path out = tmp.resolve("out");
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + scratch, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                EdgePlanCli.class.getName(), "bench", suite.toString(), "--out", out.toString(), "--no-progress")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("bench.log").toFile()).start();
        try {
            // Wait for the run's child JVM to be writing its output file (a condition, not a time).
            while (names(scratch).stream().noneMatch(n -> n.startsWith("edgeplan-run-" + bench.pid() + "-"))) {
                assertThat(bench.isAlive()).as(Files.readString(tmp.resolve("bench.log"))).isTrue();
                Thread.sleep(50);
            }
            assumeTrue(new ProcessBuilder("kill", "-INT", Long.toString(bench.pid())).start().waitFor() == 0,
                    "kill -INT not available");
            assertThat(bench.waitFor()).isEqualTo(130); // 128 + SIGINT: the JVM's own end, after its shutdown hooks
        } finally {
            bench.destroyForcibly();
        }
        assertThat(names(scratch)).noneMatch(n -> n.startsWith("edgeplan-run-"));
        assertThat(names(out)).noneMatch(n -> n.endsWith(".tmp"));
        assertThat(RecordLog.read(out.resolve("runs.jsonl"))).isEmpty();
    }

    // ---- item 5: a time limit is finite ----

    /** {@code --time-limit Infinity} used to make Timefold search for ever; every solve must end. */
    @Test
    void anInfiniteOrZeroTimeLimitIsBadInput() {
        for (String limit : new String[] {"Infinity", "0", "-1", "NaN"}) {
            assertBadInput(run("solve", instance("pipeline/small.json"), "--solver", "timefold", "--time-limit", limit),
                    "time limit must be a positive, finite number of seconds");
        }
    }

    // ---- item 5: process-isolated runs die with their parent ----

    /**
     * SIGKILL of a bench runs no shutdown hook, so its children used to keep running, here a cp-sat run with an hour
     * of time on an instance it cannot prove. Each child watches a pipe only the parent holds and halts when the
     * operating system closes it; the test waits for that (up to a minute, far below the child's own limit).
     */
    @Test
    void childrenOfAKilledBenchEndWithIt() throws Exception {
        Path scratch = Files.createDirectories(tmp.resolve("tmpdir"));
        Path suite = Files.writeString(tmp.resolve("slow.json"), """
                {"name": "slow", "instances": ["pipeline/medium.json"], "solvers": ["cp-sat"], "timeLimitSeconds": 3600,
                 "isolation": "process"}""");
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + scratch, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                EdgePlanCli.class.getName(), "bench", suite.toString(), "--out", tmp.resolve("out").toString(),
                "--no-progress").redirectErrorStream(true).redirectOutput(tmp.resolve("bench.log").toFile()).start();
        List<ProcessHandle> children;
        try {
            // Wait for the run's child JVM (a condition, not a time).
            while ((children = bench.descendants().toList()).isEmpty()
                    || names(scratch).stream().noneMatch(n -> n.startsWith("edgeplan-run-" + bench.pid() + "-"))) {
                assertThat(bench.isAlive()).as(Files.readString(tmp.resolve("bench.log"))).isTrue();
                Thread.sleep(50);
            }
            bench.destroyForcibly(); // SIGKILL
            assertThat(bench.waitFor()).isEqualTo(137);
        } finally {
            bench.destroyForcibly();
        }
        try {
            for (ProcessHandle child : children) {
                child.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(child.isAlive()).isFalse();
            }
        } finally {
            children.forEach(ProcessHandle::destroyForcibly); // never leave one behind, even when the test fails
        }
    }

    // ---- item 6: input too large for the heap: exit status 2, one line, nothing written ----

    /** The CLI in its own JVM with this {@code -Xmx} (and {@code EDGEPLAN_HOME=home} when given). */
    private CliTest.Run cliWithHeap(String xmx, Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + xmx, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
                EdgePlanCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "cli", ".out");
        Path err = Files.createTempFile(tmp, "cli", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (home != null) {
            pb.environment().put("EDGEPLAN_HOME", home.toString());
        }
        int status = pb.start().waitFor();
        CliTest.Run r = new CliTest.Run(status, Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void aDeviceAFifoOrADirectoryAsInputIsRefused() throws Exception {
        Path plan = tmp.resolve("plan.json");
        assumeTrue(Files.exists(Path.of("/dev/zero")));
        assertBadInput(run("solve", "/dev/zero", "--solver", "device-only", "--out", plan.toString()),
                "cannot read /dev/zero: it is not a regular file (a FIFO, socket or device)");
        Path fifo = tmp.resolve("x.json");
        assumeTrue(mkfifo(fifo), "mkfifo not available");
        assertBadInput(run("solve", fifo.toString(), "--solver", "device-only", "--out", plan.toString()),
                "cannot read " + fifo + ": it is not a regular file");
        Path dir = Files.createDirectory(tmp.resolve("dir.json"));
        assertBadInput(run("evaluate", dir.toString(), fifo.toString()), "cannot read " + dir + ": it is a directory");
        assertThat(names(tmp)).containsExactly("dir.json", "x.json");
    }

    /** A problem-B instance with one device and {@code nodes - 1} edge nodes on a default link. */
    private static String pipelineWithNodes(int nodes, String requests) {
        StringBuilder sb = new StringBuilder("{\"problem\": \"pipeline\", \"name\": \"wide\", \"nodes\": [")
                .append("{\"name\": \"dev\", \"kind\": \"device\", \"speedFlopsPerSecond\": 1e9}");
        for (int n = 1; n < nodes; n++) {
            sb.append(",\n{\"name\": \"e").append(n).append("\", \"kind\": \"edge\", \"speedFlopsPerSecond\": 4e9}");
        }
        return sb.append("], \"defaultLink\": {\"bandwidthBitsPerSecond\": 1e8, \"latencySeconds\": 0.001},")
                .append(" \"models\": {\"vgg5\": {\"profile\": \"vgg5-cifar10\"}},")
                .append(" \"endpoints\": [{\"name\": \"cam\", \"device\": \"dev\", \"model\": \"vgg5\",")
                .append(" \"requests\": ").append(requests).append("}]}").toString();
    }

    @Test
    void aHundredThousandNodesOrProcessorsAreRefusedBeforeTheirLinkTables() throws IOException {
        Path wide = Files.writeString(tmp.resolve("wide.json"), pipelineWithNodes(100_000, "{\"count\": 1, \"periodSeconds\": 0}"));
        Path plan = tmp.resolve("plan.json");
        assertBadInput(run("solve", wide.toString(), "--solver", "heft", "--out", plan.toString()),
                "wide.json: $: instance 'wide': 100000 nodes need two 100000 x 100000 link tables, about 160 GB;",
                "EDGEPLAN_JAVA_OPTS=-Xmx");
        assertBadInput(run("solve", instance("stg/50/rand0000.stg"), "--processors", "100000", "--solver", "heft",
                "--out", plan.toString()), "stg-50-rand0000: 100000 processors need two 100000 x 100000 link tables,"
                + " about 160 GB;");
        assertBadInput(run("bound", instance("stg/50/rand0000.stg"), "--processors", "100000"), "100000 processors");
        assertThat(names(tmp)).containsExactly("wide.json");
    }

    @Test
    void sevenMillionRequestsAreRefusedByTheHeapTheyWouldNeed() throws Exception {
        Path many = Files.writeString(tmp.resolve("many.json"),
                pipelineWithNodes(2, "{\"count\": 7000000, \"periodSeconds\": 0.01}"));
        CliTest.Run r = cliWithHeap("512m", null, "solve", many.toString(), "--solver", "heft", "--out",
                tmp.resolve("plan.json").toString());
        assertBadInput(r, "many.json: $: instance 'wide': 49000000 subtasks (7000000 requests) need their tables, a plan"
                + " and an evaluation, about 8.9 GB; this JVM can spare 0.40 GB of its 0.54 GB heap (set"
                + " EDGEPLAN_JAVA_OPTS=-Xmx<size> to give it more)");
        assertThat(names(tmp)).containsExactly("many.json");
    }

    /** A problem-A instance of {@code devices} copies of the image scenario's first device. */
    private static String multiExitWithDevices(int devices) throws IOException {
        String shipped = Files.readString(Path.of(instance("multi-exit/ma2025-image.json")));
        String head = shipped.substring(0, shipped.indexOf("\"devices\": [") + "\"devices\": [".length());
        StringBuilder sb = new StringBuilder(head.replace("\"ma2025-image\"", "\"crowd\""));
        for (int i = 0; i < devices; i++) {
            sb.append(i == 0 ? "" : ",").append("\n{\"name\": \"d").append(i).append("\", \"speedFlopsPerSecond\": 50e9,")
                    .append(" \"computePowerWatts\": 0.5, \"transmitPowerWatts\": 0.1, \"bandwidthBitsPerSecond\": 1e7,")
                    .append(" \"exitProbabilities\": [10, 8, 2, 15, 0, 7, 5, 6, 3, 2, 28, 12, 2]}");
        }
        return sb.append("]}").toString();
    }

    /**
     * The issue's {@code ppo} on 100 000 devices, scaled to 3 000 devices and a 128 MB heap so that it stays quick
     * (the policy would need 0.20 GB; PpoSizeLimitTest refuses a million devices in any heap).
     */
    @Test
    void ppoOnTooManyDevicesIsRefusedAndABenchRecordsItAsFailedAndGoesOn() throws Exception {
        Path home = tmp.resolve("home");
        Path crowd = Files.createDirectories(home.resolve("instances/multi-exit")).resolve("crowd.json");
        Files.writeString(crowd, multiExitWithDevices(3_000));
        Path plan = tmp.resolve("plan.json");
        CliTest.Run solve = cliWithHeap("128m", home, "solve", crowd.toString(), "--solver", "ppo", "--out",
                plan.toString());
        assertBadInput(solve, "ppo: a policy for 3000 devices and 14 splits has ", " weights (trained with gradients and"
                + " Adam's moments) and a batch of 128 observations of 51003 features, about 0.20 GB;");
        assertThat(plan).doesNotExist();

        Path suite = Files.writeString(tmp.resolve("crowd-suite.json"), """
                {"name": "crowd", "instances": ["multi-exit/crowd.json"], "solvers": ["device-only", "ppo"],
                 "timeLimitSeconds": 5, "isolation": "in-process"}""");
        Path out = tmp.resolve("out");
        CliTest.Run bench = cliWithHeap("128m", home, "bench", suite.toString(), "--out", out.toString(),
                "--no-progress");
        assertThat(bench.status()).as(bench.err()).isZero();
        List<org.edgeplan.bench.batch.RunRecord> records = RecordLog.read(out.resolve("runs.jsonl"));
        assertThat(records).extracting(org.edgeplan.bench.batch.RunRecord::solver)
                .containsExactlyInAnyOrder("device-only", "ppo");
        assertThat(records).filteredOn(x -> x.solver().equals("ppo")).singleElement().satisfies(x -> {
            assertThat(x.status()).isEqualTo("failed");
            assertThat(x.message()).startsWith("solver 'ppo' failed: ppo: a policy for 3000 devices");
        });
        assertThat(records).filteredOn(x -> x.solver().equals("device-only")).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo("feasible"));
        // A resume counts the failed run as done: nothing runs again (planned here, in this JVM).
        org.edgeplan.bench.batch.BatchRunner.Plan resume = new org.edgeplan.bench.batch.BatchRunner(
                org.edgeplan.bench.batch.Suite.read(suite), new org.edgeplan.bench.batch.BatchRunner.Options(
                        home.resolve("instances"), null, out.resolve("runs.jsonl"), 0, null)).plan();
        assertThat(resume.todo()).isEmpty();
        assertThat(resume.done()).hasSize(2);
    }

    @Test
    void runningOutOfHeapAnywayIsExitStatusTwoWithOneLine() throws Exception {
        // 3.7 million empty arrays: a file the size check lets through (8 times 11 MB fits in the budget of a
        // 128 MB heap) whose JSON tree takes about 13 times its size, so parsing it really runs out of heap.
        StringBuilder sb = new StringBuilder("{\"problem\": \"pipeline\", \"x\": [[]");
        sb.append(",[]".repeat(3_700_000)).append("]}");
        Path deep = Files.writeString(tmp.resolve("deep.json"), sb);
        assertThat(Files.size(deep) * 8).isLessThan(96_000_000L);
        Path plan = tmp.resolve("plan.json");
        CliTest.Run r = cliWithHeap("128m", null, "solve", deep.toString(), "--solver", "heft", "--out",
                plan.toString());
        assertBadInput(r, "edgeplan: out of memory while running 'solve' (the input is too large for this JVM's heap"
                + " of 0.13 GB; set EDGEPLAN_JAVA_OPTS=-Xmx<size> to give it more)");
        assertThat(names(tmp)).containsExactly("deep.json");
    }
}
