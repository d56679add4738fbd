package org.edgeplan.multiexit.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.BruteForceSolver;

/** PPO learns, is reproducible by seed, and its policy files round-trip exactly. */
class PpoTrainingTest {
    private static final List<Double> BANDWIDTHS = List.of(1.0, 20.0);

    private static SplitTrainer.Result trainImage(long seed, long episodes, PpoVariant variant) {
        MultiExitInstance image = PpoFixtures.image();
        List<TrainingContext> contexts = new ArrayList<>();
        for (double mbps : BANDWIDTHS) {
            contexts.add(TrainingContext.of(contexts.size(), TrainingContext.atBandwidth(image, mbps)));
        }
        return SplitTrainer.train(variant, PolicyFamily.of(List.of(image)), TrainingContext.Sampler.uniform(contexts),
                PpoSolver.inProcessConfig(), seed, episodes, Deadline.none(), SplitTrainer.Listener.NONE, BANDWIDTHS,
                "discrete");
    }

    @Test
    void findsTheOptimumOfAOneDeviceProblem() {
        MultiExitInstance x = PpoFixtures.oneDevice();
        SolveResult<MultiExitPlan> proof = new BruteForceSolver().solve(x, SolverSettings.defaults());
        assertThat(proof.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(proof.plan().split(0)).isEqualTo(2);
        assertThat(proof.solverObjective()).isCloseTo(0.246, within(1e-12));

        SplitTrainer.Result r = SplitTrainer.train(PpoVariant.SPLITS, PolicyFamily.of(List.of(x)),
                TrainingContext.Sampler.uniform(List.of(TrainingContext.of(0, x))), PpoSolver.inProcessConfig(), 42,
                1024, Deadline.none(), SplitTrainer.Listener.NONE, List.of(), "instances");
        assertThat(r.run().episodes()).isEqualTo(1024);
        assertThat(r.run().updates()).isEqualTo(8);
        MultiExitPlan plan = r.policy().plan(x);
        assertThat(plan.splits()).containsExactly(2);
        assertThat(plan.shares()).containsExactly(1.0);
        assertThat(MultiExitEvaluator.evaluate(x, plan).objective()).isCloseTo(0.246, within(1e-12));
    }

    @Test
    void learnsTheDeviceOnlyAndEdgeOnlyRegimesOfTheImageScenario() {
        // Proven optima (exact-bb): all devices local at 1 Mbit/s, all offloaded at 20 Mbit/s.
        PpoPolicy policy = trainImage(3, 12288, PpoVariant.SPLITS).policy();
        MultiExitInstance image = PpoFixtures.image();
        assertThat(policy.plan(TrainingContext.atBandwidth(image, 1)).splits()).containsExactly(13, 13, 13, 13, 13);
        assertThat(policy.plan(TrainingContext.atBandwidth(image, 20)).splits()).containsExactly(0, 0, 0, 0, 0);
    }

    @Test
    void theSameSeedGivesBitwiseTheSamePolicyAndAnotherSeedDoesNot() {
        for (PpoVariant variant : PpoVariant.values()) {
            double[] a = trainImage(7, 512, variant).policy().allParameters();
            double[] b = trainImage(7, 512, variant).policy().allParameters();
            double[] c = trainImage(8, 512, variant).policy().allParameters();
            assertThat(Arrays.equals(a, b)).as(variant + ": same seed").isTrue();
            assertThat(Arrays.equals(a, c)).as(variant + ": other seed").isFalse();
        }
    }

    @Test
    void aPolicyReadBackHasTheSameWeightsAndTakesTheSameActions() {
        for (PpoVariant variant : PpoVariant.values()) {
            PpoPolicy policy = trainImage(5, 768, variant).policy();
            String json = PolicyIo.toJson(policy);
            PpoPolicy back = PolicyIo.fromJson(json, "policy.json");
            assertThat(back.variant()).isEqualTo(variant);
            assertThat(back.family()).isEqualTo(policy.family());
            assertThat(back.training()).isEqualTo(policy.training());
            assertThat(Arrays.equals(back.allParameters(), policy.allParameters())).isTrue();
            assertThat(PolicyIo.toJson(back)).isEqualTo(json);
            MultiExitInstance image = PpoFixtures.image();
            for (double mbps : new double[] {1, 2, 5, 10, 30, 50}) {
                MultiExitInstance x = TrainingContext.atBandwidth(image, mbps);
                assertThat(back.plan(x)).as(variant + " at " + mbps + " Mbit/s").isEqualTo(policy.plan(x));
            }
        }
    }

    @Test
    void aPolicyRefusesInstancesOfAnotherShape() {
        PpoPolicy policy = trainImage(1, 128, PpoVariant.SPLITS).policy();
        assertThatThrownBy(() -> policy.plan(PpoFixtures.video()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("trained for M = 5 devices, N = 13 layers")
                .hasMessageContaining("has M = 7");
    }

    @Test
    void policyFilesWithFaultsAreRefusedWithTheField() {
        String json = PolicyIo.toJson(trainImage(1, 128, PpoVariant.SPLITS).policy());
        assertThatThrownBy(() -> PolicyIo.fromJson(json.replace("edgeplan-ppo-policy", "something-else"), "p.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("p.json: $.format: expected \"edgeplan-ppo-policy\", got \"something-else\" (not a PPO"
                        + " policy file)");
        assertThatThrownBy(() -> PolicyIo.fromJson(json.replace("\"variant\" : \"ppo\"", "\"variant\" : \"dqn\""),
                "p.json")).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("p.json: $.variant: ");
        assertThatThrownBy(() -> PolicyIo.fromJson("{", "p.json")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("p.json: malformed JSON");
        // Trailing content is refused as in instance files (a concatenated or half-overwritten file must not load).
        assertThatThrownBy(() -> PolicyIo.fromJson(json + "{\"format\": 1}", "p.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("p.json: malformed JSON at line ")
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> PolicyIo.fromJson(json + "garbage", "p.json"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("p.json: malformed JSON at line ");
        assertThatThrownBy(() -> PolicyIo.fromJson(json.replace("\"critic\"", "\"kritik\""), "p.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("p.json: $.critic: required field is missing");
        assertThatThrownBy(() -> PolicyIo.fromJson(json.replace("\"epochs\" : 4", "\"epochs\" : \"four\""), "p.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("p.json: $.training.config.epochs: expected an integer, got a string \"four\"");
        assertThatThrownBy(() -> PolicyIo.fromJson(json.replace("\"logStd\" : [ ]", "\"logStd\" : [0.5]"), "p.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("p.json: $: expected 0 log std values, got 1");
    }
}
