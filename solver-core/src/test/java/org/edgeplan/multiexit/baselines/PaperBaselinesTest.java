package org.edgeplan.multiexit.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.multiexit.exact.JointExitSplitSolver;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;
import org.edgeplan.multiexit.exits.MinFlopsExitSetting;
import org.edgeplan.multiexit.exits.SpinnExitSetting;
import org.edgeplan.testing.MultiExitFixtures;
import org.edgeplan.testing.ProjectRoot;

class PaperBaselinesTest {
    private static final SolverSettings SETTINGS = SolverSettings.defaults().withTimeLimit(30).withSeed(3);

    static final List<String> NAMES = List.of("aco-device-only-ear", "aco-edge-only-ear", "spinn-ear", "aco-ear",
            "fp-ar", "aco-bb", "min-flops-bb");

    @SuppressWarnings("unchecked")
    private static Solver<MultiExitInstance, MultiExitPlan> solver(String name) {
        return (Solver<MultiExitInstance, MultiExitPlan>) SolverRegistry.load().find(ProblemKind.MULTI_EXIT, name);
    }

    private static List<MultiExitInstance> shipped() {
        List<MultiExitInstance> out = new ArrayList<>();
        for (String base : List.of("ma2025-image", "ma2025-video")) {
            out.add(InstanceIo.readMultiExit(ProjectRoot.instances().resolve("multi-exit/" + base + ".json")));
            for (String bw : List.of("01", "50")) {
                out.add(InstanceIo.readMultiExit(
                        ProjectRoot.instances().resolve("multi-exit/sweep/" + base + "-bw" + bw + ".json")));
            }
        }
        return out;
    }

    private static List<MultiExitInstance> randomSmall() {
        List<MultiExitInstance> out = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) {
            out.add(MultiExitFixtures.random(seed, 2 + (int) (seed % 3), 5 + (int) (seed % 4)));
        }
        return out;
    }

    static Stream<Arguments> everyBaselineOnEveryInstance() {
        List<MultiExitInstance> instances = new ArrayList<>(shipped());
        instances.addAll(randomSmall());
        return instances.stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("everyBaselineOnEveryInstance")
    void objectiveEqualsTheEvaluatorAndIsNeverBelowTheJointOptimum(MultiExitInstance instance) {
        SolveResult<MultiExitPlan> optimum = new JointExitSplitSolver().solve(instance, SETTINGS);
        assertThat(optimum.status()).isEqualTo(SolveStatus.OPTIMAL);
        for (String name : NAMES) {
            SolveResult<MultiExitPlan> r = solver(name).solve(instance, SETTINGS);
            assertThat(r.status()).as(name).isEqualTo(SolveStatus.FEASIBLE);
            assertThat(r.hasBound()).as(name).isFalse();
            MultiExitEvaluation e = MultiExitEvaluator.evaluate(instance, r.plan());
            assertThat(e.feasible()).as(name).isTrue();
            assertThat(r.solverObjective()).as(name).isCloseTo(e.cost(), within(1e-12 * e.cost()));
            assertThat(e.cost()).as("%s on %s", name, instance.name())
                    .isGreaterThanOrEqualTo(optimum.solverObjective() * (1 - 1e-9));
            assertThat(r.statistics().get("exits")).as(name).isEqualTo(r.plan().exits().layers());
        }
    }

    @Test
    void eachBaselineFollowsItsRule() {
        MultiExitInstance inst = MultiExitFixtures.random(11, 4, 9);
        int m = inst.deviceCount();
        ExitSet aco = new AntColonyExitSetting().choose(inst, SETTINGS.seed());
        ExitSet spinn = new SpinnExitSetting().choose(inst, SETTINGS.seed());

        MultiExitPlan deviceOnly = solver("aco-device-only-ear").solve(inst, SETTINGS).plan();
        assertThat(deviceOnly.exits()).isEqualTo(aco);
        assertThat(deviceOnly.splits()).containsOnly(9);
        assertThat(deviceOnly.shares()).containsOnly(1.0 / m);

        MultiExitPlan edgeOnly = solver("aco-edge-only-ear").solve(inst, SETTINGS).plan();
        assertThat(edgeOnly.exits()).isEqualTo(aco);
        assertThat(edgeOnly.splits()).containsOnly(0);
        assertThat(edgeOnly.shares()).containsOnly(1.0 / m);

        MultiExitPlan spinnEar = solver("spinn-ear").solve(inst, SETTINGS).plan();
        assertThat(spinnEar.exits()).isEqualTo(spinn);
        assertThat(spinnEar.shares()).containsOnly(1.0 / m);
        assertBestSplitsForEqualShares(new MultiExitCostModel(inst, spinn), spinnEar.splits());

        MultiExitPlan acoEar = solver("aco-ear").solve(inst, SETTINGS).plan();
        assertThat(acoEar.exits()).isEqualTo(aco);
        assertThat(acoEar.shares()).containsOnly(1.0 / m);
        assertBestSplitsForEqualShares(new MultiExitCostModel(inst, aco), acoEar.splits());

        MultiExitPlan fpAr = solver("fp-ar").solve(inst, SETTINGS).plan();
        assertThat(fpAr.exits()).isEqualTo(aco);
        assertThat(fpAr.splits()).containsOnly(6);
        assertThat(java.util.Arrays.stream(fpAr.shares()).sum()).isCloseTo(1.0, within(1e-12));

        SolveResult<MultiExitPlan> minFlops = solver("min-flops-bb").solve(inst, SETTINGS);
        assertThat(minFlops.plan().exits()).isEqualTo(new MinFlopsExitSetting().choose(inst, 0));
        assertThat(minFlops.message()).isEqualTo("splits and shares optimal for this exit set");
    }

    /** Every device's split minimises its own cost at share 1/M (checked over all splits, ties allowed). */
    private static void assertBestSplitsForEqualShares(MultiExitCostModel model, int[] splits) {
        double share = 1.0 / model.deviceCount();
        for (int i = 0; i < model.deviceCount(); i++) {
            double chosen = model.deviceCost(i, splits[i], share);
            for (int s = 0; s <= model.layerCount(); s++) {
                assertThat(chosen).isLessThanOrEqualTo(model.deviceCost(i, s, share));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("everyBaselineOnEveryInstance")
    void orderingsThatFollowFromTheDefinitions(MultiExitInstance instance) {
        // Same ACO exits and shares 1/M: ACO-EAR picks each device's best split, so it beats both fixed splits;
        // aco-bb optimises splits and shares for the same exits, so it beats ACO-EAR and FP-AR.
        double deviceOnly = solver("aco-device-only-ear").solve(instance, SETTINGS).solverObjective();
        double edgeOnly = solver("aco-edge-only-ear").solve(instance, SETTINGS).solverObjective();
        double acoEar = solver("aco-ear").solve(instance, SETTINGS).solverObjective();
        double fpAr = solver("fp-ar").solve(instance, SETTINGS).solverObjective();
        double acoBb = solver("aco-bb").solve(instance, SETTINGS).solverObjective();
        assertThat(acoEar).isLessThanOrEqualTo(deviceOnly).isLessThanOrEqualTo(edgeOnly);
        assertThat(acoBb).isLessThanOrEqualTo(acoEar * (1 + 1e-9)).isLessThanOrEqualTo(fpAr * (1 + 1e-9));
    }

    @Test
    void fpArIsDeterministicPerSeedAndItsStatisticsAreConsistent() {
        MultiExitInstance inst = MultiExitFixtures.random(21, 5, 10);
        Solver<MultiExitInstance, MultiExitPlan> fpAr = solver("fp-ar");
        SolveResult<MultiExitPlan> a = fpAr.solve(inst, SETTINGS.withSeed(7));
        SolveResult<MultiExitPlan> b = fpAr.solve(inst, SETTINGS.withSeed(7));
        SolveResult<MultiExitPlan> c = fpAr.solve(inst, SETTINGS.withSeed(8));
        assertThat(b.plan()).isEqualTo(a.plan());
        assertThat(b.solverObjective()).isEqualTo(a.solverObjective());
        assertThat(c.statistics().get("meanSampleCost")).isNotEqualTo(a.statistics().get("meanSampleCost"));
        double best = (Double) a.statistics().get("bestSampleCost");
        double mean = (Double) a.statistics().get("meanSampleCost");
        double closedForm = (Double) a.statistics().get("optimalSharesCost");
        assertThat(a.statistics().get("samples")).isEqualTo(1000);
        assertThat(a.statistics().get("split")).isEqualTo(6);
        assertThat(best).isEqualTo(a.solverObjective());
        assertThat(closedForm).isLessThanOrEqualTo(best);
        assertThat(best).isLessThan(mean);
        MultiExitCostModel model = new MultiExitCostModel(inst, a.plan().exits());
        assertThat(closedForm).isCloseTo(OptimalShares.costForSplits(model, a.plan().splits()), within(1e-12));
        for (double share : a.plan().shares()) {
            assertThat(share).isGreaterThan(0);
        }
    }

    @Test
    void fpArSplitsAfterTheLastLayerOfAShortModel() {
        MultiExitInstance inst = MultiExitFixtures.random(4, 3, 4);
        SolveResult<MultiExitPlan> r = solver("fp-ar").solve(inst, SETTINGS);
        assertThat(r.plan().splits()).containsOnly(4);
        assertThat(r.statistics().get("samples")).isEqualTo(1);
        assertThat(r.plan().shares()).containsOnly(0.0);
    }

    @Test
    void rulesThatOffloadAreInfeasibleWhenTheEdgeIsUnreachable() {
        MultiExitInstance offline = MultiExitFixtures.random(3, 2, 7).withBandwidth("offline", 0);
        assertThat(solver("aco-edge-only-ear").solve(offline, SETTINGS).status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(solver("fp-ar").solve(offline, SETTINGS).status()).isEqualTo(SolveStatus.UNKNOWN);
        // Rules that choose the split fall back to running locally.
        for (String name : List.of("aco-ear", "spinn-ear", "aco-bb", "min-flops-bb", "aco-device-only-ear")) {
            SolveResult<MultiExitPlan> r = solver(name).solve(offline, SETTINGS);
            assertThat(r.status()).as(name).isEqualTo(SolveStatus.FEASIBLE);
            assertThat(r.plan().splits()).as(name).containsOnly(7);
        }
    }

    @Test
    void acoEarBeatsSpinnEarOnTheShippedImageInstanceAt10Mbits() {
        // The paper's claim that ACO-EAR is slightly better than SPINN-EAR holds here: with the same split rule and
        // shares, ACO's exits (after every layer, the least-FLOPs set on VGG16) cost less than SPINN's.
        MultiExitInstance inst = InstanceIo.readMultiExit(ProjectRoot.instances().resolve(
                "multi-exit/sweep/ma2025-image-bw10.json"));
        double aco = solver("aco-ear").solve(inst, SETTINGS).solverObjective();
        double spinn = solver("spinn-ear").solve(inst, SETTINGS).solverObjective();
        assertThat(aco).isLessThan(spinn);
    }
}
