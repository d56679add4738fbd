package org.edgeplan.multiexit.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.MultiExitSolver;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.testing.SolverContract;

/** The solvers {@code ppo} and {@code ppo-shares}: registered, feasible, scored like the evaluator, policy files. */
class PpoSolverTest {
    private static final SolverSettings SETTINGS = new SolverSettings(60, 7, 1);

    @Test
    void bothVariantsAreRegistered() {
        SolverRegistry registry = SolverRegistry.load();
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "ppo")).isInstanceOf(PpoSolver.class);
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "ppo-shares")).isInstanceOf(PpoSharesSolver.class);
    }

    @Test
    void inProcessTrainingReachesTheProvenOptimumOfTheImageScenario() {
        MultiExitInstance image = PpoFixtures.image();
        SolveResult<MultiExitPlan> r = new PpoSolver().solve(image, SETTINGS);
        assertThat(r.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(r.statistics()).containsEntry("trainedEpisodes", PpoSolver.IN_PROCESS_EPISODES);
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(image, r.plan());
        assertThat(e.feasible()).as(e.violations().toString()).isTrue();
        assertThat(r.solverObjective()).isCloseTo(e.objective(), within(1e-12 * e.objective()));
        double optimum = new MultiExitBranchAndBoundSolver().solve(image, SETTINGS).solverObjective();
        // At 10 Mbit/s every device offloads everything (exact-bb); seed 7 finds it.
        assertThat(r.plan().splits()).containsExactly(0, 0, 0, 0, 0);
        assertThat(e.objective()).isCloseTo(optimum, within(1e-9 * optimum));
    }

    /**
     * Valid instances where offloading is impossible or where the device-only cost overflows (issue 15): both
     * variants still return a feasible plan that keeps the contract (bandwidth 0: the policy is masked from the
     * splits that need the unreachable edge; a device 10^300 times too slow: rewards are scaled by a finite plan, and
     * an infeasible policy plan is replaced by a named fallback, never a failure).
     */
    @Test
    void bothVariantsSolveInstancesWithoutReachableEdgeOrWithOverflowingDevices() {
        MultiExitInstance image = PpoFixtures.image();
        MultiExitInstance unreachable = image.withBandwidth("image-bw0", 0);
        MultiExitInstance slow = new MultiExitInstance("image-slow", "devices at 1e-300 FLOP/s", image.dnn(),
                image.devices().stream().map(d -> new Device(d.name(), 1e-300, d.computePowerWatts(),
                        d.transmitPowerWatts(), d.bandwidthBitsPerSecond(), d.exitProbabilities())).toList(),
                image.edgeSpeedFlopsPerSecond(), image.latencyWeight(), image.energyWeight(), image.defaultExits());
        SolverSettings quick = new SolverSettings(60, 3, 1);
        for (MultiExitInstance instance : List.of(unreachable, slow)) {
            for (MultiExitSolver solver : List.of(new PpoSolver(), new PpoSharesSolver())) {
                SolveResult<MultiExitPlan> r = solver.solve(instance, quick);
                assertThat(r.status()).as("%s on %s: %s", solver.name(), instance.name(), r.message())
                        .isEqualTo(SolveStatus.FEASIBLE);
                SolverContract.check(instance, r, Double.NaN);
                if (instance == unreachable) {
                    assertThat(r.statistics()).as("the masked policy's own plan is feasible")
                            .doesNotContainKey(PpoSolver.FALLBACK);
                }
            }
        }
        assertThat(SplitFeatures.feasibleSplits(new MultiExitCostModel(image, image.defaultExits())))
                .as("no mask where every split is feasible").isNull();
        boolean[] mask = SplitFeatures.feasibleSplits(new MultiExitCostModel(unreachable, unreachable.defaultExits()));
        int options = image.layerCount() + 1;
        for (int i = 0; i < image.deviceCount(); i++) {
            assertThat(mask[i * options + image.layerCount()]).as("device-only is always allowed").isTrue();
            assertThat(mask[i * options]).as("edge-only needs the edge").isFalse();
        }
    }

    @Test
    void learnedSharesArePositiveForOffloadingDevicesAndScoredLikeTheEvaluator() {
        MultiExitInstance x = PpoFixtures.image();
        SolveResult<MultiExitPlan> r = new PpoSharesSolver().solve(x, SETTINGS);
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(x, r.plan());
        assertThat(e.feasible()).as(e.violations().toString()).isTrue();
        assertThat(r.solverObjective()).isCloseTo(e.objective(), within(1e-12 * e.objective()));
        double sum = 0;
        for (int i = 0; i < x.deviceCount(); i++) {
            boolean offloads = r.plan().split(i) < x.layerCount();
            assertThat(r.plan().share(i) > 0).as("device %d share", i).isEqualTo(offloads);
            sum += r.plan().share(i);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aPolicyFileDrivesTheSolverAndMustMatchItsVariant(@TempDir Path dir) {
        MultiExitInstance image = PpoFixtures.image();
        SplitTrainer.Result trained = SplitTrainer.train(PpoVariant.SPLITS, PolicyFamily.of(List.of(image)),
                TrainingContext.Sampler.uniform(List.of(TrainingContext.of(0, image))), PpoSolver.inProcessConfig(), 1,
                256, Deadline.none(), SplitTrainer.Listener.NONE, List.of(), "instances");
        Path file = dir.resolve("policy.json");
        PolicyIo.write(trained.policy(), file);
        PpoSolver solver = new PpoSolver().withPolicy(file);
        SolveResult<MultiExitPlan> r = solver.solve(image, SETTINGS);
        assertThat(r.plan()).isEqualTo(trained.policy().plan(image));
        assertThat(r.statistics()).containsEntry("policy", file.toString()).containsEntry("trainedEpisodes", 256L);
        assertThatThrownBy(() -> new PpoSharesSolver().withPolicy(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("was trained for solver 'ppo', not 'ppo-shares'");
        assertThatThrownBy(() -> new PpoSolver().withPolicy(dir.resolve("missing.json")))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("no such policy file: ");
    }
}
