package org.edgeplan.multiexit.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.multiexit.instances.NetworkFamilies;
import org.edgeplan.rl.PpoConfig;

/**
 * The generalising policy ({@code ppo-general}): one policy, trained once on small instances of the embedded AlexNet
 * family, applied to device counts, bandwidths, device mixes and exit sets it never saw.
 */
class PpoGeneralTest {
    private static final NetworkFamilies.Family FAMILY = NetworkFamilies.family("alexnet-int8-ee-embedded");
    private static final long EPISODES = 1536;
    private static GeneralPolicy trained;

    /** Small and quick: 2 × 32 units, 2-10 devices, 1-100 Mbit/s, 1,536 episodes (about 2-4 s here). */
    static PpoConfig smallConfig() {
        return GeneralTrainer.defaults().withHiddenSizes(List.of(32, 32));
    }

    static GeneralPolicy train(long seed, long episodes) {
        return GeneralTrainer.train(NetworkFamilies.generate(FAMILY, 5, 1), GeneralScenarios.family(FAMILY, 2, 10, 1,
                100), "test", smallConfig(), seed, episodes, Deadline.none(), GeneralTrainer.Listener.NONE).policy();
    }

    @BeforeAll
    static void trainOnce() {
        trained = train(0, EPISODES);
    }

    private static double optimum(MultiExitInstance x) {
        return new MultiExitBranchAndBoundSolver().solve(x, new SolverSettings(60, 0, 1), Deadline.none())
                .solverObjective();
    }

    private static MultiExitInstance permuted(MultiExitInstance x, int[] order) {
        List<Device> devices = new ArrayList<>();
        for (int k : order) {
            devices.add(x.devices().get(k));
        }
        return new MultiExitInstance(x.name() + "-permuted", "", x.dnn(), devices, x.edgeSpeedFlopsPerSecond(),
                x.latencyWeight(), x.energyWeight(), x.defaultExits());
    }

    @Test
    void permutingTheDevicesPermutesTheSplits() {
        MultiExitInstance x = NetworkFamilies.generate(FAMILY, 40, 77);
        int[] splits = trained.plan(x).splits();
        int[] order = new int[x.deviceCount()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplittableRandom r = new SplittableRandom(5);
        for (int i = order.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        MultiExitInstance p = permuted(x, order);
        int[] permutedSplits = trained.plan(p).splits();
        double[][] logits = trained.splitLogits(x);
        double[][] permutedLogits = trained.splitLogits(p);
        for (int k = 0; k < order.length; k++) {
            assertThat(permutedSplits[k]).as("device %d at position %d", order[k], k).isEqualTo(splits[order[k]]);
            // The logits too (the pooled mean is summed in another order: equal up to rounding).
            for (int o = 0; o < logits[0].length; o++) {
                assertThat(permutedLogits[k][o]).isCloseTo(logits[order[k]][o],
                        org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        // Not a trivial policy: the plan mixes split points (interior ones too), so a permutation could show.
        assertThat(Arrays.stream(splits).distinct().count()).isGreaterThan(1);
    }

    @Test
    void unseenDeviceCountsGiveFeasiblePlansScoredAsTheEvaluatorScoresThemAndNeverBelowTheOptimum() {
        // Trained on 2-10 devices; 1, 37 and 300 devices, another seed's devices, and a random exit set.
        List<MultiExitInstance> cases = new ArrayList<>(List.of(NetworkFamilies.generate(FAMILY, 1, 3),
                NetworkFamilies.generate(FAMILY, 37, 4), NetworkFamilies.generate(FAMILY, 300, 5)));
        cases.add(NetworkFamilies.generate(FAMILY, 60, 6).withDefaultExits(
                org.edgeplan.multiexit.ExitSet.of(8, 1, 3, 4, 8)));
        PpoGeneralSolver solver = PpoGeneralSolver.of(trained, "test");
        for (MultiExitInstance x : cases) {
            SolveResult<MultiExitPlan> result = solver.solve(x, new SolverSettings(60, 0, 1), Deadline.none());
            MultiExitEvaluation e = MultiExitEvaluator.evaluate(x, result.plan());
            assertThat(e.feasible()).as(x.name()).isTrue();
            assertThat(result.plan().splits()).hasSize(x.deviceCount());
            assertThat(result.plan().exits()).isEqualTo(x.defaultExits());
            assertThat(result.solverObjective()).as(x.name()).isCloseTo(e.objective(),
                    org.assertj.core.data.Offset.offset(1e-9 * e.objective()));
            assertThat(e.objective()).as(x.name()).isGreaterThanOrEqualTo(optimum(x) * (1 - 1e-12));
        }
    }

    @Test
    void learnsTheFamilyWithinTwoPercentOfTheProvenOptimumAtUnseenDeviceCounts() {
        // Held-out instances (seeds 201-203, 50 and 200 devices, the family's 1-20 Mbit/s), exact-bb's proven optima.
        // Measured (seed 0, 1,536 episodes, 2 x 32 units, about 3 s): gaps 0.59, 1.19, 1.25 % at M = 50 and 0.28,
        // 0.59, 0.77 % at M = 200; the untrained policy of the same seed: 48-69 %. (The benchmark's policy, 2 x 64
        // units and more episodes, does better: docs/ppo-general.md.)
        GeneralPolicy untrained = GeneralPolicy.initial(NetworkFamilies.generate(FAMILY, 5, 1), smallConfig(),
                new SplittableRandom(0), 0);
        for (int m : new int[] {50, 200}) {
            for (long seed = 201; seed <= 203; seed++) {
                MultiExitInstance x = NetworkFamilies.generate(FAMILY, m, seed);
                double opt = optimum(x);
                double gap = MultiExitEvaluator.evaluate(x, trained.plan(x)).objective() / opt - 1;
                double before = MultiExitEvaluator.evaluate(x, untrained.plan(x)).objective() / opt - 1;
                assertThat(gap).as("%s gap", x.name()).isLessThan(0.02);
                assertThat(before).as("%s untrained", x.name()).isGreaterThan(0.3);
            }
        }
    }

    @Test
    void sameSeedGivesBitwiseTheSamePolicyAndAnotherSeedAnother() {
        double[] a = train(3, 192).allParameters();
        double[] b = train(3, 192).allParameters();
        double[] c = train(4, 192).allParameters();
        assertThat(Arrays.equals(a, b)).isTrue();
        assertThat(Arrays.equals(a, c)).isFalse();
    }

    @Test
    void policyFileRoundTripIsBitwiseAndActsTheSame(@TempDir Path dir) {
        Path file = dir.resolve("general.json");
        GeneralPolicyIo.write(trained, file);
        GeneralPolicy back = GeneralPolicyIo.read(file);
        assertThat(Arrays.equals(back.allParameters(), trained.allParameters())).isTrue();
        assertThat(GeneralPolicyIo.toJson(back)).isEqualTo(GeneralPolicyIo.toJson(trained));
        assertThat(back.training().episodes()).isEqualTo(EPISODES);
        MultiExitInstance x = NetworkFamilies.generate(FAMILY, 25, 9);
        assertThat(back.plan(x).splits()).isEqualTo(trained.plan(x).splits());
    }

    @Test
    void anotherNetworkIsRefusedInOneLine() {
        MultiExitInstance mobile = NetworkFamilies.generate(NetworkFamilies.family("mobilenetv2-int8-ee"), 5, 1);
        assertThatThrownBy(() -> PpoGeneralSolver.of(trained, "p.json").requireApplicable(mobile))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("policy p.json was trained for network 'alexnet-224-int8' (8 split points); instance"
                        + " 'mobilenetv2-int8-ee-m0005-s1' has network 'mobilenetv2-224-int8' (19 split points)");
        // The same layer count but another network (fp32 activations: another model name) is refused too.
        MultiExitInstance alexnet = NetworkFamilies.generate(FAMILY, 5, 1);
        MultiExitInstance renamed = new MultiExitInstance("renamed", "", new org.edgeplan.multiexit.MultiExitDnn(
                "other-net", alexnet.dnn().outputBytes(0), alexnet.dnn().layerNames(), flops(alexnet), bytes(alexnet),
                exitFlops(alexnet)), alexnet.devices(), alexnet.edgeSpeedFlopsPerSecond(), 0.5, 0.5,
                alexnet.defaultExits());
        assertThatThrownBy(() -> PpoGeneralSolver.of(trained, "p.json").solve(renamed, new SolverSettings(10, 0, 1),
                Deadline.none())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("trained for network 'alexnet-224-int8'").hasMessageNotContaining("\n");
    }

    private static double[] flops(MultiExitInstance x) {
        double[] f = new double[x.layerCount()];
        for (int j = 1; j <= f.length; j++) {
            f[j - 1] = x.dnn().layerFlops(j);
        }
        return f;
    }

    private static double[] bytes(MultiExitInstance x) {
        double[] b = new double[x.layerCount()];
        for (int j = 1; j <= b.length; j++) {
            b[j - 1] = x.dnn().outputBytes(j);
        }
        return b;
    }

    private static double[] exitFlops(MultiExitInstance x) {
        double[] c = new double[x.layerCount()];
        for (int j = 1; j <= c.length; j++) {
            c[j - 1] = x.dnn().exitBranchFlops(j);
        }
        return c;
    }

    @Test
    void badPolicyFilesAreOneLineNamingTheFileAndField(@TempDir Path dir) throws Exception {
        String json = GeneralPolicyIo.toJson(trained);
        assertThatThrownBy(() -> GeneralPolicyIo.fromJson(json.replace("\"layerCount\" : 8", "\"layerCount\" : 9"),
                "p.json")).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("p.json: $.deviceFeatures")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> GeneralPolicyIo.fromJson(json.replace("\"encoder\"", "\"encoderX\""), "p.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("encoder")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> GeneralPolicyIo.fromJson(json + "{}", "p.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageNotContaining("\n");
        assertThatThrownBy(() -> GeneralPolicyIo.fromJson(json.replace("\"ppo-general\"", "\"ppo\""), "p.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("policy p.json was trained for solver 'ppo', not 'ppo-general'; use --solver ppo");
        // And the other way round: the ppo solvers' reader names ppo-general.
        assertThatThrownBy(() -> PolicyIo.fromJson(json, "p.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("p.json: $.variant").hasMessageContaining("--solver ppo-general")
                .hasMessageNotContaining("\n");
        Path missing = dir.resolve("none.json");
        assertThatThrownBy(() -> new PpoGeneralSolver().withPolicy(missing))
                .isInstanceOf(InvalidInputException.class).hasMessage("no such policy file: " + missing);
    }

    @Test
    void registeredAndTrainsInProcessOnSubsetsOfTheInstanceWhenNoPolicyIsGiven() {
        assertThat(SolverRegistry.load().find(org.edgeplan.core.ProblemKind.MULTI_EXIT, "ppo-general"))
                .isInstanceOf(PpoGeneralSolver.class);
        MultiExitInstance x = NetworkFamilies.generate(FAMILY, 60, 11);
        SolveResult<MultiExitPlan> a = new PpoGeneralSolver().solve(x, new SolverSettings(120, 7, 1),
                Deadline.none());
        SolveResult<MultiExitPlan> b = new PpoGeneralSolver().solve(x, new SolverSettings(120, 7, 1),
                Deadline.none());
        assertThat(a.plan().splits()).isEqualTo(b.plan().splits());
        assertThat(a.statistics()).containsEntry("trainedEpisodes", PpoGeneralSolver.IN_PROCESS_EPISODES);
        // Measured: 0.22 % above exact-bb (seed 7, 2,048 episodes on subsets of 2-20 of the 60 devices).
        assertThat(a.solverObjective() / optimum(x) - 1).isBetween(0.0, 0.01);
    }
}
