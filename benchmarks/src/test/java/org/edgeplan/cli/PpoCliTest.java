package org.edgeplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.cli.CliTest.Run;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.multiexit.ppo.PolicyIo;
import org.edgeplan.multiexit.ppo.PpoPolicy;

/** {@code edgeplan train-ppo}, {@code solve --policy} and {@code certify}. */
class PpoCliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    private static Run run(String... args) {
        return CliTest.run(args);
    }

    @Test
    void trainWritesPolicyCurveAndPlotThatSolveUses() throws IOException {
        Path policy = tmp.resolve("image.json");
        Run trained = run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"), "--bandwidths", "1,20",
                "--eval-bandwidths", "5", "--episodes", "1024", "--seed", "3", "--checkpoint-every", "2", "--out",
                policy.toString());
        assertThat(trained.err()).isEmpty();
        assertThat(trained.status()).isZero();
        assertThat(trained.out()).contains("median gap: all ").contains("training: 1024 episodes, 4 updates")
                .contains("ma2025-image       5  no");
        PpoPolicy p = PolicyIo.read(policy);
        assertThat(p.seed()).isEqualTo(3);
        assertThat(p.training().bandwidthsMbps()).containsExactly(1.0, 20.0);
        assertThat(p.training().sampling()).isEqualTo("discrete");
        assertThat(p.family().instances()).containsExactly("ma2025-image");

        // Checkpoints after updates 2 and 4, three points each (1 and 20 trained, 5 not).
        List<String> csv = Files.readAllLines(tmp.resolve("image.csv"));
        assertThat(csv.get(0)).startsWith("episode,seconds,instance,bandwidthMbps,seenInTraining,meanSampledCost,");
        assertThat(csv).hasSize(1 + 2 * 3);
        assertThat(csv.get(1)).startsWith("512,");
        assertThat(csv.get(csv.size() - 1)).startsWith("1024,").contains(",ma2025-image,20.0,");
        byte[] png = Files.readAllBytes(tmp.resolve("image.png"));
        assertThat(png).hasSizeGreaterThan(1000);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");

        Path plan = tmp.resolve("plan.json");
        Run solved = run("solve", CliTest.instance("multi-exit/sweep/ma2025-image-bw20.json"), "--solver", "ppo",
                "--policy", policy.toString(), "--json", "--out", plan.toString());
        assertThat(solved.err()).isEmpty();
        assertThat(solved.status()).isZero();
        JsonNode result = MAPPER.readTree(solved.out());
        assertThat(result.get("statistics").get("policy").asText()).isEqualTo(policy.toString());
        assertThat(result.get("solverObjective").asDouble())
                .isCloseTo(result.get("objective").asDouble(), within(1e-9));
        Run evaluated = run("evaluate", CliTest.instance("multi-exit/sweep/ma2025-image-bw20.json"), plan.toString(),
                "--json");
        assertThat(MAPPER.readTree(evaluated.out()).get("objective").asDouble())
                .isEqualTo(result.get("objective").asDouble());
    }

    @Test
    void certifyGivesTheGapToEachProvenOptimum() throws IOException {
        String instance = CliTest.instance("multi-exit/sweep/ma2025-image-bw05.json");
        String plan = CliTest.root().resolve("docs/ppo/example-plan.json").toString();
        Run certified = run("certify", instance, plan, "--json");
        assertThat(certified.err()).isEmpty();
        assertThat(certified.status()).isZero();
        JsonNode c = MAPPER.readTree(certified.out());
        double objective = c.get("evaluation").get("objective").asDouble();
        MultiExitInstance x = InstanceIo.readMultiExit(Path.of(instance));
        double optimum = new MultiExitBranchAndBoundSolver().solve(x, SolverSettings.defaults()).solverObjective();
        JsonNode refs = c.get("references");
        assertThat(refs).hasSize(2);
        assertThat(refs.get(0).get("solver").asText()).isEqualTo("exact-bb");
        assertThat(refs.get(0).get("proven").asBoolean()).isTrue();
        assertThat(refs.get(0).get("optimum").asDouble()).isEqualTo(optimum);
        // Shares 0.4/0.3/0.3 instead of the optimal thirds: 0.2468 % above the optimum of the default exit set.
        assertThat(refs.get(0).get("gap").asDouble()).isCloseTo((objective - optimum) / optimum, within(1e-15))
                .isCloseTo(0.002468, within(5e-7));
        assertThat(refs.get(1).get("solver").asText()).isEqualTo("exact-joint");
        assertThat(refs.get(1).get("proven").asBoolean()).isTrue();
        assertThat(refs.get(1).get("optimum").asDouble()).isLessThan(optimum);

        Run table = run("certify", instance, plan);
        assertThat(table.out()).contains("default exit set  exact-bb").contains("0.2468 %").contains("proven");
    }

    @Test
    void certifyAddsTheOptimumOfThePlansOwnExitSetAndReportsInfeasiblePlans() throws IOException {
        String instance = CliTest.instance("multi-exit/ma2025-image.json");
        Path plan = tmp.resolve("exits.json");
        Files.writeString(plan, """
                {"problem": "multi-exit", "instance": "ma2025-image", "exits": [4, 13], "devices": [
                  {"name": "img-dev1", "split": 0, "share": 0.2}, {"name": "img-dev2", "split": 0, "share": 0.2},
                  {"name": "img-dev3", "split": 0, "share": 0.2}, {"name": "img-dev4", "split": 0, "share": 0.2},
                  {"name": "img-dev5", "split": 0, "share": 0.2}]}
                """);
        JsonNode c = MAPPER.readTree(run("certify", instance, plan.toString(), "--json").out());
        assertThat(c.get("references")).hasSize(3);
        assertThat(c.get("references").get(1).get("over").asText()).isEqualTo("the plan's exit set");
        assertThat(c.get("references").get(1).get("exits").toString()).isEqualTo("[4,13]");

        Files.writeString(plan, Files.readString(plan).replace("\"share\": 0.2}]", "\"share\": 0.5}]"));
        Run infeasible = run("certify", instance, plan.toString());
        assertThat(infeasible.status()).isEqualTo(3);
        assertThat(infeasible.out()).contains("edge shares sum to 1.3").contains("- (plan infeasible)");
    }

    @Test
    void badInputIsOneLineAndStatusTwo() throws IOException {
        Path policy = tmp.resolve("p.json");
        Files.writeString(policy, "{\"format\": \"something\"}");
        assertBad(run("solve", CliTest.instance("multi-exit/ma2025-image.json"), "--solver", "exact-bb", "--policy",
                policy.toString()), "edgeplan: solver 'exact-bb' does not take a --policy");
        assertBad(run("solve", CliTest.instance("multi-exit/ma2025-image.json"), "--solver", "ppo", "--policy",
                policy.toString()), "edgeplan: " + policy + ": $.format: expected \"edgeplan-ppo-policy\", got"
                + " \"something\" (not a PPO policy file)");
        Files.writeString(policy, "{\"format\": \"edgeplan-ppo-policy\"} {\"format\": \"edgeplan-ppo-policy\"}");
        assertBad(run("solve", CliTest.instance("multi-exit/ma2025-image.json"), "--solver", "ppo-shares", "--policy",
                policy.toString()), "edgeplan: " + policy + ": malformed JSON at line 1, column ");
        assertBad(run("certify", CliTest.instance("pipeline/small.json"), policy.toString()),
                "edgeplan: certify takes multi-exit instances; ");
        assertBad(run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"),
                CliTest.instance("multi-exit/ma2025-video.json"), "--out", policy.toString()),
                "edgeplan: training instances must share devices, layers and exit set: ");
        assertBad(run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"), "--sampling", "grid", "--out",
                policy.toString()), "edgeplan: sampling must be 'discrete' or 'log-uniform', got 'grid'");
        assertBad(run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"), "--bandwidths", "0", "--out",
                policy.toString()), "edgeplan: bandwidths must be positive Mbit/s, got 0.0");
    }

    private static void assertBad(Run r, String messageStart) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(messageStart);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
}
