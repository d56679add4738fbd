package org.edgeplan.formulations.multiexit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.BruteForceSolver;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.testing.LongTest;
import org.edgeplan.testing.MultiExitFixtures;
import org.edgeplan.testing.ProjectRoot;

/**
 * The formulations of problem A against exact-bb on large instances, opt-in because it takes minutes:
 * {@code mvn -B -q -pl formulations -am -Dtest=MultiExitFormulationsBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dedgeplan.longTests=true test}.
 * Runs exact-bb, cp-sat, milp-scip, milp-highs, their raw variants (no reductions) and brute force (M ≤ 7) on the
 * shipped scenarios and on two seeded generated families with N = 13 (random devices on a 10× slower edge, M = 5 …
 * 1000; near copies of one device on a slow edge, M = 5 … 1000).
 *
 * <p>It asserts what holds whatever the machine's speed: exact-bb proves every instance optimal and brute force
 * agrees with it; every method returns a plan the evaluator accepts at the method's own cost, never below exact-bb's
 * optimum, with a bound that is at most its objective and at most the optimum (the formulations' honest bounds);
 * a method that says optimal is within its certified tolerance of the optimum; the registered formulations prove
 * optimality up to M = 100.
 *
 * <p>It also prints, and writes to {@code formulations/target/performance-a.md}, a Markdown table of times (the
 * median of up to 7 runs of the same solve, fewer for slow ones, after a warm-up) and of their ratios to exact-bb's,
 * the table of {@code formulations/PERFORMANCE-A.md}. Times are never asserted.
 */
@LongTest
class MultiExitFormulationsBenchmarkTest {
    private static final double LIMIT_SECONDS = 20;
    private static final double EDGE_SLOWDOWN = 10;
    /** Near copies of this seed's device keep a choice after the reductions (seeds 1 and 2 collapse to one option). */
    private static final long COPIES_SEED = 3;
    /** Relative tolerance for costs that should agree (evaluator parity, brute force, bounds against the optimum). */
    private static final double REL = 1e-9;
    /** Twice the formulations' certified relative gap when they say optimal: room for exact-bb's own tolerance. */
    private static final double CERTIFIED = 2 * CpSatSplitSolver.DEFAULT_RELATIVE_TOLERANCE;
    private static final List<String> REGISTERED = List.of("cp-sat", "milp-scip", "milp-highs");

    private static final List<String> RATIO_COLUMNS = List.of("cp-sat", "cp-sat-raw", "milp-scip", "milp-scip-raw",
            "milp-highs", "milp-highs-raw", "brute-force");

    private record Row(String instance, int m, String method, double medianMs, int runs, String status, double gap,
                       double objective, String detail) {
    }

    @Test
    void formulationsAgreeWithExactBranchAndBound() throws IOException {
        SolverSettings settings = new SolverSettings(LIMIT_SECONDS, 1, 1);
        MultiExitBranchAndBoundSolver bb = new MultiExitBranchAndBoundSolver();
        BruteForceSolver brute = new BruteForceSolver();
        List<Solver<MultiExitInstance, MultiExitPlan>> methods = List.of(bb, new CpSatSplitSolver(),
                new MilpScipSplitSolver(), new MilpHighsSplitSolver(),
                new CpSatSplitSolver("cp-sat-raw", SplitChoices.Reduction.NONE,
                        CpSatSplitSolver.DEFAULT_RELATIVE_TOLERANCE, ScaledSplitCosts.DEFAULT_RANGE),
                new MilpSplitSolver("milp-scip-raw", MilpSplitSolver.Backend.SCIP, SplitChoices.Reduction.NONE,
                        MilpSplitSolver.DEFAULT_RELATIVE_TOLERANCE),
                new MilpSplitSolver("milp-highs-raw", MilpSplitSolver.Backend.HIGHS, SplitChoices.Reduction.NONE,
                        MilpSplitSolver.DEFAULT_RELATIVE_TOLERANCE));

        // Warm-up: native libraries, JIT.
        for (int w = 0; w < 20; w++) {
            MultiExitInstance warm = MultiExitFixtures.generated(9000 + w, 6, 13, EDGE_SLOWDOWN);
            for (var method : methods) {
                method.solve(warm, settings);
            }
            brute.solve(warm, settings);
        }

        Map<String, MultiExitInstance> instances = new LinkedHashMap<>();
        instances.put("ma2025-image", MultiExitFixtures.shipped("ma2025-image"));
        instances.put("ma2025-video", MultiExitFixtures.shipped("ma2025-video"));
        for (int m : new int[] {5, 10, 20, 50, 100, 1000}) {
            int seeds = m <= 20 ? 3 : 1;
            for (int seed = 1; seed <= seeds; seed++) {
                MultiExitInstance inst = MultiExitFixtures.generated(seed, m, 13, EDGE_SLOWDOWN);
                instances.put(inst.name(), inst);
            }
        }
        // The stress family: near-identical devices (symmetry, ties) on a slow edge, where exact-bb branches.
        for (int m : new int[] {5, 7, 10, 20, 50, 100, 1000}) {
            MultiExitInstance inst = MultiExitFixtures.generatedNearCopies(COPIES_SEED, m, 13, 1e-3, 0.05);
            instances.put(inst.name(), inst);
        }

        List<Row> rows = new ArrayList<>();
        List<String> ratios = new ArrayList<>();
        for (var entry : instances.entrySet()) {
            MultiExitInstance inst = entry.getValue();
            Map<String, Row> byMethod = new LinkedHashMap<>();
            List<Solver<MultiExitInstance, MultiExitPlan>> here = new ArrayList<>(methods);
            if (inst.deviceCount() <= 7) {
                here.add(brute);
            }
            double optimum = Double.NaN;
            for (var method : here) {
                SolveResult<MultiExitPlan> first = method.solve(inst, settings);
                if (method == bb) {
                    assertThat(first.status()).as(inst.name()).isEqualTo(SolveStatus.OPTIMAL);
                    optimum = first.solverObjective();
                }
                check(inst, method.name(), first, optimum);
                Row row = time(entry.getKey(), inst, method, settings, first);
                rows.add(row);
                byMethod.put(method.name(), row);
                System.out.println(format(row));
            }
            double bbMs = byMethod.get("exact-bb").medianMs();
            StringBuilder ratio = new StringBuilder(String.format(Locale.ROOT, "| %s | %d |", entry.getKey(),
                    inst.deviceCount()));
            for (String other : RATIO_COLUMNS) {
                Row r = byMethod.get(other);
                ratio.append(r == null ? " – |" : String.format(Locale.ROOT, " %.0f× |", r.medianMs() / bbMs));
            }
            ratios.add(ratio.toString());
        }

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Java %s, %d available processors, solver threads 1, time limit %.0f s"
                + " per solve, seed 1.%n%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), LIMIT_SECONDS));
        out.append("| instance | M | method | median ms | runs | status | gap | objective | detail |\n");
        out.append("|---|---:|---|---:|---:|---|---:|---:|---|\n");
        for (Row row : rows) {
            out.append(format(row)).append('\n');
        }
        out.append("\nTime of each method divided by exact-bb's (medians, same run):\n\n");
        out.append("| instance | M | " + String.join(" | ", RATIO_COLUMNS) + " |\n");
        out.append("|---|---:|" + "---:|".repeat(RATIO_COLUMNS.size()) + "\n");
        for (String r : ratios) {
            out.append(r).append('\n');
        }
        System.out.println();
        System.out.println(out);
        Path file = ProjectRoot.root().resolve("formulations/target/performance-a.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());
    }

    /** The assertions of the class comment for one method's result; {@code optimum} is exact-bb's objective. */
    private static void check(MultiExitInstance inst, String method, SolveResult<MultiExitPlan> r, double optimum) {
        String what = inst.name() + " " + method;
        assertThat(r.status()).as(what).isIn(SolveStatus.OPTIMAL, SolveStatus.FEASIBLE);
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(inst, r.plan());
        assertThat(e.violations()).as(what).isEmpty();
        assertThat(e.cost()).as(what).isCloseTo(r.solverObjective(), within(REL * r.solverObjective()));
        assertThat(r.solverObjective()).as(what).isGreaterThanOrEqualTo(optimum * (1 - REL));
        if (r.hasBound()) {
            assertThat(r.bound()).as(what).isLessThanOrEqualTo(r.solverObjective());
            assertThat(r.bound()).as(what).isLessThanOrEqualTo(optimum * (1 + REL));
        }
        if (r.status() == SolveStatus.OPTIMAL) {
            assertThat(r.solverObjective()).as(what).isLessThanOrEqualTo(optimum * (1 + CERTIFIED));
        }
        if (method.equals("brute-force")) {
            assertThat(r.status()).as(what).isEqualTo(SolveStatus.OPTIMAL);
            assertThat(r.solverObjective()).as(what).isCloseTo(optimum, within(REL * optimum));
        }
        if (REGISTERED.contains(method) && inst.deviceCount() <= 100) {
            assertThat(r.status()).as(what).isEqualTo(SolveStatus.OPTIMAL);
        }
    }

    private static Row time(String name, MultiExitInstance inst, Solver<MultiExitInstance, MultiExitPlan> method,
                            SolverSettings settings, SolveResult<MultiExitPlan> first) {
        List<Double> ms = new ArrayList<>();
        ms.add(first.wallSeconds() * 1e3);
        int runs = first.wallSeconds() < 0.2 ? 7 : first.wallSeconds() < 2 ? 3 : 1;
        for (int r = 1; r < runs; r++) {
            ms.add(method.solve(inst, settings).wallSeconds() * 1e3);
        }
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted[sorted.length / 2];
        Map<String, Object> s = first.statistics();
        double gap = first.hasBound() ? (first.solverObjective() - first.bound()) / first.solverObjective() : Double.NaN;
        String detail = switch (method.name()) {
            case "exact-bb" -> "nodes " + s.get("nodes") + ", free " + s.get("freeDevices");
            case "brute-force" -> "vectors " + s.get("visited");
            default -> {
                String d = "free " + s.get("freeDevices") + ", options " + s.get("options");
                if (s.containsKey("rounds")) {
                    d += ", rounds " + s.get("rounds") + ", cuts " + s.get("cuts");
                }
                if (s.containsKey("scalingErrorBound")) {
                    d += String.format(Locale.ROOT, ", scaling error %.1e", (double) s.get("scalingErrorBound"));
                }
                if (s.containsKey("cpSatStatus")) {
                    d += ", CP-SAT " + s.get("cpSatStatus");
                }
                yield d;
            }
        };
        return new Row(name, inst.deviceCount(), method.name(), median, runs, first.status().label(), gap,
                first.solverObjective(), detail);
    }

    private static String format(Row r) {
        return String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %d | %s | %.1e | %.9g | %s |", r.instance(), r.m(),
                r.method(), r.medianMs(), r.runs(), r.status(), r.gap(), r.objective(), r.detail());
    }
}
