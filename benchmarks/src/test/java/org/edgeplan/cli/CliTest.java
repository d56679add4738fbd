package org.edgeplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code edgeplan} CLI as a user meets it: exit statuses, one-line errors, JSON fields, every shipped instance. */
class CliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = EdgePlanCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    static Path root() {
        return InstanceFiles.root().getParent();
    }

    static String instance(String relative) {
        return root().resolve("instances").resolve(relative).toString();
    }

    /** Every shipped JSON instance with each solver that must work on it quickly. */
    static Stream<Arguments> shippedRuns() {
        List<Arguments> runs = new ArrayList<>();
        for (Path p : InstanceFiles.jsonInstances(InstanceFiles.root(), true)) {
            String rel = InstanceFiles.root().relativize(p).toString();
            runs.add(Arguments.of(rel, "device-only", null));
            runs.add(Arguments.of(rel, "edge-only", null));
            if (rel.startsWith("multi-exit")) {
                runs.add(Arguments.of(rel, "exact-bb", null));
            }
        }
        // Every shipped STG graph, on 2 and 4 processors, alternating the two baselines.
        List<Path> graphs = InstanceFiles.stgGraphs(InstanceFiles.root().resolve("stg"));
        assertThat(graphs).hasSizeGreaterThanOrEqualTo(20);
        for (int g = 0; g < graphs.size(); g++) {
            String rel = InstanceFiles.root().relativize(graphs.get(g)).toString();
            runs.add(Arguments.of(rel, g % 2 == 0 ? "device-only" : "edge-only", 2 + 2 * (g % 2)));
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("shippedRuns")
    void solveThenEvaluateEveryShippedInstance(String relative, String solver, Integer processors) throws IOException {
        Path plan = tmp.resolve("plan.json");
        List<String> args = new ArrayList<>(List.of("solve", instance(relative), "--solver", solver, "--json",
                "--out", plan.toString(), "--time-limit", "20"));
        if (processors != null) {
            args.addAll(List.of("--processors", processors.toString()));
        }
        Run solved = run(args.toArray(String[]::new));
        assertThat(solved.err()).isEmpty();
        assertThat(solved.status()).isZero();
        JsonNode result = MAPPER.readTree(solved.out());
        for (String field : List.of("status", "objective", "bound", "wallSeconds", "plan", "evaluation", "solver")) {
            assertThat(result.has(field)).as(field).isTrue();
        }
        assertThat(result.get("status").asText()).isIn("optimal", "feasible");
        double objective = result.get("objective").asDouble();
        assertThat(objective).isPositive();
        if (!result.get("bound").isNull()) {
            assertThat(result.get("bound").asDouble()).isLessThanOrEqualTo(objective * (1 + 1e-9));
        }
        assertThat(result.get("message").asText()).doesNotContain("differs from the evaluator");

        List<String> evalArgs = new ArrayList<>(List.of("evaluate", instance(relative), plan.toString(), "--json"));
        if (processors != null) {
            evalArgs.addAll(List.of("--processors", processors.toString()));
        }
        Run evaluated = run(evalArgs.toArray(String[]::new));
        assertThat(evaluated.err()).isEmpty();
        assertThat(evaluated.status()).isZero();
        JsonNode evaluation = MAPPER.readTree(evaluated.out());
        assertThat(evaluation.get("feasible").asBoolean()).isTrue();
        assertThat(evaluation.get("objective").asDouble()).isCloseTo(objective, within(1e-9 * objective));

        List<String> tableArgs = new ArrayList<>(evalArgs.subList(0, 3));
        if (processors != null) {
            tableArgs.addAll(List.of("--processors", processors.toString()));
        }
        Run table = run(tableArgs.toArray(String[]::new));
        assertThat(table.status()).isZero();
        assertThat(table.out()).contains("feasible, objective");
    }

    @Test
    void solveTableNamesTheStatusAndTheExactOptimum() {
        Run r = run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "exact-bb");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("ma2025-image", "exact-bb", "optimal", "img-dev1", "total");
    }

    @Test
    void compareWritesTheTableAndReportFiles() throws IOException {
        Path out = tmp.resolve("report");
        Run r = run("compare", instance("multi-exit/ma2025-image.json"), instance("pipeline/small.json"),
                "--time-limit", "10", "--out", out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("ma2025-image", "pipeline-small", "exact-joint", "vs best");
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertThat(csv.get(0)).isEqualTo("instance,problem,solver,status,objective,bound,vsBest,wallSeconds");
        double joint = Double.NaN;
        double worst = 0;
        for (String line : csv.subList(1, csv.size())) {
            String[] cells = line.split(",", -1);
            if (cells[0].equals("ma2025-image")) {
                double objective = Double.parseDouble(cells[4]);
                worst = Math.max(worst, objective);
                if (cells[2].equals("exact-joint")) {
                    assertThat(cells[3]).isEqualTo("optimal");
                    joint = objective;
                    assertThat(Double.parseDouble(cells[6])).isEqualTo(1.0);
                }
            }
        }
        assertThat(joint).isPositive().isLessThan(worst);
        assertThat(Files.readString(out.resolve("results.md"))).contains("| ma2025-image | exact-joint | optimal |");
    }

    @Test
    void benchRunsASuiteFileAndResumes() throws IOException {
        Path suite = write("suite.json", """
                {"name": "cli-tiny", "instances": ["pipeline/small.json"], "solvers": ["*"],
                 "timeLimitSeconds": 5, "isolation": "in-process"}""");
        Path out = tmp.resolve("bench");
        Run first = run("bench", suite.toString(), "--out", out.toString(), "--no-progress");
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.out()).contains("device-only", "edge-only", "mean gap", "report.html");
        assertThat(out.resolve("report.html")).isNotEmptyFile();
        assertThat(out.resolve("summary.md")).isNotEmptyFile();
        long runs = Files.readAllLines(out.resolve("runs.jsonl")).size();
        assertThat(runs).isGreaterThanOrEqualTo(2);
        Run again = run("bench", suite.toString(), "--out", out.toString(), "--no-progress");
        assertThat(again.out()).contains("(" + runs + " already in");
        assertThat(Files.readAllLines(out.resolve("runs.jsonl"))).hasSize((int) runs);
        assertBadInput(run("bench", "no-such-suite"), "no-such-suite");
    }

    @Test
    void anEngineThatIsNotThereIsOneLineAndWritesNothing() throws IOException {
        Path suite = write("suite.json", """
                {"name": "cli-tiny", "instances": ["pipeline/small.json"], "solvers": ["device-only"]}""");
        Path out = tmp.resolve("engine");
        // The spark-runner module is not on this module's class path, as it is not in bin/edgeplan's jar.
        Run spark = run("bench", suite.toString(), "--engine", "spark", "--master", "local[2]", "--out", out.toString());
        assertThat(spark.status()).isEqualTo(2);
        assertThat(spark.err().strip()).startsWith("edgeplan: --engine spark: the Spark engine is not on the class path."
                + " Build it once with 'mvn -B -DskipTests package -pl spark-runner -am'").doesNotContain("\n");
        Run unknown = run("bench", suite.toString(), "--engine", "dask", "--out", out.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().strip()).isEqualTo("edgeplan: --engine: unknown engine 'dask'; expected local or spark");
        assertThat(out).doesNotExist();
    }

    @Test
    void listsSolversAndInstances() {
        Run solvers = run("solvers");
        assertThat(solvers.status()).isZero();
        assertThat(solvers.out()).contains("multi-exit", "pipeline", "exact-bb", "device-only", "edge-only");
        Run instances = run("instances", "--stg");
        assertThat(instances.status()).isZero();
        assertThat(instances.out()).contains("instances/multi-exit/ma2025-video.json", "pipeline-large",
                "5260 subtasks", "instances/stg/50/rand0000.stg");
    }

    @Test
    void boundPrintsTheLowerBoundAndItsRelaxation() {
        Run r = run("bound", instance("pipeline/small.json"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("pipeline-small", "total-latency", "lower bound", "contention-free");
        double bound = Double.parseDouble(r.out().lines().filter(l -> l.startsWith("lower bound"))
                .findFirst().orElseThrow().split("\\s+")[2]);
        // The best known plan of small.json scores 0.0255 s (HEURISTICS-B.md); the bound must be below it.
        assertThat(bound).isPositive().isLessThanOrEqualTo(0.02555);
        Run stg = run("bound", instance("stg/50/rand0000.stg"), "--processors", "2");
        assertThat(stg.status()).as(stg.err()).isZero();
        assertThat(stg.out()).contains("makespan", "load");
        assertBadInput(run("bound", instance("multi-exit/ma2025-image.json")), "pipeline instances only");
    }

    /**
     * On a contended total-latency instance the release groups (each group's first-block bound) lift the bound from
     * the contention-free 0.05452 s to CP-SAT's proven optimum 0.0612649 s (instances/best-known.json), through the
     * lagrangian method, whose bound includes them; the bound line says where it came from.
     */
    @Test
    void boundPricesNodeCapacityAndReleaseGroupsOnContendedInstances() {
        Run r = run("bound", instance("pipeline/scaled/scaled-vgg5-e4-s2-r4-dynamic.json"));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("(lagrangian: release groups", "first blocks     - (requests released at");
        assertThat(lowerBound(r)).isCloseTo(0.0612648960, within(1e-7)); // printed to six digits
        // Its four endpoints release together: four identical groups of four requests, bounded once.
        String groups = r.out().lines().filter(l -> l.startsWith("release groups")).findFirst().orElseThrow();
        assertThat(groups).contains("4 release groups, 1 distinct, up to 4 requests each");
        assertThat(Double.parseDouble(groups.split("\\s+")[2])).isEqualTo(lowerBound(r));
    }

    /**
     * With a time limit the bound also asks CP-SAT on the whole model: on stg-50-rand0000 with 4 processors the
     * relaxations give 65.5 and CP-SAT proves the published optimum 66, which becomes the bound and says so.
     */
    @Test
    void boundWithATimeLimitKeepsCpSatsBoundWhenItIsLarger() {
        Run relaxed = run("bound", instance("stg/50/rand0000.stg"), "--processors", "4");
        Run withCpSat = run("bound", instance("stg/50/rand0000.stg"), "--processors", "4", "--time-limit", "30");
        assertThat(withCpSat.status()).as(withCpSat.err()).isZero();
        double relaxation = lowerBound(relaxed);
        double proven = lowerBound(withCpSat);
        assertThat(relaxation).isLessThan(66.0);
        assertThat(proven).isEqualTo(66.0); // the published optimum (instances/stg/optima.csv)
        assertThat(withCpSat.out()).contains("the proven optimum", "cp-sat ");
        assertBadInput(run("bound", instance("pipeline/small.json"), "--time-limit", "Infinity"), "--time-limit");
    }

    private static double lowerBound(Run r) {
        return Double.parseDouble(r.out().lines().filter(l -> l.startsWith("lower bound")).findFirst().orElseThrow()
                .split("\\s+")[2]);
    }

    @Test
    void helpEverywhere() {
        for (String command : List.of("solve", "evaluate", "compare", "bench", "best-known", "solvers", "instances", "bound")) {
            Run r = run(command, "--help");
            assertThat(r.status()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: edgeplan " + command);
        }
        assertThat(run("--help").out()).contains("solve", "evaluate", "compare", "solvers", "instances");
    }

    @Test
    void infeasiblePlanHasItsOwnExitStatusAndReasons() throws IOException {
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, """
                {"problem": "multi-exit", "instance": "ma2025-image", "devices": [
                  {"name": "img-dev1", "split": 0, "share": 0.9}, {"name": "img-dev2", "split": 0, "share": 0.9},
                  {"name": "img-dev3", "split": 0, "share": 0.1}, {"name": "img-dev4", "split": 0, "share": 0.1},
                  {"name": "img-dev5", "split": 0, "share": 0.1}]}""");
        Run r = run("evaluate", instance("multi-exit/ma2025-image.json"), plan.toString());
        assertThat(r.status()).isEqualTo(3);
        assertThat(r.out()).contains("infeasible");
    }

    // ---- bad input: one line naming the problem, exit status 2, no stack trace ----

    static void assertBadInput(Run r, String... mentions) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        List<String> lines = r.err().lines().filter(l -> !l.startsWith("Try '")).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("edgeplan: ").contains(mentions);
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private String imageWith(String from, String to) throws IOException {
        String json = Files.readString(Path.of(instance("multi-exit/ma2025-image.json")));
        assertThat(json).contains(from);
        return write("edited.json", json.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to))).toString();
    }

    @Test
    void missingFile() {
        assertBadInput(run("solve", tmp.resolve("nope.json").toString(), "--solver", "exact-bb"), "no such file",
                "nope.json");
        assertBadInput(run("evaluate", instance("multi-exit/ma2025-image.json"), tmp.resolve("plan.json").toString()),
                "plan.json");
    }

    @Test
    void malformedJson() throws IOException {
        Path bad = write("bad.json", "{\"problem\": \"multi-exit\", \"name\": ");
        assertBadInput(run("solve", bad.toString(), "--solver", "exact-bb"), "bad.json", "malformed JSON");
    }

    @Test
    void missingField() throws IOException {
        assertBadInput(run("solve", imageWith("\"name\"", "\"nam\""), "--solver", "exact-bb"), "name");
    }

    @Test
    void negativeSpeed() throws IOException {
        String json = Files.readString(Path.of(instance("multi-exit/ma2025-image.json")));
        String edited = json.replaceFirst("\"speedFlopsPerSecond\"\\s*:\\s*([0-9.eE+]+)", "\"speedFlopsPerSecond\": -1");
        assertThat(edited).isNotEqualTo(json);
        assertBadInput(run("solve", write("neg.json", edited).toString(), "--solver", "exact-bb"),
                "speedFlopsPerSecond", "-1");
    }

    @Test
    void probabilitiesThatDoNotSumToOne() throws IOException {
        String video = Files.readString(Path.of(instance("multi-exit/ma2025-video.json")));
        String unnormalised = video.replaceFirst("\"normalize\"\\s*:\\s*true", "\"normalize\": false");
        assertThat(unnormalised).isNotEqualTo(video);
        assertBadInput(run("solve", write("video.json", unnormalised).toString(), "--solver", "exact-bb"),
                "exitProbabilities", "normalize");
    }

    @Test
    void cyclicDnn() throws IOException {
        Path cyclic = write("cyclic.json", """
                {"problem": "pipeline", "name": "cyclic", "nodes": [
                   {"name": "dev", "kind": "device", "speedFlopsPerSecond": 1e9},
                   {"name": "edge", "kind": "edge", "speedFlopsPerSecond": 1e10}],
                 "defaultLink": {"bandwidthBitsPerSecond": 1e7, "latencySeconds": 0.001},
                 "models": {"m": {"inputBytes": 1000, "resultBytes": 4, "layers": [
                   {"name": "a", "flops": 1e6, "outputBytes": 10, "inputs": ["c"]},
                   {"name": "b", "flops": 1e6, "outputBytes": 10, "inputs": ["a"]},
                   {"name": "c", "flops": 1e6, "outputBytes": 10, "inputs": ["b"]}]}},
                 "endpoints": [{"name": "e", "device": "dev", "model": "m", "requests": {"count": 1, "periodSeconds": 0}}]}""");
        Run r = run("solve", cyclic.toString(), "--solver", "device-only");
        assertBadInput(r, "cycle");
    }

    @Test
    void unknownSolverAndOption() {
        assertBadInput(run("solve", instance("pipeline/small.json"), "--solver", "magic"), "unknown solver", "magic");
        assertBadInput(run("compare", "--solvers", "magic"), "magic");
        Run r = run("solve", instance("pipeline/small.json"), "--solver", "device-only", "--frobnicate");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--frobnicate").doesNotContain("Exception");
    }

    @Test
    void stgNeedsProcessors() {
        assertBadInput(run("solve", instance("stg/50/rand0000.stg"), "--solver", "device-only"), "--processors");
    }

    @Test
    void planOfTheOtherProblem() throws IOException {
        Path plan = write("plan.json", "{\"problem\": \"pipeline\", \"instance\": \"ma2025-image\", \"queues\": {}}");
        assertBadInput(run("evaluate", instance("multi-exit/ma2025-image.json"), plan.toString()), "pipeline");
    }

    @Test
    void failedSolveKeepsAnExistingPlanFile() throws IOException {
        Path plan = write("keep.json", "precious");
        Run r = run("solve", instance("pipeline/small.json"), "--solver", "magic", "--out", plan.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(Files.readString(plan)).isEqualTo("precious");
    }
}
