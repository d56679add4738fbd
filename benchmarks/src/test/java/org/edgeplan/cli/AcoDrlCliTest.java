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
import org.edgeplan.multiexit.baselines.AcoBranchAndBoundSolver;
import org.edgeplan.multiexit.ppo.PolicyIo;
import org.edgeplan.multiexit.ppo.PpoPolicy;
import org.edgeplan.multiexit.ppo.PpoVariant;

/** {@code train-ppo --variant aco-drl}, {@code solve --solver aco-drl --policy} and its bad input. */
class AcoDrlCliTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Integer> ALL_EXITS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);

    @TempDir
    Path tmp;

    @Test
    void trainPpoTrainsAcoDrlAgainstAcoBbAndSolveUsesThePolicy() throws IOException {
        Path policy = tmp.resolve("aco-drl.json");
        Run trained = CliTest.run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"), "--variant",
                "aco-drl", "--bandwidths", "5", "--episodes", "512", "--seed", "2", "--checkpoint-every", "2",
                "--plot", "none", "--out", policy.toString());
        assertThat(trained.err()).isEmpty();
        assertThat(trained.status()).isZero();
        assertThat(trained.out()).contains("exit set: ACO (seed 2), " + ALL_EXITS).contains("aco-drl cost");
        PpoPolicy p = PolicyIo.read(policy);
        assertThat(p.variant()).isEqualTo(PpoVariant.ACO_DRL);
        assertThat(p.family().exits()).isEqualTo(ALL_EXITS);

        // The reference in the learning curve is aco-bb's objective (exact-bb for the ACO exit set).
        String bw05 = CliTest.instance("multi-exit/sweep/ma2025-image-bw05.json");
        MultiExitInstance x = (MultiExitInstance) InstanceIo.read(Path.of(bw05));
        double acoBb = new AcoBranchAndBoundSolver().solve(x, new SolverSettings(60, 2, 1)).solverObjective();
        List<String> csv = Files.readAllLines(tmp.resolve("aco-drl.csv"));
        String[] last = csv.get(csv.size() - 1).split(",", -1);
        assertThat(Double.parseDouble(last[7])).isCloseTo(acoBb, within(1e-9 * acoBb));
        assertThat(last[8]).isEqualTo("optimal");

        Run solved = CliTest.run("solve", bw05, "--solver", "aco-drl", "--policy", policy.toString(), "--seed", "2",
                "--json");
        assertThat(solved.err()).isEmpty();
        assertThat(solved.status()).isZero();
        JsonNode result = MAPPER.readTree(solved.out());
        assertThat(result.get("status").asText()).isEqualTo("feasible");
        assertThat(result.get("statistics").get("policy").asText()).isEqualTo(policy.toString());
        assertThat(result.get("solverObjective").asDouble())
                .isCloseTo(result.get("objective").asDouble(), within(1e-9));
        assertThat(result.get("objective").asDouble()).isGreaterThanOrEqualTo(acoBb * (1 - 1e-12));
    }

    @Test
    void aPolicyOfAnotherVariantOrNetworkIsOneLineAndStatusTwo() {
        Path ppo = tmp.resolve("ppo.json");
        assertThat(CliTest.run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"), "--episodes", "256",
                "--plot", "none", "--out", ppo.toString()).status()).isZero();
        assertBad(CliTest.run("solve", CliTest.instance("multi-exit/ma2025-image.json"), "--solver", "aco-drl",
                "--policy", ppo.toString()), "edgeplan: policy " + ppo + " was trained for solver 'ppo', not"
                + " 'aco-drl'; use --solver ppo");

        Path image = tmp.resolve("image.json");
        assertThat(CliTest.run("train-ppo", CliTest.instance("multi-exit/ma2025-image.json"), "--variant", "aco-drl",
                "--episodes", "256", "--plot", "none", "--out", image.toString()).status()).isZero();
        assertBad(CliTest.run("solve", CliTest.instance("multi-exit/ma2025-video.json"), "--solver", "aco-drl",
                "--policy", image.toString()), "edgeplan: policy " + image + " was trained for M = 5 devices");
    }

    private static void assertBad(Run r, String messageStart) {
        assertThat(r.status()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(messageStart);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
}
