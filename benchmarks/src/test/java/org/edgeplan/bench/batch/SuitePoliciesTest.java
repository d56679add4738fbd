package org.edgeplan.bench.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.core.InvalidInputException;

/**
 * Suites with policy files ({@code "policies"}): a user's trained policy runs beside the registered solvers under its
 * own label, in-process and in its own JVM, on the instances it applies to; every fault is one line with the path.
 */
class SuitePoliciesTest {
    @TempDir
    Path tmp;

    private static final String PIPELINE = "pipeline/scaled/scaled-vgg5-e2-s1-r3-dynamic.json";
    private static final String IMAGE = "multi-exit/ma2025-image.json";

    /** The shipped problem-B policy, copied where a user keeps their own. */
    private Path policy() throws IOException {
        Path file = Files.createDirectories(tmp.resolve("policies")).resolve("mine.json");
        try (InputStream in = SuitePoliciesTest.class.getResourceAsStream("/policies/ppo-vgg5.json")) {
            assertThat(in).as("shipped policy resource").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    private Suite suiteFile(String json) throws IOException {
        return Suite.read(Files.writeString(tmp.resolve("s.json"), json));
    }

    private List<RunRecord> run(Suite suite, String records) {
        BatchRunner runner = new BatchRunner(suite, new BatchRunner.Options(BatchRunnerTest.instancesRoot(), null,
                tmp.resolve(records), 0, (done, total, r) -> { }));
        return runner.run(runner.plan()).records();
    }

    /**
     * The policy runs under its default label and gives what the registered solver with the same policy gives
     * ({@code ppo-vgg5} ships it): the same plan, in-process and in a child JVM. It is not run on the problem-A
     * instance, whose {@code ppo} does not take a problem-B policy.
     */
    @Test
    void aPolicyRunsUnderItsLabelInProcessAndInItsOwnJvm() throws IOException {
        policy();
        for (String isolation : List.of("in-process", "process")) {
            Suite suite = suiteFile("""
                    {"name": "mine", "instances": ["%s", "%s"], "solvers": ["ppo-vgg5"],
                     "policies": [{"solver": "ppo", "policy": "policies/mine.json"}],
                     "timeLimitSeconds": 30, "isolation": "%s"}""".formatted(PIPELINE, IMAGE, isolation));
            assertThat(suite.policies()).singleElement().satisfies(p -> {
                assertThat(p.label()).isEqualTo("ppo@mine");
                assertThat(p.policy()).isEqualTo(tmp.resolve("policies/mine.json").toAbsolutePath().normalize());
            });
            List<RunRecord> records = run(suite, isolation + ".jsonl");
            Map<String, RunRecord> bySolver = records.stream()
                    .collect(Collectors.toMap(RunRecord::solver, r -> r));
            assertThat(bySolver).as(isolation).containsOnlyKeys("ppo-vgg5", "ppo@mine");
            RunRecord mine = bySolver.get("ppo@mine");
            assertThat(mine.instance()).isEqualTo("scaled-vgg5-e2-s1-r3-dynamic");
            assertThat(mine.status()).as(mine.message()).isEqualTo("feasible");
            assertThat(mine.objective()).as(isolation).isEqualTo(bySolver.get("ppo-vgg5").objective());
        }
    }

    @Test
    void aPolicyForNoSelectedInstanceOrOfASolverWithoutPoliciesIsOneLine() throws IOException {
        policy();
        Suite none = suiteFile("""
                {"name": "x", "instances": ["%s"], "solvers": [],
                 "policies": [{"solver": "ppo", "policy": "policies/mine.json", "label": "mine"}]}""".formatted(IMAGE));
        assertThatThrownBy(() -> run(none, "none.jsonl")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("s.json: $.policies[0]: 'mine' applies to none of the selected instances (")
                .hasMessageNotContaining("\n");
        Suite heft = suiteFile("""
                {"name": "x", "instances": ["%s"], "solvers": [],
                 "policies": [{"solver": "heft", "policy": "policies/mine.json"}]}""".formatted(PIPELINE));
        assertThatThrownBy(() -> run(heft, "heft.jsonl")).isInstanceOf(InvalidInputException.class)
                .hasMessage("s.json: $.policies[0].solver: 'heft' does not act from a policy file");
        assertThat(tmp.resolve("none.jsonl")).doesNotExist();
        assertThat(tmp.resolve("heft.jsonl")).doesNotExist();
    }

    @Test
    void policyEntriesAreReadStrictly() throws IOException {
        policy();
        String head = "{\"name\": \"x\", \"instances\": [\"a\"], ";
        List<String[]> faults = new ArrayList<>();
        faults.add(new String[] {head + "\"policies\": [{\"solver\": \"pp0\", \"policy\": \"policies/mine.json\"}]}",
                "s.json: $.policies[0].solver: unknown solver 'pp0'; see 'edgeplan solvers'"});
        faults.add(new String[] {head + "\"policies\": [{\"solver\": \"ppo\", \"policy\": \"nope.json\"}]}",
                "s.json: $.policies[0].policy: no policy file " + tmp.resolve("nope.json").toAbsolutePath()});
        faults.add(new String[] {head + "\"policies\": [{\"solver\": \"ppo\", \"policy\": \"policies/mine.json\","
                + " \"label\": \"heft\"}]}",
                "s.json: $.policies[0].label: 'heft' is the name of a solver; give the policy another label"});
        faults.add(new String[] {head + "\"policies\": [{\"solver\": \"ppo\", \"policy\": \"policies/mine.json\"},"
                + " {\"solver\": \"ppo\", \"policy\": \"policies/mine.json\"}]}",
                "s.json: $.policies[1].label: duplicate label 'ppo@mine' (also $.policies[0])"});
        faults.add(new String[] {head + "\"policies\": [{\"solver\": \"ppo\", \"policy\": \"policies/mine.json\","
                + " \"label\": \"a/b\"}]}",
                "s.json: $.policies[0].label: \"a/b\" is not a safe name: 1 to 100 letters, digits, '.', '_', '@'"
                        + " or '-', starting with a letter or digit"});
        faults.add(new String[] {head + "\"policies\": [{\"solver\": \"ppo\", \"policy\": \"policies/mine.json\","
                + " \"lable\": \"x\"}]}",
                "s.json: $.policies[0]: unknown field \"lable\"; allowed: solver, policy, label"});
        faults.add(new String[] {head + "\"solvers\": []}",
                "s.json: $.solvers: expected at least one solver name or \"*\" (or a policy in $.policies)"});
        for (String[] f : faults) {
            assertThatThrownBy(() -> suiteFile(f[0])).as(f[0]).isInstanceOf(InvalidInputException.class)
                    .hasMessage(f[1]);
        }
    }
}
