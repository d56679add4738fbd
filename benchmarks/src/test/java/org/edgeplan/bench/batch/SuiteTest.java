package org.edgeplan.bench.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.edgeplan.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Suite files are read as strictly as instance files: every fault is one line with the file and the JSON path. */
class SuiteTest {
    @TempDir
    Path tmp;

    private static final String OK = """
            {"name": "ok", "instances": ["multi-exit/ma2025-image.json"], "solvers": ["device-only"]""";

    private static Suite parse(String json) {
        return Suite.parse(json, "s.json");
    }

    /** (suite text, the exact message) for faults found while reading. */
    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(OK + ", \"timeLimitSecond\": 5}", "s.json: $: unknown field \"timeLimitSecond\"; allowed: "
                        + String.join(", ", Suite.FIELDS)),
                Arguments.of(OK + ", \"isolaton\": \"process\"}", "s.json: $: unknown field \"isolaton\"; allowed: "
                        + String.join(", ", Suite.FIELDS)),
                Arguments.of(OK + ", \"seeds\": [0, 1], \"seeds\": [2]}",
                        "s.json: malformed JSON at line 1, column 115: Duplicate field 'seeds' in $"),
                Arguments.of("""
                        {"name": "x", "instances": [{"glob": "a", "glob": "b"}]}""",
                        "s.json: malformed JSON at line 1, column 49: Duplicate field 'glob' in $.instances[0]"),
                Arguments.of(OK + ", \"seeds\": [0, 0]}",
                        "s.json: $.seeds[1]: duplicate seed 0 (also $.seeds[0]): each seed runs once"),
                Arguments.of(OK + ", \"seeds\": []}", "s.json: $.seeds: expected at least one seed"),
                Arguments.of(OK + ", \"seeds\": [\"1\"]}", "s.json: $.seeds[0]: expected an integer, got a string \"1\""),
                Arguments.of("""
                        {"name": "x", "instances": ["a"], "solvers": ["exact-bb", "magic"]}""",
                        "s.json: $.solvers[1]: unknown solver 'magic'; see 'edgeplan solvers'"),
                Arguments.of("""
                        {"name": "x", "instances": ["a"], "solvers": ["heft", "heft"]}""",
                        "s.json: $.solvers[1]: duplicate solver 'heft' (also $.solvers[0])"),
                Arguments.of("""
                        {"name": "x", "instances": ["a"], "excludeSolvers": ["brute-forse"]}""",
                        "s.json: $.excludeSolvers[0]: unknown solver 'brute-forse'; see 'edgeplan solvers'"),
                Arguments.of("""
                        {"name": "x", "instances": ["a"], "solvers": ["heft"], "excludeSolvers": ["dads"]}""",
                        "s.json: $.excludeSolvers: removes names from \"*\" only, and $.solvers has no \"*\""),
                Arguments.of("""
                        {"name": "x", "instances": ["a"], "solvers": ["*", "heft"], "excludeSolvers": ["heft"]}""",
                        "s.json: $.excludeSolvers[0]: 'heft' is also listed in $.solvers"),
                Arguments.of(OK + ", \"parallel\": -1}", "s.json: $.parallel: must be a positive integer, got -1"),
                Arguments.of(OK + ", \"parallel\": 0}", "s.json: $.parallel: must be a positive integer, got 0"),
                Arguments.of(OK + ", \"threads\": 1.5}", "s.json: $.threads: expected an integer, got 1.5"),
                Arguments.of(OK + ", \"timeLimitSeconds\": 0}", "s.json: $.timeLimitSeconds: must be positive, got 0"),
                Arguments.of("""
                        {"name": "..", "instances": ["a"]}""", "s.json: $.name: \"..\" is not a safe folder name: 1 to"
                        + " 100 letters, digits, '.', '_' or '-', starting with a letter or digit"),
                Arguments.of("""
                        {"name": "../../etc", "instances": ["a"]}""", "s.json: $.name: \"../../etc\" is not a safe"
                        + " folder name: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"),
                Arguments.of("""
                        {"name": "a/b", "instances": ["a"]}""", "s.json: $.name: \"a/b\" is not a safe folder name: 1"
                        + " to 100 letters, digits, '.', '_' or '-', starting with a letter or digit"),
                Arguments.of("""
                        {"name": "x", "instances": [{"glob": "a", "processor": [2]}]}""",
                        "s.json: $.instances[0]: unknown field \"processor\"; allowed: glob, processors"),
                Arguments.of("""
                        {"name": "x", "instances": [{"glob": "a.stg", "processors": [2, 4, 2]}]}""",
                        "s.json: $.instances[0].processors[2]: duplicate processor count 2 (also"
                                + " $.instances[0].processors[0])"),
                Arguments.of("""
                        {"name": "x", "instances": [""]}""", "s.json: $.instances[0]: expected a glob, got an empty string"),
                Arguments.of(OK + "} {}", "s.json: malformed JSON at line 1, column 91: Trailing token (of type"
                        + " START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`):"
                        + " not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`"));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void faultsAreOneLineWithTheirJsonPath(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    private static final Path ROOT = BatchRunnerTest.instancesRoot();

    private static void planFails(String json, String message) {
        Suite suite = parse(json);
        BatchRunner runner = new BatchRunner(suite, new BatchRunner.Options(ROOT, null, Path.of("unused.jsonl"), 0,
                null));
        assertThatThrownBy(runner::plan).isInstanceOf(InvalidInputException.class).hasMessage(message);
    }

    @Test
    void faultsFoundWhenTheSuiteIsExpanded() {
        planFails("""
                {"name": "x", "instances": ["multi-exit/ma2025-image.json"], "solvers": ["heft"]}""",
                "s.json: $.solvers[0]: 'heft' applies to none of the selected instances ([multi-exit])");
        planFails("{\"name\": \"x\", \"instances\": [\"pipeline/small.json\"], \"solvers\": [\"*\"], "
                + "\"excludeSolvers\": " + SuiteFixtures.everyPipelineSolver() + "}",
                "s.json: $.solvers: no solver applies to any selected instance: the suite has no run");
        planFails("""
                {"name": "x", "instances": ["multi-exit/ma2025-*.json", "multi-exit/ma2025-image.json"]}""",
                "s.json: $.instances[1]: 'multi-exit/ma2025-image.json' is already selected by $.instances[0]; each"
                        + " run would be run twice");
        planFails("""
                {"name": "x", "instances": [{"glob": "stg/50/rand0000.stg", "processors": [2]},
                 {"glob": "stg/50/rand000[0-1].stg", "processors": [4, 2]}]}""",
                "s.json: $.instances[1]: 'stg/50/rand0000.stg' on 2 processors is already selected by $.instances[0];"
                        + " each run would be run twice");
        planFails("""
                {"name": "x", "instances": [{"glob": "pipeline/small.json", "processors": [2]}]}""",
                "s.json: $.instances[0].processors: 'pipeline/small.json' is not an STG graph; processor counts apply"
                        + " to .stg files only");
        planFails("""
                {"name": "x", "instances": ["nothing/*.json"]}""",
                "s.json: $.instances[0]: 'nothing/*.json' matches no file below " + ROOT);
    }

    @Test
    void yamlSuitesAreJustAsStrict() throws IOException {
        Path file = tmp.resolve("s.yaml");
        Files.writeString(file, """
                name: y
                instances: [multi-exit/ma2025-image.json]
                seeds: [0, 1]
                seeds: [2]
                """);
        assertThatThrownBy(() -> Suite.read(file)).hasMessageStartingWith("s.yaml: malformed YAML at line")
                .hasMessageContaining("Duplicate field 'seeds' in $");
        Files.writeString(file, """
                name: y
                instances: [multi-exit/ma2025-image.json]
                isolaton: process
                """);
        assertThatThrownBy(() -> Suite.read(file)).hasMessageStartingWith("s.yaml: $: unknown field \"isolaton\"");
        Files.writeString(file, """
                name: y
                instances:
                  - glob: stg/50/rand0000.stg
                    processors: [2]
                    processors: [4]
                """);
        assertThatThrownBy(() -> Suite.read(file)).hasMessageContaining("Duplicate field 'processors' in $.instances[0]");
        Files.writeString(file, "");
        assertThatThrownBy(() -> Suite.read(file)).hasMessage("s.yaml: empty input, expected a suite");
    }

    @Test
    void theShippedSuitesAreValid() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("suites"))) {
            s.sorted().forEach(files::add);
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        for (Path f : files) {
            Suite suite = Suite.read(f);
            assertThat(f.getFileName().toString()).startsWith(suite.name() + ".");
            BatchRunner runner = new BatchRunner(suite, new BatchRunner.Options(ROOT, null,
                    tmp.resolve(suite.name() + ".jsonl"), 0, null));
            assertThat(runner.plan().total()).as(suite.name()).isPositive();
        }
    }
}
