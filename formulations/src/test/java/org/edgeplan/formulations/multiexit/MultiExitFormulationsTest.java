package org.edgeplan.formulations.multiexit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.multiexit.exact.BruteForceSolver;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.testing.MultiExitFixtures;
import org.edgeplan.testing.ProjectRoot;

/**
 * cp-sat, milp-scip and milp-highs (registered, with reductions) and their raw variants (no reductions, so the
 * models do all the work) against brute force and exact-bb.
 */
class MultiExitFormulationsTest {
    /** Agreement with the oracle: every method's stated tolerance (1e-7, exact-bb 1e-10) is below this. */
    private static final double REL = 1e-6;
    /** Slack for comparing a bound with an optimum computed in floating point. */
    private static final double FP = 1e-12;
    private static final SolverSettings SETTINGS = new SolverSettings(20, 7, 1);

    private final BruteForceSolver brute = new BruteForceSolver();
    private final MultiExitBranchAndBoundSolver bb = new MultiExitBranchAndBoundSolver();
    private final CpSatSplitSolver cpSat = new CpSatSplitSolver();
    private final MilpSplitSolver scip = new MilpScipSplitSolver();
    private final MilpSplitSolver highs = new MilpHighsSplitSolver();
    private final CpSatSplitSolver cpSatRaw = new CpSatSplitSolver("cp-sat-raw", SplitChoices.Reduction.NONE,
            CpSatSplitSolver.DEFAULT_RELATIVE_TOLERANCE, ScaledSplitCosts.DEFAULT_RANGE);
    private final MilpSplitSolver scipRaw = new MilpSplitSolver("milp-scip-raw", MilpSplitSolver.Backend.SCIP,
            SplitChoices.Reduction.NONE, MilpSplitSolver.DEFAULT_RELATIVE_TOLERANCE);
    private final MilpSplitSolver highsRaw = new MilpSplitSolver("milp-highs-raw", MilpSplitSolver.Backend.HIGHS,
            SplitChoices.Reduction.NONE, MilpSplitSolver.DEFAULT_RELATIVE_TOLERANCE);

    private List<Solver<MultiExitInstance, MultiExitPlan>> registered() {
        return List.of(bb, cpSat, scip, highs);
    }

    private List<Solver<MultiExitInstance, MultiExitPlan>> raw() {
        return List.of(cpSatRaw, scipRaw, highsRaw);
    }

    /** The brute-force optimum, which must be proven. */
    private double optimum(MultiExitInstance inst) {
        SolveResult<MultiExitPlan> oracle = brute.solve(inst, SETTINGS);
        assertThat(oracle.status()).as(oracle.message()).isEqualTo(SolveStatus.OPTIMAL);
        return oracle.solverObjective();
    }

    /** Plan feasible, evaluator parity, objective at the optimum, bound honest and, for OPTIMAL, tight. */
    private static void assertAgrees(MultiExitInstance inst, Solver<?, ?> solver, SolveResult<MultiExitPlan> r,
                                     double optimum) {
        String who = solver.name() + " on " + inst.name() + ": " + r.message();
        assertThat(r.status()).as(who).isIn(SolveStatus.OPTIMAL, SolveStatus.FEASIBLE);
        assertThat(r.plan().exits()).as(who).isEqualTo(inst.defaultExits());
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(inst, r.plan());
        assertThat(e.violations()).as(who).isEmpty();
        assertThat(r.solverObjective()).as(who + " (evaluator parity)").isCloseTo(e.cost(), within(1e-9 * e.cost()));
        assertThat(e.cost()).as(who + " (objective vs optimum)").isCloseTo(optimum, within(REL * optimum));
        assertThat(e.cost()).as(who + " (nothing beats the optimum)").isGreaterThanOrEqualTo(optimum * (1 - FP));
        assertThat(r.hasBound()).as(who).isTrue();
        assertThat(r.bound()).as(who + " (bound never above the optimum)").isLessThanOrEqualTo(optimum * (1 + FP));
        if (r.status() == SolveStatus.OPTIMAL) {
            assertThat(r.bound()).as(who + " (optimal means a tight bound)")
                    .isGreaterThanOrEqualTo(r.solverObjective() * (1 - REL));
        }
    }

    @Test
    void shippedScenariosAreSolvedToTheSameOptimumByEveryMethod() {
        for (String name : List.of("ma2025-image", "ma2025-video")) {
            MultiExitInstance inst = MultiExitFixtures.shipped(name);
            double optimum = optimum(inst);
            for (var solver : registered()) {
                SolveResult<MultiExitPlan> r = solver.solve(inst, SETTINGS);
                assertThat(r.status()).as(solver.name() + " " + r.message()).isEqualTo(SolveStatus.OPTIMAL);
                assertAgrees(inst, solver, r, optimum);
            }
            for (var solver : raw()) {
                SolveResult<MultiExitPlan> r = solver.solve(inst, SETTINGS);
                assertAgrees(inst, solver, r, optimum);
                assertThat((int) r.statistics().get("freeDevices")).isEqualTo(inst.deviceCount());
                assertThat((double) r.statistics().get("gap")).as(solver.name()).isLessThanOrEqualTo(REL);
            }
        }
    }

    @Test
    void theBandwidthSweepIsSolvedLikeExactBbAndDeterministically() throws IOException {
        Path sweep = ProjectRoot.root().resolve("instances/multi-exit/sweep");
        List<Path> files;
        try (var stream = Files.list(sweep)) {
            files = stream.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSize(16);
        for (Path file : files) {
            MultiExitInstance inst = InstanceIo.readMultiExit(file);
            // exact-bb is checked against brute force in solver-core; here it is the reference.
            SolveResult<MultiExitPlan> reference = bb.solve(inst, SETTINGS);
            assertThat(reference.status()).isEqualTo(SolveStatus.OPTIMAL);
            for (var solver : List.of(cpSat, scip, highs)) {
                SolveResult<MultiExitPlan> r = solver.solve(inst, SETTINGS);
                assertThat(r.status()).as(solver.name() + " " + inst.name() + " " + r.message())
                        .isEqualTo(SolveStatus.OPTIMAL);
                assertAgrees(inst, solver, r, reference.solverObjective());
                SolveResult<MultiExitPlan> again = solver.solve(inst, SETTINGS);
                assertThat(MultiExitEvaluator.evaluate(inst, again.plan()).cost())
                        .isEqualTo(MultiExitEvaluator.evaluate(inst, r.plan()).cost());
            }
        }
    }

    /** Ten seeded instances, M = 2..6, with slow edges (so devices share it), both weights at 0 once each. */
    private static List<MultiExitInstance> randomInstances() {
        List<MultiExitInstance> out = new ArrayList<>();
        double[] slowdowns = {10, 30, 100};
        for (int t = 0; t < 8; t++) {
            out.add(MultiExitFixtures.generated(100 + t, 2 + t % 5, 6 + t % 8, slowdowns[t % 3]));
        }
        MultiExitInstance a = MultiExitFixtures.generated(200, 5, 9, 10);
        out.add(new MultiExitInstance("latency-only", "", a.dnn(), a.devices(), a.edgeSpeedFlopsPerSecond(), 1, 0,
                a.defaultExits()));
        out.add(new MultiExitInstance("energy-only", "", a.dnn(), a.devices(), a.edgeSpeedFlopsPerSecond(), 0, 1,
                a.defaultExits()));
        return out;
    }

    @Test
    void seededRandomInstancesAgreeWithBruteForce() {
        int freeInReducedModels = 0;
        for (MultiExitInstance inst : randomInstances()) {
            double optimum = optimum(inst);
            for (var solver : registered()) {
                SolveResult<MultiExitPlan> r = solver.solve(inst, SETTINGS);
                assertThat(r.status()).as(solver.name() + " on " + inst.name() + ": " + r.message())
                        .isEqualTo(SolveStatus.OPTIMAL);
                assertAgrees(inst, solver, r, optimum);
                if (solver == cpSat) {
                    freeInReducedModels += (int) r.statistics().get("freeDevices");
                }
            }
            for (var solver : raw()) {
                SolveResult<MultiExitPlan> r = solver.solve(inst, SETTINGS);
                assertAgrees(inst, solver, r, optimum);
                assertThat((double) r.statistics().get("gap")).as(solver.name() + " " + inst.name())
                        .isLessThanOrEqualTo(REL);
            }
        }
        // The reductions must not have made every model trivial, or the reduced formulations were never tested.
        assertThat(freeInReducedModels).isGreaterThan(5);
    }

    @Test
    void theScalingErrorBoundCoversEveryVector() {
        for (int t = 0; t < 4; t++) {
            MultiExitInstance inst = MultiExitFixtures.generated(300 + t, 4, 8, 10);
            MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
            for (SplitChoices.Reduction reduction : SplitChoices.Reduction.values()) {
                SplitChoices choices = SplitChoices.of(model, reduction, Deadline.none());
                for (long range : new long[] {1L << 24, 1L << 40, ScaledSplitCosts.DEFAULT_RANGE}) {
                    ScaledSplitCosts scaled = ScaledSplitCosts.of(choices, range);
                    int[] options = new int[choices.deviceCount()];
                    int checked = 0;
                    do {
                        double cost = choices.cost(options);
                        double difference = scaled.toCost(scaled.integerObjective(options)) - cost;
                        assertThat(difference).as("below").isGreaterThanOrEqualTo(-scaled.errorBelow());
                        if (cost <= choices.incumbentCost()) {
                            assertThat(difference).as("above").isLessThanOrEqualTo(scaled.errorAbove());
                        }
                        checked++;
                    } while (next(options, choices));
                    assertThat(checked).isPositive();
                    // The coarse range gives a visibly larger error than the default one.
                    if (range == (1L << 24)) {
                        assertThat(scaled.errorBound()).isGreaterThan(1e-6 * choices.incumbentCost());
                    }
                }
            }
        }
    }

    private static boolean next(int[] options, SplitChoices choices) {
        for (int i = options.length - 1; i >= 0; i--) {
            if (++options[i] < choices.optionCount(i)) {
                return true;
            }
            options[i] = 0;
        }
        return false;
    }

    @Test
    void aCoarseScaleIsReportedAsFeasibleWithAnHonestBound() {
        MultiExitInstance inst = MultiExitFixtures.generated(104, 6, 10, 30);
        double optimum = optimum(inst);
        CpSatSplitSolver coarse = new CpSatSplitSolver("cp-sat-coarse", SplitChoices.Reduction.NONE,
                CpSatSplitSolver.DEFAULT_RELATIVE_TOLERANCE, 1L << 24);
        SolveResult<MultiExitPlan> r = coarse.solve(inst, SETTINGS);
        assertThat(r.statistics().get("cpSatStatus")).isEqualTo("OPTIMAL");
        assertThat(r.status()).as(r.message()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(r.message()).contains("scaling error");
        assertThat(r.bound()).isLessThanOrEqualTo(optimum * (1 + FP));
        // An integer optimum is within ε↑ + ε↓ of the true optimum.
        double error = (double) r.statistics().get("scalingErrorAbove") + (double) r.statistics().get("scalingErrorBelow");
        assertThat(r.solverObjective() - optimum).isLessThanOrEqualTo(error);
        assertThat(r.solverObjective()).isCloseTo(MultiExitEvaluator.evaluate(inst, r.plan()).cost(),
                within(1e-9 * r.solverObjective()));
    }

    @Test
    void devicesWithoutBandwidthStayLocal() {
        MultiExitInstance base = MultiExitFixtures.generated(42, 4, 13, 10);
        MultiExitInstance offline = base.withBandwidth("offline", 0);
        List<Device> devices = new ArrayList<>(base.devices());
        devices.set(1, devices.get(1).withBandwidth(0));
        MultiExitInstance mixed = new MultiExitInstance("mixed", "", base.dnn(), devices,
                base.edgeSpeedFlopsPerSecond(), base.latencyWeight(), base.energyWeight(), base.defaultExits());
        // The same with a 0-byte input and a 0-byte activation: a free transfer once made the unreachable edge usable.
        MultiExitDnn d = base.dnn();
        double[] flops = new double[d.layerCount()];
        double[] bytes = new double[d.layerCount()];
        double[] branches = new double[d.layerCount()];
        for (int j = 1; j <= d.layerCount(); j++) {
            flops[j - 1] = d.layerFlops(j);
            bytes[j - 1] = j == 3 ? 0 : d.outputBytes(j);
            branches[j - 1] = d.exitBranchFlops(j);
        }
        MultiExitDnn zero = new MultiExitDnn("zero-bytes", 0, d.layerNames(), flops, bytes, branches);
        MultiExitInstance zeroBytes = new MultiExitInstance("zero-bytes", "", zero, devices,
                base.edgeSpeedFlopsPerSecond(), base.latencyWeight(), base.energyWeight(), base.defaultExits());
        for (MultiExitInstance inst : List.of(offline, mixed, zeroBytes)) {
            double optimum = optimum(inst);
            MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
            List<Solver<MultiExitInstance, MultiExitPlan>> all = new ArrayList<>(registered());
            all.addAll(raw());
            for (var solver : all) {
                SolveResult<MultiExitPlan> r = solver.solve(inst, SETTINGS);
                assertThat(r.status()).as(solver.name() + " " + r.message()).isEqualTo(SolveStatus.OPTIMAL);
                assertAgrees(inst, solver, r, optimum);
                for (int i = 0; i < inst.deviceCount(); i++) {
                    if (inst.devices().get(i).bandwidthBitsPerSecond() == 0) {
                        assertThat(model.needsEdge(i, r.plan().split(i))).as(solver.name()).isFalse();
                        assertThat(model.transferSeconds(i, r.plan().split(i))).isZero();
                        assertThat(r.plan().share(i)).isZero();
                    }
                }
            }
        }
        // Every device offline: nothing left to choose, device-only is the only plan.
        SolveResult<MultiExitPlan> r = cpSat.solve(offline, SETTINGS);
        assertThat(r.statistics().get("freeDevices")).isEqualTo(0);
    }

    @Test
    void aTinyTimeLimitStillGivesAFeasiblePlanAndAnHonestBound() {
        MultiExitInstance inst = MultiExitFixtures.generated(7, 30, 13, 30);
        double optimum = bb.solve(inst, SETTINGS).solverObjective();
        SolverSettings tiny = SETTINGS.withTimeLimit(1e-6);
        for (var solver : List.of(cpSat, scip, highs, cpSatRaw, scipRaw)) {
            SolveResult<MultiExitPlan> r = solver.solve(inst, tiny);
            assertThat(r.status()).as(solver.name()).isIn(SolveStatus.FEASIBLE, SolveStatus.OPTIMAL);
            assertThat(MultiExitEvaluator.evaluate(inst, r.plan()).feasible()).isTrue();
            assertThat(r.solverObjective()).isCloseTo(MultiExitEvaluator.evaluate(inst, r.plan()).cost(),
                    within(1e-9 * r.solverObjective()));
            assertThat(r.solverObjective()).isGreaterThanOrEqualTo(optimum * (1 - FP));
            assertThat(r.bound()).as(solver.name()).isLessThanOrEqualTo(optimum * (1 + FP));
            if (r.status() == SolveStatus.FEASIBLE) {
                assertThat(r.message()).containsIgnoringCase("time limit");
            }
        }
    }

    @Test
    void theSameSeedGivesTheSamePlan() {
        MultiExitInstance inst = MultiExitFixtures.generated(11, 12, 13, 10);
        for (var solver : List.of(cpSat, scip, highs, cpSatRaw)) {
            SolveResult<MultiExitPlan> first = solver.solve(inst, SETTINGS);
            SolveResult<MultiExitPlan> second = solver.solve(inst, SETTINGS);
            assertThat(second.plan()).as(solver.name()).isEqualTo(first.plan());
            assertThat(second.bound()).as(solver.name()).isEqualTo(first.bound());
        }
    }

    @Test
    void aMissingBackendIsReportedNotThrown() {
        MilpSplitSolver missing = new MilpSplitSolver("milp-missing", MilpSplitSolver.Backend.HIGHS,
                "NO_SUCH_SOLVER", SplitChoices.Reduction.NONE, MilpSplitSolver.DEFAULT_RELATIVE_TOLERANCE);
        SolveResult<MultiExitPlan> r = missing.solve(MultiExitFixtures.generated(1, 3, 5, 10), SETTINGS);
        assertThat(r.status()).isEqualTo(SolveStatus.FAILED);
        assertThat(r.plan()).isNull();
        assertThat(r.message()).contains("NO_SUCH_SOLVER is not available");
    }

    @Test
    void warmStartAndReductionsKeepAnOptimalVector() {
        for (MultiExitInstance inst : randomInstances()) {
            SolveResult<MultiExitPlan> oracle = brute.solve(inst, SETTINGS);
            double optimum = oracle.solverObjective();
            MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
            SplitChoices choices = SplitChoices.of(model, SplitChoices.Reduction.DOMINANCE_AND_BOUND, Deadline.none());
            assertThat(choices.incumbentCost()).isGreaterThanOrEqualTo(optimum * (1 - FP));
            assertThat(choices.simpleLowerBound()).isLessThanOrEqualTo(optimum * (1 + FP));
            assertThat(OptimalShares.costForSplits(model, choices.splitsOf(choices.incumbentOptions())))
                    .isCloseTo(choices.incumbentCost(), within(1e-12 * choices.incumbentCost()));
            double hOptimal = 0;
            for (int i = 0; i < inst.deviceCount(); i++) {
                hOptimal += model.h(i, oracle.plan().split(i));
            }
            assertThat(choices.hCap()).isGreaterThanOrEqualTo(hOptimal);
            // Enumerating the kept options finds the optimum: the reductions dropped no needed option.
            double best = Double.POSITIVE_INFINITY;
            int[] options = new int[choices.deviceCount()];
            do {
                best = Math.min(best, choices.cost(options));
            } while (next(options, choices));
            assertThat(best).as(inst.name()).isCloseTo(optimum, within(FP * optimum));
        }
    }

    @Test
    void nearCopiesWithASlowEdgeAreSolvedByEveryFormulation() {
        // Seven near-identical devices sharing a slow edge: symmetric, and once rejected by CP-SAT's presolve as a
        // possible overflow when the objective used per-device cost variables.
        MultiExitInstance inst = MultiExitFixtures.generatedNearCopies(3, 7, 13, 1e-3, 0.05);
        double optimum = optimum(inst);
        List<Solver<MultiExitInstance, MultiExitPlan>> all = new ArrayList<>(registered());
        all.addAll(raw());
        for (var solver : all) {
            SolveResult<MultiExitPlan> r = solver.solve(inst, SETTINGS);
            assertAgrees(inst, solver, r, optimum);
            assertThat((double) r.statistics().getOrDefault("gap", 0.0)).as(solver.name()).isLessThanOrEqualTo(REL);
        }
    }

    @Test
    void aRangeBeyondCpSatsLimitsFailsWithAReason() {
        CpSatSplitSolver tooWide = new CpSatSplitSolver("cp-sat-wide", SplitChoices.Reduction.NONE,
                CpSatSplitSolver.DEFAULT_RELATIVE_TOLERANCE, Long.MAX_VALUE - 1);
        SolveResult<MultiExitPlan> r = tooWide.solve(MultiExitFixtures.generatedNearCopies(3, 7, 13, 1e-3, 0.05), SETTINGS);
        assertThat(r.status()).isEqualTo(SolveStatus.FAILED);
        assertThat(r.plan()).isNull();
        assertThat(r.message()).startsWith("CP-SAT rejected the model: ").contains("overflow");
    }

    @Test
    void theFormulationsAreRegistered() {
        SolverRegistry registry = SolverRegistry.load();
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "cp-sat")).isInstanceOf(CpSatSplitSolver.class);
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "milp-scip")).isInstanceOf(MilpScipSplitSolver.class);
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "milp-highs")).isInstanceOf(MilpHighsSplitSolver.class);
        // solver-core's own services file is still read next to this module's.
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "exact-bb")).isInstanceOf(MultiExitBranchAndBoundSolver.class);
    }
}
