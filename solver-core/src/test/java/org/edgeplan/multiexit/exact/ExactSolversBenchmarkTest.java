package org.edgeplan.multiexit.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.testing.LongTest;
import org.edgeplan.testing.MultiExitFixtures;

/**
 * The exact solvers of problem A on large instances (N = 13 layers, up to M = 1000 devices), opt-in because it takes
 * minutes: {@code mvn -B -q -pl solver-core test -Dtest=ExactSolversBenchmarkTest -Dedgeplan.longTests=true}.
 *
 * <p>It asserts what holds whatever the machine's speed: exact-bb proves optimality on random instances and agrees
 * with brute force (M ≤ 7); every ablation variant of its search ({@link SearchVariant}: the Pareto search without
 * an ingredient, the depth-first oracle) finds the production search's optimum when it completes and never claims
 * a better plan or a bound above the optimum when its 10 s run out; on near copies and slower edges exact-bb's
 * plans are scored alike by the evaluator and its bounds never exceed its objectives; exact-joint is never worse
 * than exact-bb's default exit set when both are optimal.
 *
 * <p>For reading, it also prints the times, node counts and gaps (the ablation's table is the one behind the Pareto
 * search's Javadoc). Times are never asserted.
 */
@LongTest
class ExactSolversBenchmarkTest {
    private static final int N = 13;
    private static final double REL = 1e-9;
    private static final long ABLATION_LIMIT_NANOS = 10_000_000_000L;

    private static final SolverSettings SETTINGS = SolverSettings.defaults().withTimeLimit(60);
    private static final MultiExitBranchAndBoundSolver BB = new MultiExitBranchAndBoundSolver();
    private static final BruteForceSolver BRUTE = new BruteForceSolver();

    @BeforeAll
    static void warmUp() {
        for (int w = 0; w < 30; w++) { // JIT warm-up, so that the printed times mean something
            BB.solve(MultiExitFixtures.random(900 + w, 50, N), SETTINGS);
            BRUTE.solve(MultiExitFixtures.random(900 + w, 4, N), SETTINGS);
        }
    }

    @Test
    void branchAndBoundIsOptimalOnRandomInstancesAndMatchesBruteForce() {
        System.out.println("M seed | bb ms status nodes free optsFinite optsDom optsFixed rootGap gap | brute ms");
        for (int m : new int[] {5, 7, 10, 20, 50, 100, 1000}) {
            int seeds = m == 7 ? 3 : 5;
            for (int seed = 1; seed <= seeds; seed++) {
                MultiExitInstance inst = MultiExitFixtures.random(seed, m, N);
                SolveResult<MultiExitPlan> r = BB.solve(inst, SETTINGS);
                assertSound(inst, r);
                assertThat(r.status()).as(inst.name()).isEqualTo(SolveStatus.OPTIMAL);
                String bruteMs = "-";
                if (m <= 7) {
                    SolveResult<MultiExitPlan> b = BRUTE.solve(inst, SETTINGS);
                    assertThat(b.status()).as(inst.name()).isEqualTo(SolveStatus.OPTIMAL);
                    assertThat(r.solverObjective()).as(inst.name())
                            .isCloseTo(b.solverObjective(), within(REL * b.solverObjective()));
                    bruteMs = String.format(Locale.ROOT, "%.1f", b.wallSeconds() * 1e3);
                }
                var s = r.statistics();
                System.out.printf(Locale.ROOT, "%4d %2d | %8.2f %-8s %7s %4s %5s %5s %5s %.2e %.2e | %s%n", m, seed,
                        r.wallSeconds() * 1e3, r.status().label(), s.get("nodes"), s.get("freeDevices"),
                        s.get("finiteOptions"), s.get("optionsAfterDominance"), s.get("optionsAfterFixing"),
                        rootGap(r), gap(r), bruteMs);
            }
        }
    }

    @Test
    void everyAblationVariantAgreesWithTheProductionSearch() {
        List<SearchVariant> variants = List.of(SearchVariant.FULL,
                SearchVariant.depthFirst("DFS", true, true, true),
                SearchVariant.pareto("no fixing", false, true, true),
                SearchVariant.pareto("no node-λ", true, false, true),
                SearchVariant.pareto("no heuristic", true, true, false),
                SearchVariant.depthFirst("simple bounds only (DFS)", false, false, true));
        System.out.println("ablation (ms, nodes; limit 10 s each): M seed | " + String.join(" | ",
                variants.stream().map(SearchVariant::name).toList()));
        for (int m : new int[] {10, 20, 50, 100, 1000, -20, -50, -100, -1000}) {
            for (int seed = 1; seed <= 3; seed++) {
                // Negative M: near copies with spread 1e-3 (the hard family).
                MultiExitInstance inst = m > 0 ? MultiExitFixtures.random(seed, m, N)
                        : MultiExitFixtures.nearCopies(seed, -m, N, 1e-3);
                MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
                SplitBranchAndBound.Result optimum = SplitBranchAndBound.solve(model, Double.POSITIVE_INFINITY,
                        Deadline.after(ABLATION_LIMIT_NANOS / 1e9));
                assertThat(optimum.complete()).as(inst.name()).isTrue();
                double best = optimum.objective();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d %2d", m, seed));
                for (SearchVariant variant : variants) {
                    long t0 = System.nanoTime();
                    SplitBranchAndBound.Result r = variant.solve(model, Double.POSITIVE_INFINITY,
                            Deadline.after(ABLATION_LIMIT_NANOS / 1e9));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    String what = inst.name() + " " + variant;
                    assertThat(OptimalShares.costForSplits(model, r.splits())).as(what)
                            .isCloseTo(r.objective(), within(REL * r.objective()));
                    assertThat(r.objective()).as(what).isGreaterThanOrEqualTo(best * (1 - REL));
                    assertThat(r.lowerBound()).as(what).isLessThanOrEqualTo(best * (1 + REL));
                    if (r.complete()) {
                        assertThat(r.objective()).as(what).isCloseTo(best, within(REL * best));
                    }
                    String gap = r.complete() ? "" : String.format(Locale.ROOT, " gap %.1e",
                            (r.objective() - r.lowerBound()) / r.objective());
                    line.append(String.format(Locale.ROOT, " | %8.2f %9d%s", ms, r.nodes(), gap));
                }
                System.out.println(line);
            }
        }
    }

    @Test
    void branchAndBoundIsSoundOnNearCopiesAndSlowEdges() {
        SolverSettings tenSeconds = SETTINGS.withTimeLimit(10);
        System.out.println("near copies (exact-bb, 10 s limit): M spread | ms status nodes free rootGap gap");
        for (int m : new int[] {10, 20, 50, 100, 1000}) {
            for (double spread : new double[] {0, 1e-3, 1e-2, 0.1}) {
                MultiExitInstance inst = MultiExitFixtures.nearCopies(1, m, N, spread);
                SolveResult<MultiExitPlan> r = BB.solve(inst, tenSeconds);
                assertSound(inst, r);
                var s = r.statistics();
                System.out.printf(Locale.ROOT, "%4d %6.0e | %9.2f %-8s %9s %4s %.2e %.2e%n", m, spread,
                        r.wallSeconds() * 1e3, r.status().label(), s.get("nodes"), s.get("freeDevices"), rootGap(r),
                        gap(r));
            }
        }
        System.out.println("slower edge (F / factor; exact-bb, 10 s limit): M factor seed | ms status nodes free"
                + " rootGap gap");
        for (int m : new int[] {100, 1000}) {
            for (double factor : new double[] {10, 100, 1000}) {
                for (int seed = 1; seed <= 3; seed++) {
                    MultiExitInstance r0 = MultiExitFixtures.random(seed, m, N);
                    MultiExitInstance inst = new MultiExitInstance(r0.name(), "", r0.dnn(), r0.devices(),
                            r0.edgeSpeedFlopsPerSecond() / factor, 0.5, 0.5, r0.defaultExits());
                    SolveResult<MultiExitPlan> r = BB.solve(inst, tenSeconds);
                    assertSound(inst, r);
                    var s = r.statistics();
                    System.out.printf(Locale.ROOT, "%4d %5.0f %d | %9.2f %-8s %9s %4s %.2e %.2e%n", m, factor, seed,
                            r.wallSeconds() * 1e3, r.status().label(), s.get("nodes"), s.get("freeDevices"),
                            rootGap(r), gap(r));
                }
            }
        }
    }

    @Test
    void jointIsNeverWorseThanTheDefaultExitSet() {
        JointExitSplitSolver joint = new JointExitSplitSolver();
        System.out.println("exact-joint: M seed | ms status sets solved bounded-nodes nodes");
        for (int m : new int[] {5, 20, 100, 1000}) {
            MultiExitInstance inst = MultiExitFixtures.random(1, m, N);
            SolveResult<MultiExitPlan> r = joint.solve(inst, SETTINGS);
            assertSound(inst, r);
            SolveResult<MultiExitPlan> defaultExits = BB.solve(inst, SETTINGS);
            if (r.status() == SolveStatus.OPTIMAL && defaultExits.status() == SolveStatus.OPTIMAL) {
                assertThat(r.solverObjective()).as(inst.name())
                        .isLessThanOrEqualTo(defaultExits.solverObjective() * (1 + REL));
            }
            var s = r.statistics();
            System.out.printf(Locale.ROOT, "%4d  1 | %9.1f %-8s %s %s %s %s%n", m, r.wallSeconds() * 1e3,
                    r.status().label(), s.get("exitSets"), s.get("exitSetsSolved"), s.get("exitSetNodesBounded"),
                    s.get("nodes"));
            if (r.status() != SolveStatus.OPTIMAL) {
                System.out.println("   " + r.message());
            }
        }
    }

    /**
     * A plan that the evaluator accepts at the solver's own cost, a bound no larger than the objective, and, when the
     * status is optimal, a bound within the search's tolerance of it.
     */
    private static void assertSound(MultiExitInstance inst, SolveResult<MultiExitPlan> r) {
        assertThat(r.status()).as(inst.name()).isIn(SolveStatus.OPTIMAL, SolveStatus.FEASIBLE);
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(inst, r.plan());
        assertThat(e.violations()).as(inst.name()).isEmpty();
        assertThat(e.cost()).as(inst.name()).isCloseTo(r.solverObjective(), within(REL * r.solverObjective()));
        assertThat(r.bound()).as(inst.name()).isLessThanOrEqualTo(r.solverObjective());
        if (r.status() == SolveStatus.OPTIMAL) {
            assertThat(r.bound()).as(inst.name()).isGreaterThanOrEqualTo(r.solverObjective() * (1 - REL));
        }
    }

    private static double rootGap(SolveResult<MultiExitPlan> r) {
        var s = r.statistics();
        return ((double) s.get("heuristicObjective") - (double) s.get("rootLowerBound")) / r.solverObjective();
    }

    private static double gap(SolveResult<MultiExitPlan> r) {
        return (r.solverObjective() - r.bound()) / r.solverObjective();
    }
}
