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
import org.edgeplan.pipeline.online.OnlinePolicy;
import org.edgeplan.pipeline.online.OnlinePolicyIo;

/** {@code train-ppo --variant pipeline}, {@code solve --solver ppo --policy} on problem B, and bad input. */
class PipelinePpoCliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String E4 = "pipeline/scaled/scaled-vgg5-e4-s2-r4-dynamic.json";
    private static final String E2 = "pipeline/scaled/scaled-vgg5-e2-s1-r3-dynamic.json";

    @TempDir
    Path tmp;

    @Test
    void trainsOnAFamilyAndSolvesAHeldOutInstanceWithThePolicy() throws IOException {
        Path policy = tmp.resolve("pipeline.json");
        String heldOut = CliTest.instance(E4);
        Run trained = CliTest.run("train-ppo", "--variant", "pipeline", "--family", "vgg5", "--endpoints", "2,3",
                "--edges", "1,1", "--requests", "2,3", "--imitation", "1", "--hidden", "16,16", "--episodes", "32",
                "--seed", "1",
                "--checkpoint-every", "1", "--baselines", "online-greedy", "--eval", heldOut, "--out",
                policy.toString());
        assertThat(trained.err()).isEmpty();
        assertThat(trained.status()).isZero();
        assertThat(trained.out()).contains("training ppo (problem B) on 4 scaled-vgg5 instances (endpoints 2-3,"
                + " edges 1-1, requests [2, 3]").contains("scaled-vgg5-e4-s2-r4-dynamic").contains("0.0612649 P");
        OnlinePolicy p = OnlinePolicyIo.read(policy);
        assertThat(p.training().episodes()).isEqualTo(32);
        List<String> curve = Files.readAllLines(tmp.resolve("pipeline.csv"));
        assertThat(curve.get(0)).isEqualTo("update,episodes,seconds,mean_return,entropy,scaled-vgg5-e4-s2-r4-dynamic");
        assertThat(curve).hasSize(1 + 2); // 16 episodes per update, a checkpoint after each
        byte[] png = Files.readAllBytes(tmp.resolve("pipeline.png"));
        assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        List<String> rows = Files.readAllLines(tmp.resolve("pipeline-heldout.csv"));
        assertThat(rows).hasSize(1 + 3);
        assertThat(rows.get(1)).startsWith("scaled-vgg5-e4-s2-r4-dynamic,ppo greedy,");
        assertThat(rows.get(2)).startsWith("scaled-vgg5-e4-s2-r4-dynamic,ppo,");
        assertThat(rows.get(3)).startsWith("scaled-vgg5-e4-s2-r4-dynamic,online-greedy,");

        Run solved = CliTest.run("solve", heldOut, "--solver", "ppo", "--policy", policy.toString(), "--seed", "1",
                "--json");
        assertThat(solved.err()).isEmpty();
        assertThat(solved.status()).isZero();
        JsonNode result = MAPPER.readTree(solved.out());
        assertThat(result.get("status").asText()).isEqualTo("feasible");
        double objective = result.get("objective").asDouble();
        assertThat(result.get("solverObjective").asDouble()).isCloseTo(objective, within(1e-9 * objective));
        // Never below the proven optimum of the shipped instance.
        assertThat(objective).isGreaterThanOrEqualTo(0.0612649 * (1 - 1e-6));
        // The same policy and seed as the table's row: the same plan; sampling never returns worse than greedy.
        double inTable = Double.parseDouble(rows.get(2).split(",")[2]);
        assertThat(objective).isCloseTo(inTable, within(1e-9 * objective));
        double greedy = Double.parseDouble(rows.get(1).split(",")[2]);
        assertThat(objective).isLessThanOrEqualTo(greedy * (1 + 1e-9)); // the CSV keeps nine digits
        assertThat(result.get("statistics").get("samples").asInt()).isEqualTo(16);
    }

    @Test
    void aFamilyPoolCrossesModesObjectivesAndTheCloudNode() throws IOException {
        Path policy = tmp.resolve("mixed.json");
        Run trained = CliTest.run("train-ppo", "--variant", "pipeline", "--family", "vgg5", "--endpoints", "2,2",
                "--edges", "1,1", "--requests", "2", "--modes", "dynamic,static", "--objectives",
                "total-latency,makespan", "--cloud", "both", "--imitation", "0", "--hidden", "8", "--episodes", "16",
                "--baselines", "none", "--out", policy.toString());
        assertThat(trained.err()).isEmpty();
        assertThat(trained.status()).isZero();
        assertThat(trained.out()).contains("on 8 scaled-vgg5 instances (endpoints 2-2, edges 1-1, requests [2],"
                + " dynamic/static, total latency/makespan, with and without a cloud node)");
        assertThat(Files.exists(policy)).isTrue();
        Path refused = tmp.resolve("refused.json");
        Run mode = CliTest.run("train-ppo", "--variant", "pipeline", "--family", "vgg5", "--modes", "elastic",
                "--out", refused.toString());
        assertThat(mode.status()).isEqualTo(2);
        assertThat(mode.err().strip()).contains("unknown placement mode 'elastic'").doesNotContain("\n");
        Run cloud = CliTest.run("train-ppo", "--variant", "pipeline", "--family", "vgg5", "--cloud", "maybe",
                "--out", refused.toString());
        assertThat(cloud.status()).isEqualTo(2);
        assertThat(cloud.err().strip()).contains("--cloud takes no, yes or both, got 'maybe'");
        Run objective = CliTest.run("train-ppo", "--variant", "pipeline", "--family", "vgg5", "--objectives",
                "throughput", "--out", refused.toString());
        assertThat(objective.status()).isEqualTo(2);
        assertThat(objective.err().strip()).contains("unknown objective 'throughput'");
        assertThat(Files.exists(refused)).isFalse();
    }

    @Test
    void badInputIsOneLineAndNothingIsWritten() throws IOException {
        Path policy = tmp.resolve("p.json");
        Run multiExit = CliTest.run("train-ppo", "--variant", "pipeline", CliTest.instance(
                "multi-exit/mobilenetv2-int8-ee/mobilenetv2-int8-ee-m0005-s1.json"), "--out", policy.toString());
        assertThat(multiExit.status()).isEqualTo(2);
        assertThat(multiExit.err().strip()).contains("is a multi-exit instance; --variant pipeline trains on pipeline")
                .doesNotContain("\n");
        Run none = CliTest.run("train-ppo", "--variant", "pipeline", "--out", policy.toString());
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("--variant pipeline needs training instances");
        Run unknown = CliTest.run("train-ppo", "--variant", "pipeline", CliTest.instance(E2), "--baselines",
                "no-such-solver", "--out", policy.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown solver 'no-such-solver'");
        assertThat(Files.exists(policy)).isFalse();
        // A problem-B policy file given to problem A's ppo-general is refused with the solver to use.
        Path trained = tmp.resolve("b.json");
        Run ok = CliTest.run("train-ppo", "--variant", "pipeline", CliTest.instance(E2), "--imitation", "0",
                "--episodes", "16", "--baselines", "none", "--out", trained.toString());
        assertThat(ok.status()).isZero();
        assertThat(Files.exists(tmp.resolve("b.png"))).as("no plot without --eval instances").isFalse();
        Run wrong = CliTest.run("solve", CliTest.instance(
                "multi-exit/mobilenetv2-int8-ee/mobilenetv2-int8-ee-m0005-s1.json"), "--solver", "ppo-general",
                "--policy", trained.toString());
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("policy " + trained);
    }
}
