package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.bench.report.Runs.run;

import java.util.List;
import java.util.Map;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    private static final double NaN = Double.NaN;

    private static BestKnown proven(String instance, double objective) {
        return new BestKnown(instance, Runs.hash(instance), objective, true, objective, "cpsat", "test");
    }

    private static BestKnown unproven(String instance, double objective) {
        return new BestKnown(instance, Runs.hash(instance), objective, false, NaN, "greedy", "test");
    }

    /** Instance a, proven optimum 100; x: 100 (optimal, 1 s), 110 (7 s); y: 105 (2 s), no plan (10 s). */
    private static Statistics twoSolvers() {
        List<RunRecord> records = List.of(
                run("a", "x", 1, "optimal", 100, 1),
                run("a", "x", 2, "feasible", 110, 7),
                run("a", "y", 1, "feasible", 105, 2),
                run("a", "y", 2, "unknown", NaN, 10));
        return Statistics.of(records, Map.of(Runs.hash("a"), proven("a", 100)));
    }

    @Test
    void perRunGapTimeToTargetAndPrimalIntegral() {
        List<RunStats> runs = twoSolvers().runs();
        assertThat(runs).extracting(RunStats::gap).containsExactly(0.0, 0.1, 0.05, 1.0);
        assertThat(runs.get(1).gap()).isCloseTo(0.1, within(1e-12));
        assertThat(runs).extracting(RunStats::reference).containsOnly(100.0);
        assertThat(runs).extracting(RunStats::timeToTarget)
                .containsExactly(1.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        // Time limit 10 s. x1: optimum from 1 s: 1/10. x2: 110 from 7 s: (7 + 0.1·3)/10.
        // y1: 105 from 2 s: (2 + 0.05·8)/10. y2: no plan: 1.
        assertThat(runs.get(0).primalIntegral()).isCloseTo(0.1, within(1e-12));
        assertThat(runs.get(1).primalIntegral()).isCloseTo(0.73, within(1e-12));
        assertThat(runs.get(2).primalIntegral()).isCloseTo(0.24, within(1e-12));
        assertThat(runs.get(3).primalIntegral()).isEqualTo(1.0);
    }

    @Test
    void perSolverSummary() {
        List<SolverSummary> solvers = twoSolvers().solvers();
        assertThat(solvers).extracting(SolverSummary::solver).containsExactly("x", "y");
        SolverSummary x = solvers.get(0);
        assertThat(x.problem()).isEqualTo("multi-exit");
        assertThat(x.runs()).isEqualTo(2);
        assertThat(x.withPlan()).isEqualTo(2);
        assertThat(x.optimal()).isEqualTo(1);
        assertThat(x.meanGap()).isCloseTo(0.05, within(1e-12));
        assertThat(x.medianGap()).isCloseTo(0.05, within(1e-12));
        // n = 2: s = 0.05·√2, se = 0.05, t(0.975, 1) = 12.7062047.
        assertThat(x.meanGapInterval().low()).isCloseTo(0.05 - 12.7062047 * 0.05, within(1e-6));
        assertThat(x.meanGapInterval().high()).isCloseTo(0.05 + 12.7062047 * 0.05, within(1e-6));
        assertThat(x.medianGapInterval().exists()).isFalse();
        assertThat(x.sgmWallSeconds()).isCloseTo(3.0, within(1e-12));
        assertThat(x.reachedTarget()).isEqualTo(1);
        assertThat(x.medianTimeToTarget()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(x.meanPrimalIntegral()).isCloseTo((0.1 + 0.73) / 2, within(1e-12));

        SolverSummary y = solvers.get(1);
        assertThat(y.withPlan()).isEqualTo(1);
        assertThat(y.planShare()).isEqualTo(0.5);
        assertThat(y.optimal()).isZero();
        assertThat(y.meanGap()).isCloseTo(0.525, within(1e-12));
        assertThat(y.sgmWallSeconds()).isCloseTo(Math.sqrt(3 * 11) - 1, within(1e-12));
        assertThat(y.reachedTarget()).isZero();
        assertThat(y.meanPrimalIntegral()).isCloseTo(0.62, within(1e-12));
    }

    @Test
    void pairedWilcoxonOverCommonInstanceSeedPairs() {
        List<PairedComparison> comparisons = twoSolvers().comparisons();
        assertThat(comparisons).hasSize(1);
        PairedComparison c = comparisons.get(0);
        assertThat(c.solverA()).isEqualTo("x");
        assertThat(c.solverB()).isEqualTo("y");
        assertThat(c.pairs()).isEqualTo(2);
        // Differences −0.05 and −0.9: median −0.475; W+ = 0, exact two-sided p = 2 · 1/4.
        assertThat(c.medianDifference()).isCloseTo(-0.475, within(1e-12));
        assertThat(c.statistic()).isEqualTo(0.0);
        assertThat(c.pValue()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void referencesFromBestKnownAndBatch() {
        List<RunRecord> records = List.of(
                run("b", "x", 1, "feasible", 50, 1), run("b", "y", 1, "feasible", 60, 1),
                run("c", "x", 1, "feasible", 70, 1),
                run("d", "x", 1, "feasible", 90, 1),
                run("e", "x", 1, "infeasible", NaN, 1));
        Statistics s = Statistics.of(records, Map.of(Runs.hash("c"), unproven("c", 80), Runs.hash("d"), unproven("d", 80)));
        assertThat(s.instances()).extracting(InstanceSummary::instance).containsExactly("b", "c", "d", "e");
        assertThat(s.instances()).extracting(InstanceSummary::referenceKind)
                .containsExactly("batch best", "improved", "best known", "none");
        assertThat(s.instances()).extracting(InstanceSummary::reference).containsExactly(50.0, 70.0, 80.0, NaN);
        assertThat(s.runs().get(1).gap()).isCloseTo(0.2, within(1e-12));
        assertThat(s.runs().get(3).gap()).isCloseTo(0.125, within(1e-12));
        assertThat(s.runs().get(4).gap()).isNaN();
        assertThat(s.instances().get(0).bestBySolver()).containsExactly(Map.entry("x", 50.0), Map.entry("y", 60.0));
        assertThat(s.instances().get(0).gapBySolver().get("y")).isCloseTo(0.2, within(1e-12));
        // The run without a reference is left out of the gap statistics but counted as a run.
        SolverSummary x = s.solvers().get(0);
        assertThat(x.runs()).isEqualTo(4);
        assertThat(x.gapRuns()).isEqualTo(3);
        assertThat(s.suspects()).isEmpty();
    }

    @Test
    void theTerminalListsTenSuspectsAtMost() {
        List<RunRecord> records = new java.util.ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            records.add(run("a", "z", seed, "feasible", 90, 1));
        }
        Statistics s = Statistics.of(records, Map.of(Runs.hash("a"), proven("a", 100)));
        assertThat(s.suspects()).hasSize(12);
        String table = Summaries.terminalTable(s);
        assertThat(table).contains("a / z seed 10: beats proven optimum").doesNotContain("seed 11")
                .endsWith("  and 2 more: see summary.md or report.html\n");
    }

    @Test
    void flagsRunsThatContradictAProvenOptimum() {
        List<RunRecord> records = List.of(
                run("a", "z", 1, "feasible", 99, 1),
                run("a", "z", 2, "feasible", 100 - 5e-5, 1),
                Runs.withBound(run("a", "w", 1, "feasible", 130, 1), 101),
                run("a", "v", 1, "optimal", 120, 1),
                run("a", "u", 1, "optimal", 99.005, 1),
                Runs.withBound(run("a", "x", 1, "optimal", 100, 1), 100));
        Statistics s = Statistics.of(records, Map.of(Runs.hash("a"), proven("a", 100)));
        // x's correct proof is not blamed for the plans below the optimum: those are flagged themselves.
        assertThat(s.suspects()).extracting(SuspectRun::solver, SuspectRun::seed, SuspectRun::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("z", 1L, "beats proven optimum"),
                org.assertj.core.groups.Tuple.tuple("u", 1L, "beats proven optimum"),
                org.assertj.core.groups.Tuple.tuple("w", 1L, "bound above a known plan"),
                org.assertj.core.groups.Tuple.tuple("v", 1L, "optimality claim refuted"));
        assertThat(s.suspects().get(2).message()).isEqualTo("lower bound 101 above the plan 99.99995 of z seed 2");
        assertThat(s.suspects().get(0).message()).contains("99").contains("100");
        String table = Summaries.terminalTable(s);
        assertThat(table).contains("4 suspect runs (possible bugs):\n  a / z seed 1: beats proven optimum: objective 99");
        // The gap against the proven optimum shows the bug as a negative gap.
        assertThat(s.runs().get(0).gap()).isCloseTo(-0.01, within(1e-12));
    }
}
