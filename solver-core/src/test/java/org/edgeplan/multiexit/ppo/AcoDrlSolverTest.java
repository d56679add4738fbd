package org.edgeplan.multiexit.ppo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.baselines.AcoBranchAndBoundSolver;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;
import org.edgeplan.testing.SolverContract;

/**
 * The solver {@code aco-drl}: registered, ACO exits, splits and shares from the PPO policy, scored like the evaluator,
 * reproducible by seed, close to its ceiling {@code aco-bb}, and policy files of another variant, exit set or network
 * refused with one line.
 */
class AcoDrlSolverTest {
    private static final SolverSettings SETTINGS = new SolverSettings(60, 7, 1);

    @Test
    void isRegisteredUnderItsName() {
        SolverRegistry registry = SolverRegistry.load();
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "aco-drl")).isInstanceOf(AcoDrlSolver.class);
        assertThat(registry.forProblem(ProblemKind.MULTI_EXIT)).anyMatch(s -> s.name().equals("aco-drl"));
        assertThat(PpoVariant.fromLabel("aco-drl")).isEqualTo(PpoVariant.ACO_DRL);
        assertThat(PpoVariant.ACO_DRL.learnsShares()).isTrue();
    }

    @Test
    void thePlanUsesTheAcoExitSetAndIsScoredLikeTheEvaluator() {
        MultiExitInstance image = TrainingContext.atBandwidth(PpoFixtures.image(), 5);
        SolveResult<MultiExitPlan> r = new AcoDrlSolver().solve(image, SETTINGS);
        assertThat(r.status()).as(r.message()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(r.bound()).isNaN();
        ExitSet aco = new AntColonyExitSetting().choose(image, SETTINGS.seed());
        assertThat(r.plan().exits()).isEqualTo(aco);
        // On VGG16 the colony puts an exit after every layer; the default set is the final exit only.
        assertThat(r.plan().exits()).isNotEqualTo(image.defaultExits());
        assertThat(r.statistics()).containsEntry("exits", aco.layers())
                .containsEntry("trainedEpisodes", PpoSolver.ACO_DRL_IN_PROCESS_EPISODES);
        assertThat(r.message()).startsWith("ACO exits " + aco.layers());

        MultiExitEvaluation e = MultiExitEvaluator.evaluate(image, r.plan());
        assertThat(e.feasible()).as(e.violations().toString()).isTrue();
        assertThat(r.solverObjective()).isCloseTo(e.objective(), within(1e-12 * e.objective()));
        SolverContract.check(image, r, Double.NaN);
        double sum = 0;
        for (int i = 0; i < image.deviceCount(); i++) {
            boolean offloads = r.plan().split(i) < image.layerCount();
            assertThat(r.plan().share(i) > 0).as("device %d share", i).isEqualTo(offloads);
            sum += r.plan().share(i);
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        // Never better than its ceiling: ACO exits with optimal splits and shares.
        double ceiling = new AcoBranchAndBoundSolver().solve(image, SETTINGS).solverObjective();
        assertThat(e.objective()).isGreaterThanOrEqualTo(ceiling * (1 - 1e-12));
    }

    @Test
    void theSameSeedGivesTheSamePlanAndPolicy() {
        MultiExitInstance video = TrainingContext.atBandwidth(PpoFixtures.video(), 2);
        SolveResult<MultiExitPlan> a = new AcoDrlSolver().solve(video, SETTINGS);
        SolveResult<MultiExitPlan> b = new AcoDrlSolver().solve(video, SETTINGS);
        assertThat(b.plan()).isEqualTo(a.plan());
        assertThat(b.solverObjective()).isEqualTo(a.solverObjective());

        MultiExitInstance x = PpoVariant.ACO_DRL.onExitSet(video, 5);
        PpoPolicy p1 = trainAcross(x, List.of(2.0), 5, 512);
        PpoPolicy p2 = trainAcross(x, List.of(2.0), 5, 512);
        PpoPolicy p3 = trainAcross(x, List.of(2.0), 6, 512);
        assertThat(p2.allParameters()).isEqualTo(p1.allParameters());
        assertThat(p3.allParameters()).isNotEqualTo(p1.allParameters());
    }

    /**
     * In-process training (16,384 episodes, seed 7) on the image scenario at 1, 5 and 20 Mbit/s comes within 0.1 % of
     * aco-bb at each; measured when this test was written: 0, 4e-4 % and 0.011 % (with 8,192 episodes: 0, 5e-6 % and
     * 0.025 %). The tolerance is about 9 times the worst and far below a wrong regime (at 5 Mbit/s the device-only
     * plan with ACO exits is 24 % above aco-bb, aco-ear 6.7 %).
     */
    @Test
    void inProcessTrainingComesWithinATenthOfAPercentOfAcoBb() {
        for (double mbps : List.of(1.0, 5.0, 20.0)) {
            MultiExitInstance x = TrainingContext.atBandwidth(PpoFixtures.image(), mbps);
            double cost = MultiExitEvaluator.evaluate(x, new AcoDrlSolver().solve(x, SETTINGS).plan()).objective();
            double ceiling = new AcoBranchAndBoundSolver().solve(x, SETTINGS).solverObjective();
            double gap = (cost - ceiling) / ceiling;
            assertThat(gap).as("gap to aco-bb at %s Mbit/s: %s", mbps, gap).isBetween(-1e-12, 0.001);
        }
    }

    @Test
    void aPolicyFileDrivesTheSolver(@TempDir Path dir) {
        MultiExitInstance image = PpoFixtures.image();
        PpoPolicy trained = trainAcross(PpoVariant.ACO_DRL.onExitSet(image, 7), List.of(10.0), 1, 256);
        Path file = dir.resolve("aco-drl.json");
        PolicyIo.write(trained, file);
        AcoDrlSolver solver = new AcoDrlSolver().withPolicy(file);
        solver.requireApplicable(image);
        SolveResult<MultiExitPlan> r = solver.solve(image, SETTINGS);
        assertThat(r.plan()).isEqualTo(trained.plan(PpoVariant.ACO_DRL.onExitSet(image, 7)));
        assertThat(r.statistics()).containsEntry("policy", file.toString()).containsEntry("trainedEpisodes", 256L);
        assertThat(PolicyIo.read(file).variant()).isEqualTo(PpoVariant.ACO_DRL);
    }

    @Test
    void policiesOfAnotherVariantExitSetOrNetworkAreRefusedWithOneLine(@TempDir Path dir) {
        MultiExitInstance image = PpoFixtures.image();
        // A ppo-shares policy (default exit set): the variant is named.
        Path shares = dir.resolve("ppo-shares.json");
        PolicyIo.write(SplitTrainer.train(PpoVariant.SPLITS_AND_SHARES, PolicyFamily.of(List.of(image)),
                TrainingContext.Sampler.uniform(List.of(TrainingContext.of(0, image))), PpoSolver.inProcessConfig(), 1,
                128, Deadline.none(), SplitTrainer.Listener.NONE, List.of(), "instances").policy(), shares);
        assertThatThrownBy(() -> new AcoDrlSolver().withPolicy(shares)).isInstanceOf(InvalidInputException.class)
                .hasMessage("policy " + shares + " was trained for solver 'ppo-shares', not 'aco-drl'; use --solver"
                        + " ppo-shares");

        // An aco-drl policy whose exit set is not the one ACO sets (here: the final exit only).
        Path finalOnly = dir.resolve("final-only.json");
        PolicyIo.write(trainAcross(image, List.of(10.0), 1, 128), finalOnly);
        AcoDrlSolver wrongExits = new AcoDrlSolver().withPolicy(finalOnly);
        assertThatThrownBy(() -> wrongExits.solve(image, SETTINGS)).isInstanceOf(InvalidInputException.class)
                .hasMessage("policy " + finalOnly + " was trained for the exit set [13]; ACO (seed 7) sets exits"
                        + " [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13] on instance 'ma2025-image'");
        assertThatThrownBy(() -> wrongExits.requireApplicable(image)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("exits [13]").hasMessageNotContaining("\n");

        // An aco-drl policy of the image network (M = 5) on the video scenario (M = 7).
        Path imagePolicy = dir.resolve("image.json");
        PolicyIo.write(trainAcross(PpoVariant.ACO_DRL.onExitSet(image, 7), List.of(10.0), 1, 128), imagePolicy);
        AcoDrlSolver onVideo = new AcoDrlSolver().withPolicy(imagePolicy);
        MultiExitInstance video = PpoFixtures.video();
        assertThatThrownBy(() -> onVideo.requireApplicable(video)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("policy " + imagePolicy + " was trained for M = 5 devices")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> onVideo.solve(video, SETTINGS)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("was trained for M = 5 devices").hasMessageContaining("has M = 7");
    }

    /** An aco-drl policy trained with the in-process settings on {@code base} (its exit set as given) at bandwidths. */
    private static PpoPolicy trainAcross(MultiExitInstance base, List<Double> mbps, long seed, long episodes) {
        List<TrainingContext> contexts = new ArrayList<>();
        for (double b : mbps) {
            contexts.add(TrainingContext.of(contexts.size(), TrainingContext.atBandwidth(base, b)));
        }
        return SplitTrainer.train(PpoVariant.ACO_DRL, PolicyFamily.of(List.of(base)),
                TrainingContext.Sampler.uniform(contexts), PpoSolver.inProcessConfig(), seed, episodes, Deadline.none(),
                SplitTrainer.Listener.NONE, mbps, "discrete").policy();
    }
}
