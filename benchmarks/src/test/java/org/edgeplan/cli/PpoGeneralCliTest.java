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
import org.edgeplan.multiexit.ppo.GeneralPolicy;
import org.edgeplan.multiexit.ppo.GeneralPolicyIo;

/** {@code train-ppo --variant general}, {@code solve --solver ppo-general --policy} and its bad input. */
class PpoGeneralCliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String M100 = "multi-exit/alexnet-int8-ee-embedded/alexnet-int8-ee-embedded-m0100-s1.json";

    @TempDir
    Path tmp;

    private Path train(String name) {
        Path policy = tmp.resolve(name);
        Run trained = CliTest.run("train-ppo", "--variant", "general", "--family", "alexnet-int8-ee-embedded",
                "--devices", "2,8", "--episodes", "256", "--seed", "1", "--eval-devices", "12", "--eval-instances",
                "2", "--baselines", "device-only", "--checkpoint-every", "2", "--out", policy.toString());
        assertThat(trained.err()).isEmpty();
        assertThat(trained.status()).isZero();
        assertThat(trained.out()).contains("training ppo-general: family alexnet-int8-ee-embedded: M uniform in 2..8")
                .contains("12  ppo-general").contains("12  device-only");
        return policy;
    }

    @Test
    void trainsOnceAndSolvesAnInstanceOfAnotherSizeWithThePolicy() throws IOException {
        Path policy = train("general.json");
        GeneralPolicy p = GeneralPolicyIo.read(policy);
        assertThat(p.network()).isEqualTo("alexnet-224-int8");
        assertThat(p.training().episodes()).isEqualTo(256);
        List<String> curve = Files.readAllLines(tmp.resolve("general.csv"));
        assertThat(curve.get(0)).startsWith("episode,seconds,");
        assertThat(curve).hasSize(1 + 2); // checkpoints after updates 2 and 4 (64 episodes each), one device count
        List<String> heldOut = Files.readAllLines(tmp.resolve("general-heldout.csv"));
        assertThat(heldOut).hasSize(1 + 3 * 2); // ppo-general, on ACO exits, and device-only on two instances
        assertThat(heldOut.get(1)).contains("alexnet-int8-ee-embedded-m0012-s1001,12,ppo-general,");

        // Trained on 2-8 devices, applied to the shipped 100-device member.
        String instance = CliTest.instance(M100);
        Run solved = CliTest.run("solve", instance, "--solver", "ppo-general", "--policy", policy.toString(), "--json");
        assertThat(solved.err()).isEmpty();
        assertThat(solved.status()).isZero();
        JsonNode result = MAPPER.readTree(solved.out());
        assertThat(result.get("status").asText()).isEqualTo("feasible");
        assertThat(result.get("statistics").get("policy").asText()).isEqualTo(policy.toString());
        double objective = result.get("objective").asDouble();
        assertThat(result.get("solverObjective").asDouble()).isCloseTo(objective, within(1e-9 * objective));
        MultiExitInstance x = (MultiExitInstance) InstanceIo.read(Path.of(instance));
        double optimum = new MultiExitBranchAndBoundSolver().solve(x, new SolverSettings(60, 0, 1)).solverObjective();
        assertThat(objective).isGreaterThanOrEqualTo(optimum * (1 - 1e-12));
    }

    @Test
    void anotherNetworkAnotherVariantsPolicyOrABrokenFileIsOneLineAndStatusTwo() throws IOException {
        Path policy = train("alexnet.json");
        assertBad(CliTest.run("solve", CliTest.instance(
                "multi-exit/mobilenetv2-int8-ee/mobilenetv2-int8-ee-m0005-s1.json"), "--solver", "ppo-general",
                "--policy", policy.toString()), "edgeplan: policy " + policy + " was trained for network"
                + " 'alexnet-224-int8' (8 split points); instance 'mobilenetv2-int8-ee-m0005-s1' has network"
                + " 'mobilenetv2-224-int8' (19 split points)");

        Path ppo = tmp.resolve("ppo.json");
        assertThat(CliTest.run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"), "--episodes", "256",
                "--plot", "none", "--out", ppo.toString()).status()).isZero();
        assertBad(CliTest.run("solve", CliTest.instance(M100), "--solver", "ppo-general", "--policy", ppo.toString()),
                "edgeplan: policy " + ppo + " was trained for solver 'ppo', not 'ppo-general'; use --solver ppo");

        Path broken = tmp.resolve("broken.json");
        String text = Files.readString(policy);
        Files.writeString(broken, text.substring(0, text.indexOf("\"head\"")));
        assertBad(CliTest.run("solve", CliTest.instance(M100), "--solver", "ppo-general", "--policy",
                broken.toString()), "edgeplan: " + broken);

        assertBad(CliTest.run("train-ppo", "--variant", "general", "--out", tmp.resolve("x.json").toString()),
                "edgeplan: --variant general needs --family NAME");
        assertBad(CliTest.run("train-ppo", "--variant", "general", "--family", "vgg", "--out",
                tmp.resolve("x.json").toString()), "edgeplan: unknown family 'vgg'");
        assertBad(CliTest.run("train-ppo", "--variant", "general", "--family", "alexnet-int8-ee-embedded",
                "--eval-family", "mobilenetv2-int8-ee", "--out", tmp.resolve("x.json").toString()),
                "edgeplan: --eval-family mobilenetv2-int8-ee has network 'mobilenetv2-224-int8'");
    }

    private static void assertBad(Run r, String messageStart) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(messageStart);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
}
