package org.edgeplan.multiexit.exact;

import java.util.Locale;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitFixtures;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Evaluation harness, opt-in: {@code mvn -pl solver-core test -Dtest=ExactSolversBenchmarkTest
 * -Dedgeplan.longTests=true}. Prints the times of brute force and exact-bb on random instances with N = 13 layers and
 * an ablation of the branch-and-bound ingredients. It asserts nothing about time.
 */
class ExactSolversBenchmarkTest {
    private static final int N = 13;

    @Test
    void printTimes() {
        Assumptions.assumeTrue("true".equals(System.getProperty("edgeplan.longTests")), "edgeplan.longTests not set");
        SolverSettings settings = SolverSettings.defaults().withTimeLimit(60);
        MultiExitBranchAndBoundSolver bb = new MultiExitBranchAndBoundSolver();
        BruteForceSolver brute = new BruteForceSolver();
        for (int w = 0; w < 30; w++) { // JIT warm-up
            bb.solve(MultiExitFixtures.random(900 + w, 50, N), settings);
            brute.solve(MultiExitFixtures.random(900 + w, 4, N), settings);
        }
        System.out.println("M seed | bb ms status nodes free optsFinite optsDom optsFixed rootGap gap | brute ms");
        for (int m : new int[] {5, 7, 10, 20, 50, 100, 1000}) {
            int seeds = m == 7 ? 3 : 5;
            for (int seed = 1; seed <= seeds; seed++) {
                MultiExitInstance inst = MultiExitFixtures.random(seed, m, N);
                SolveResult<MultiExitPlan> r = bb.solve(inst, settings);
                String bruteMs = "-";
                if (m <= 7) {
                    SolveResult<MultiExitPlan> b = brute.solve(inst, settings);
                    bruteMs = String.format(Locale.ROOT, "%.1f%s", b.wallSeconds() * 1e3,
                            Math.abs(b.solverObjective() - r.solverObjective()) <= 1e-9 * b.solverObjective() ? ""
                                    : " MISMATCH");
                }
                var s = r.statistics();
                double rootGap = ((double) s.get("heuristicObjective") - (double) s.get("rootLowerBound"))
                        / r.solverObjective();
                System.out.printf(Locale.ROOT, "%4d %2d | %8.2f %-8s %7s %4s %5s %5s %5s %.2e %.2e | %s%n", m, seed,
                        r.wallSeconds() * 1e3, r.status().label(), s.get("nodes"), s.get("freeDevices"),
                        s.get("finiteOptions"), s.get("optionsAfterDominance"), s.get("optionsAfterFixing"), rootGap,
                        (r.solverObjective() - r.bound()) / r.solverObjective(), bruteMs);
            }
        }
        System.out.println("ablation (ms, nodes; time limit 10 s): M seed | full (Pareto) | DFS | no fixing |"
                + " no node-λ | no heuristic | simple bounds only (DFS)");
        SearchVariant[] configs = {SearchVariant.FULL,
            SearchVariant.depthFirst("DFS", true, true, true),
            SearchVariant.pareto("no fixing", false, true, true),
            SearchVariant.pareto("no node-λ", true, false, true),
            SearchVariant.pareto("no heuristic", true, true, false),
            SearchVariant.depthFirst("simple bounds only (DFS)", false, false, true)};
        for (int m : new int[] {10, 20, 50, 100, 1000, -20, -50, -100, -1000}) {
            for (int seed = 1; seed <= 3; seed++) {
                // Negative M: near copies with spread 1e-3 (the hard family).
                MultiExitInstance inst = m > 0 ? MultiExitFixtures.random(seed, m, N)
                        : ExactFixtures.nearCopies(seed, -m, N, 1e-3);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d %2d", m, seed));
                for (SearchVariant c : configs) {
                    long t0 = System.nanoTime();
                    MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
                    SplitBranchAndBound.Result r = c.solve(model, Double.POSITIVE_INFINITY, t0 + 10_000_000_000L);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    line.append(String.format(Locale.ROOT, " | %8.2f %9d%s", ms, r.nodes(), r.complete() ? ""
                            : String.format(Locale.ROOT, " gap %.1e", (r.objective() - r.lowerBound()) / r.objective())));
                }
                System.out.println(line);
            }
        }
        System.out.println("near copies (exact-bb, 10 s limit): M spread | ms status nodes free rootGap gap");
        for (int m : new int[] {10, 20, 50, 100, 1000}) {
            for (double spread : new double[] {0, 1e-3, 1e-2, 0.1}) {
                MultiExitInstance inst = ExactFixtures.nearCopies(1, m, N, spread);
                SolveResult<MultiExitPlan> r = bb.solve(inst, settings.withTimeLimit(10));
                var s = r.statistics();
                double rootGap = ((double) s.get("heuristicObjective") - (double) s.get("rootLowerBound"))
                        / r.solverObjective();
                System.out.printf(Locale.ROOT, "%4d %6.0e | %9.2f %-8s %9s %4s %.2e %.2e%n", m, spread,
                        r.wallSeconds() * 1e3, r.status().label(), s.get("nodes"), s.get("freeDevices"), rootGap,
                        (r.solverObjective() - r.bound()) / r.solverObjective());
            }
        }
        System.out.println("slower edge (F / factor; exact-bb, 10 s limit): M factor seed | ms status nodes free rootGap gap");
        for (int m : new int[] {100, 1000}) {
            for (double factor : new double[] {10, 100, 1000}) {
                for (int seed = 1; seed <= 3; seed++) {
                    MultiExitInstance r0 = MultiExitFixtures.random(seed, m, N);
                    MultiExitInstance inst = new MultiExitInstance(r0.name(), "", r0.dnn(), r0.devices(),
                            r0.edgeSpeedFlopsPerSecond() / factor, 0.5, 0.5, r0.defaultExits());
                    SolveResult<MultiExitPlan> r = bb.solve(inst, settings.withTimeLimit(10));
                    var s = r.statistics();
                    double rootGap = ((double) s.get("heuristicObjective") - (double) s.get("rootLowerBound"))
                            / r.solverObjective();
                    System.out.printf(Locale.ROOT, "%4d %5.0f %d | %9.2f %-8s %9s %4s %.2e %.2e%n", m, factor, seed,
                            r.wallSeconds() * 1e3, r.status().label(), s.get("nodes"), s.get("freeDevices"), rootGap,
                            (r.solverObjective() - r.bound()) / r.solverObjective());
                }
            }
        }
        // Joint solver on a few instances.
        JointExitSplitSolver joint = new JointExitSplitSolver();
        System.out.println("exact-joint: M seed | ms status sets solved skipped nodes");
        for (int m : new int[] {5, 20, 100, 1000}) {
            MultiExitInstance inst = MultiExitFixtures.random(1, m, N);
            SolveResult<MultiExitPlan> r = joint.solve(inst, settings);
            var s = r.statistics();
            System.out.printf(Locale.ROOT, "%4d  1 | %9.1f %-8s %s %s %s %s%n", m, r.wallSeconds() * 1e3,
                    r.status().label(), s.get("exitSets"), s.get("exitSetsSolved"), s.get("exitSetsSkippedByBound"),
                    s.get("nodes"));
            if (r.status() != SolveStatus.OPTIMAL) {
                System.out.println("   " + r.message());
            }
        }
    }
}
