package org.edgeplan.multiexit.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.testing.MultiExitFixtures;

class ExactSolversTest {
    private static final double REL = 1e-9;
    private final SolverSettings settings = SolverSettings.defaults().withTimeLimit(30);
    private final BruteForceSolver brute = new BruteForceSolver();
    private final MultiExitBranchAndBoundSolver bb = new MultiExitBranchAndBoundSolver();
    private final JointExitSplitSolver joint = new JointExitSplitSolver();

    /** 60 seeded instances, M in 1..5, N in 2..8. */
    private static List<MultiExitInstance> smallInstances() {
        SplittableRandom rnd = new SplittableRandom(2025);
        List<MultiExitInstance> out = new ArrayList<>();
        for (int t = 0; t < 60; t++) {
            out.add(MultiExitFixtures.random(1000 + t, 1 + rnd.nextInt(5), 2 + rnd.nextInt(7)));
        }
        return out;
    }

    private static void assertRelClose(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(REL * Math.abs(expected)));
    }

    private static void assertEvaluatorAgrees(MultiExitInstance inst, SolveResult<MultiExitPlan> r) {
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(inst, r.plan());
        assertThat(e.violations()).isEmpty();
        assertRelClose(e.cost(), r.solverObjective());
    }

    @Test
    void branchAndBoundMatchesBruteForce() {
        List<MultiExitInstance> instances = new ArrayList<>(smallInstances());
        for (int t = 0; t < 15; t++) {
            instances.add(MultiExitFixtures.nearCopies(700 + t, 3 + t % 4, 4 + t % 5, t % 2 == 0 ? 0 : 1e-3));
        }
        for (MultiExitInstance inst : instances) {
            SolveResult<MultiExitPlan> oracle = brute.solve(inst, settings);
            SolveResult<MultiExitPlan> exact = bb.solve(inst, settings);
            assertThat(oracle.status()).isEqualTo(SolveStatus.OPTIMAL);
            assertThat(exact.status()).as(inst.name()).isEqualTo(SolveStatus.OPTIMAL);
            assertRelClose(exact.solverObjective(), oracle.solverObjective());
            assertThat(exact.bound()).isLessThanOrEqualTo(oracle.solverObjective() * (1 + REL));
            assertThat(exact.bound()).isGreaterThanOrEqualTo(exact.solverObjective() * (1 - REL));
            assertThat(exact.plan().exits()).isEqualTo(inst.defaultExits());
            assertEvaluatorAgrees(inst, oracle);
            assertEvaluatorAgrees(inst, exact);
        }
    }

    @Test
    void everySearchConfigurationMatchesBruteForce() {
        List<SearchVariant> variants = List.of(SearchVariant.FULL,
                SearchVariant.depthFirst("DFS", true, true, true),
                SearchVariant.pareto("no fixing", false, true, true),
                SearchVariant.depthFirst("DFS, no fixing, no heuristic", false, true, false),
                SearchVariant.pareto("no fixing, no heuristic", false, true, false),
                SearchVariant.pareto("no node-λ, no heuristic", true, false, false),
                SearchVariant.depthFirst("DFS, nothing", false, false, false));
        List<MultiExitInstance> instances = new ArrayList<>(smallInstances().subList(0, 30));
        for (int t = 0; t < 20; t++) {
            instances.add(MultiExitFixtures.nearCopies(300 + t, 2 + t % 5, 3 + t % 6, t % 3 == 0 ? 0 : 1e-3));
        }
        Deadline deadline = Deadline.after(60);
        for (MultiExitInstance inst : instances) {
            double optimum = brute.solve(inst, settings).solverObjective();
            MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
            for (SearchVariant c : variants) {
                SplitBranchAndBound.Result r = c.solve(model, Double.POSITIVE_INFINITY, deadline);
                assertThat(r.complete()).isTrue();
                assertRelClose(r.objective(), optimum);
                assertRelClose(org.edgeplan.multiexit.OptimalShares.costForSplits(model, r.splits()), optimum);
                assertThat(r.lowerBound()).as(inst.name() + " " + c).isLessThanOrEqualTo(optimum * (1 + REL));
            }
            // A cutoff at the optimum leaves nothing to find, and the search still completes.
            SplitBranchAndBound.Result cut = SplitBranchAndBound.solve(model, optimum * (1 - 1e-6), deadline);
            assertThat(cut.splits()).isNull();
            assertThat(cut.complete()).isTrue();
        }
    }

    @Test
    void timeLimitGivesAFeasiblePlanAndAValidBound() {
        MultiExitInstance inst = MultiExitFixtures.nearCopies(1, 50, 13, 1e-3);
        double optimum = bb.solve(inst, settings).solverObjective();
        SolveResult<MultiExitPlan> r = bb.solve(inst, settings.withTimeLimit(1e-9));
        assertThat(r.status()).isIn(SolveStatus.FEASIBLE, SolveStatus.OPTIMAL);
        assertEvaluatorAgrees(inst, r);
        assertThat(r.bound()).isLessThanOrEqualTo(optimum * (1 + REL));
        assertThat(r.solverObjective()).isGreaterThanOrEqualTo(optimum * (1 - REL));
    }

    @Test
    void jointUnderATinyTimeLimitStillReturnsAFeasiblePlanAndAValidBound() {
        MultiExitInstance inst = MultiExitFixtures.random(31, 5, 10);
        SolveResult<MultiExitPlan> full = joint.solve(inst, settings);
        SolveResult<MultiExitPlan> r = joint.solve(inst, settings.withTimeLimit(1e-9));
        assertThat(r.status()).isIn(SolveStatus.FEASIBLE, SolveStatus.OPTIMAL);
        assertEvaluatorAgrees(inst, r);
        assertThat(r.bound()).isLessThanOrEqualTo(full.solverObjective() * (1 + REL));
        assertThat(r.solverObjective()).isGreaterThanOrEqualTo(full.solverObjective() * (1 - REL));
    }

    @Test
    void lagrangianBoundNeverExceedsTheOptimum() {
        for (MultiExitInstance inst : smallInstances()) {
            double optimum = brute.solve(inst, settings).solverObjective();
            LagrangianBound lb = LagrangianBound.of(new MultiExitCostModel(inst, inst.defaultExits()));
            assertThat(lb.lambda()).isGreaterThanOrEqualTo(0);
            assertThat(lb.value()).as(inst.name()).isLessThanOrEqualTo(optimum * (1 + 1e-12));
        }
    }

    @Test
    void jointMatchesBruteForceOverAllExitSets() {
        SplittableRandom rnd = new SplittableRandom(77);
        for (int t = 0; t < 50; t++) {
            MultiExitInstance inst = MultiExitFixtures.random(5000 + t, 1 + rnd.nextInt(4), 2 + rnd.nextInt(6));
            int n = inst.layerCount();
            double best = Double.POSITIVE_INFINITY;
            for (long mask = 0; mask < (1L << (n - 1)); mask++) {
                ExitSet exits = ExitSet.fromMask(n, mask << 1);
                best = Math.min(best, brute.solve(inst.withDefaultExits(exits), settings).solverObjective());
            }
            SolveResult<MultiExitPlan> r = joint.solve(inst, settings);
            assertThat(r.status()).as(inst.name()).isEqualTo(SolveStatus.OPTIMAL);
            assertRelClose(r.solverObjective(), best);
            assertEvaluatorAgrees(inst, r);
        }
    }

    @Test
    void zeroBandwidthDevicesRunEverythingLocally() {
        MultiExitInstance base = MultiExitFixtures.random(42, 4, 7);
        MultiExitInstance offline = base.withBandwidth("offline", 0);
        for (var solver : List.of(bb, brute, joint)) {
            SolveResult<MultiExitPlan> r = solver.solve(offline, settings);
            assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
            assertEvaluatorAgrees(offline, r);
            MultiExitCostModel model = new MultiExitCostModel(offline, r.plan().exits());
            for (int i = 0; i < 4; i++) {
                assertThat(model.needsEdge(i, r.plan().split(i))).isFalse();
                assertThat(model.transferSeconds(i, r.plan().split(i))).isZero();
            }
        }
        // One device offline, the others connected: that one stays local, the optimum still matches.
        List<Device> devices = new ArrayList<>(base.devices());
        devices.set(1, devices.get(1).withBandwidth(0));
        MultiExitInstance mixed = new MultiExitInstance("mixed", "", base.dnn(), devices,
                base.edgeSpeedFlopsPerSecond(), base.latencyWeight(), base.energyWeight(), base.defaultExits());
        SolveResult<MultiExitPlan> r = bb.solve(mixed, settings);
        assertRelClose(r.solverObjective(), brute.solve(mixed, settings).solverObjective());
        assertThat(new MultiExitCostModel(mixed, mixed.defaultExits()).needsEdge(1, r.plan().split(1))).isFalse();
    }

    @Test
    void extremeWeightsAreSolvedExactly() {
        for (int t = 0; t < 10; t++) {
            MultiExitInstance r0 = MultiExitFixtures.random(880 + t, 1 + t % 5, 3 + t % 5);
            for (double[] w : new double[][] {{0, 1}, {1, 0}, {1e-6, 1}}) {
                MultiExitInstance inst = new MultiExitInstance(r0.name(), "", r0.dnn(), r0.devices(),
                        r0.edgeSpeedFlopsPerSecond(), w[0], w[1], r0.defaultExits());
                SolveResult<MultiExitPlan> r = bb.solve(inst, settings);
                assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
                assertRelClose(r.solverObjective(), brute.solve(inst, settings).solverObjective());
                assertEvaluatorAgrees(inst, r);
                SolveResult<MultiExitPlan> j = joint.solve(inst, settings);
                assertThat(j.status()).isEqualTo(SolveStatus.OPTIMAL);
                assertThat(j.solverObjective()).isLessThanOrEqualTo(r.solverObjective() * (1 + REL));
                assertThat(j.bound()).isLessThanOrEqualTo(j.solverObjective());
                assertEvaluatorAgrees(inst, j);
            }
        }
    }

    @Test
    void sameSeedGivesSamePlan() {
        MultiExitInstance inst = MultiExitFixtures.random(9, 30, 13);
        assertThat(bb.solve(inst, settings).plan()).isEqualTo(bb.solve(MultiExitFixtures.random(9, 30, 13), settings).plan());
        MultiExitInstance small = MultiExitFixtures.random(10, 3, 6);
        assertThat(joint.solve(small, settings).plan()).isEqualTo(joint.solve(small, settings).plan());
    }

    @Test
    void identicalDevicesAreSolvedDespiteSymmetry() {
        MultiExitInstance one = MultiExitFixtures.random(3, 1, 8);
        List<Device> copies = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Device d = one.devices().get(0);
            copies.add(new Device("c" + i, d.speedFlopsPerSecond(), d.computePowerWatts(), d.transmitPowerWatts(),
                    d.bandwidthBitsPerSecond(), d.exitProbabilities()));
        }
        MultiExitInstance inst = new MultiExitInstance("copies", "", one.dnn(), copies, one.edgeSpeedFlopsPerSecond(),
                0.5, 0.5, one.defaultExits());
        SolveResult<MultiExitPlan> r = bb.solve(inst, settings);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertRelClose(r.solverObjective(), brute.solve(inst, settings).solverObjective());
    }

    @Test
    void largerInstanceIsProvenAndBeatsTheBaselines() {
        MultiExitInstance inst = MultiExitFixtures.random(123, 60, 13);
        SolveResult<MultiExitPlan> r = bb.solve(inst, settings);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertEvaluatorAgrees(inst, r);
        assertThat(r.bound()).isGreaterThanOrEqualTo(r.solverObjective() * (1 - REL));
        double lagrangian = LagrangianBound.of(new MultiExitCostModel(inst, inst.defaultExits())).value();
        assertThat(lagrangian).isLessThanOrEqualTo(r.solverObjective() * (1 + 1e-12));
    }

    @Test
    void bruteForceRefusesHugeEnumerations() {
        SolveResult<MultiExitPlan> r = brute.solve(MultiExitFixtures.random(5, 12, 13), settings);
        assertThat(r.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(r.plan()).isNull();
        assertThat(r.message()).contains("refuses");
    }

    @Test
    void solversAreRegistered() {
        SolverRegistry registry = SolverRegistry.load();
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "brute-force")).isInstanceOf(BruteForceSolver.class);
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "exact-bb")).isInstanceOf(MultiExitBranchAndBoundSolver.class);
        assertThat(registry.find(ProblemKind.MULTI_EXIT, "exact-joint")).isInstanceOf(JointExitSplitSolver.class);
    }
}
