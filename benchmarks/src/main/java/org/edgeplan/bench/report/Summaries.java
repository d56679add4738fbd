package org.edgeplan.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.core.SolveResult;

/**
 * The tables of a report as text: the terminal table printed at the end of a batch, {@code summary.md},
 * {@code summary.csv} (one row per solver and problem) and {@code runs.csv} (one row per run).
 */
public final class Summaries {
    /** Significance level of the verdicts of the paired tests. */
    public static final double ALPHA = 0.05;
    /** Suspect runs listed under the terminal table; the files list them all. */
    static final int TERMINAL_SUSPECTS = 10;

    private Summaries() {
    }

    /**
     * The plain-text table for a terminal: solver, runs, with plan, optimal, mean gap [95 % CI], median gap,
     * shifted geometric mean of wall time, median time to 1 %, mean primal integral; a problem column when the batch
     * has more than one problem.
     */
    public static String terminalTable(Statistics stats) {
        boolean problems = stats.problems().size() > 1;
        List<String> header = new ArrayList<>();
        if (problems) {
            header.add("problem");
        }
        header.addAll(List.of("solver", "runs", "with plan", "optimal", "mean gap [95% CI]", "median gap",
                "sgm time s", "time to 1% s", "primal integral"));
        Table t = new Table(header);
        for (SolverSummary s : stats.solvers()) {
            List<String> row = new ArrayList<>();
            if (problems) {
                row.add(s.problem());
            }
            row.addAll(List.of(s.solver(), Integer.toString(s.runs()), Format.percent(s.planShare()),
                    Format.percent(s.optimalShare()), gapWithInterval(s.meanGap(), s.meanGapInterval()),
                    Format.percent(s.medianGap()), Format.seconds(s.sgmWallSeconds()),
                    Format.seconds(s.medianTimeToTarget()), Format.fraction(s.meanPrimalIntegral())));
            t.row(row);
        }
        StringBuilder sb = new StringBuilder(t.text());
        if (!stats.suspects().isEmpty()) {
            sb.append(stats.suspects().size()).append(stats.suspects().size() == 1 ? " suspect run" : " suspect runs")
                    .append(" (possible bugs):\n");
            stats.suspects().stream().limit(TERMINAL_SUSPECTS).forEach(s -> sb.append("  ").append(s).append('\n'));
            if (stats.suspects().size() > TERMINAL_SUSPECTS) {
                sb.append("  and ").append(stats.suspects().size() - TERMINAL_SUSPECTS)
                        .append(" more: see summary.md or report.html\n");
            }
        }
        return sb.toString();
    }

    /** Per (problem, solver): the full summary with both intervals and the count that reached the target. */
    static Table solverTable(Statistics stats) {
        Table t = new Table("problem", "solver", "runs", "with plan", "optimal", "mean gap [95% CI]",
                "median gap [95% CI]", "sgm wall s", "reached 1%", "median time to 1% s", "primal integral");
        for (SolverSummary s : stats.solvers()) {
            t.row(s.problem(), s.solver(), Integer.toString(s.runs()), Format.percent(s.planShare()),
                    Format.percent(s.optimalShare()), gapWithInterval(s.meanGap(), s.meanGapInterval()),
                    gapWithInterval(s.medianGap(), s.medianGapInterval()), Format.seconds(s.sgmWallSeconds()),
                    s.reachedTarget() + "/" + s.gapRuns(), Format.seconds(s.medianTimeToTarget()),
                    Format.fraction(s.meanPrimalIntegral()));
        }
        return t;
    }

    private static String gapWithInterval(double gap, Interval interval) {
        String s = Format.percent(gap);
        if (interval.exists()) {
            s += " [" + Format.significant(100 * interval.low(), 3) + ", " + Format.significant(100 * interval.high(), 3)
                    + "]";
        }
        return s;
    }

    /** One row per paired test, with a verdict at level {@link #ALPHA}. */
    static Table comparisonTable(Statistics stats) {
        Table t = new Table("problem", "solver A", "solver B", "pairs", "median gap A − B", "W+", "p-value",
                "verdict");
        for (PairedComparison c : stats.comparisons()) {
            t.row(c.problem(), c.solverA(), c.solverB(), Integer.toString(c.pairs()),
                    Format.percent(c.medianDifference()), Format.number(c.statistic()),
                    Format.significant(c.pValue(), 3), verdict(c));
        }
        return t;
    }

    static String verdict(PairedComparison c) {
        if (!(c.pValue() < ALPHA)) {
            return "no significant difference";
        }
        if (c.medianDifference() < 0) {
            return c.solverA() + " better";
        }
        if (c.medianDifference() > 0) {
            return c.solverB() + " better";
        }
        return "differ (median difference 0)";
    }

    /** The instances of one problem: reference and each solver's best objective with its gap. */
    static Table instanceTable(Statistics stats, String problem) {
        List<InstanceSummary> rows = stats.instances().stream().filter(i -> i.problem().equals(problem)).toList();
        Set<String> solvers = new TreeSet<>();
        rows.forEach(i -> solvers.addAll(i.bestBySolver().keySet()));
        List<String> header = new ArrayList<>(List.of("instance", "best known", "reference", "reference kind",
                "proven in batch", "best bound", "reference to bound", "bound by"));
        header.addAll(solvers);
        Table t = new Table(header);
        for (InstanceSummary i : rows) {
            BestKnown bk = i.bestKnown();
            List<String> row = new ArrayList<>(List.of(i.instance(),
                    bk == null ? "-" : Format.number(bk.objective()) + (bk.proven() ? " (proven)" : ""),
                    Format.number(i.reference()), i.referenceKind(), i.provenInBatch() ? "yes" : "no",
                    Format.number(i.bestBound()), Format.percent(i.referenceGapToBound()),
                    i.boundSource().isEmpty() ? "-" : i.boundSource()));
            // Where no optimum is proven, how far each plan may be from it at most.
            boolean certify = Double.isFinite(i.bestBound()) && !i.provenInBatch() && !(bk != null && bk.proven());
            for (String solver : solvers) {
                Double best = i.bestBySolver().get(solver);
                if (best == null) {
                    row.add("");
                } else if (Double.isNaN(best)) {
                    row.add("no plan");
                } else {
                    row.add(Format.number(best) + " (" + Format.percent(i.gapBySolver().get(solver))
                            + (certify ? "; certified " + Format.percent(SolveResult.relativeGap(best, i.bestBound()))
                            : "") + ")");
                }
            }
            t.row(row);
        }
        return t;
    }

    /** The suspect runs (bugs). */
    static Table suspectTable(Statistics stats) {
        Table t = new Table("instance", "solver", "seed", "kind", "details");
        for (SuspectRun s : stats.suspects()) {
            t.row(s.instance(), s.solver(), Long.toString(s.seed()), s.kind(), s.message());
        }
        return t;
    }

    /** The batch in one line: suites, runs, instances, solvers. */
    static String scope(Statistics stats) {
        Set<String> solvers = new TreeSet<>();
        stats.solvers().forEach(s -> solvers.add(s.solver()));
        return "suite " + String.join(", ", nonEmpty(stats.suites())) + "; " + stats.runs().size() + " runs, "
                + stats.instances().size() + " instances, " + solvers.size() + " solvers ("
                + String.join(", ", solvers) + ")";
    }

    private static List<String> nonEmpty(List<String> values) {
        List<String> out = values.stream().filter(v -> !v.isEmpty()).toList();
        return out.isEmpty() ? List.of("-") : out;
    }

    /** How the numbers are defined, one sentence per item (shared by Markdown and HTML). */
    static List<String> conventions() {
        return List.of(
                "Reference of an instance: its proven optimum from the best-known file; else the better of the "
                        + "unproven best-known value and the best plan of this batch; else the batch's best plan.",
                "Certified gap (instances without a proven optimum) = (objective - best bound) / objective: the "
                        + "most a plan can be above the optimum, given the largest proven lower bound known.",
                "Primal gap = (objective - reference) / |reference| of the evaluator's objective, not capped; a run "
                        + "without a plan counts as gap 1 (100 %), as in Berthold's primal gap. A plan worse than "
                        + "twice the reference therefore weighs more than no plan: read the gaps with the plan share.",
                "Mean gap: Student-t 95 % interval (commons-statistics TDistribution). Median gap: distribution-free "
                        + "95 % interval from binomial order statistics (none below 6 runs).",
                "sgm time: shifted geometric mean of wall seconds, exp(mean(ln(t + 1))) - 1 (shift "
                        + Format.number(Statistics.TIME_SHIFT_SECONDS) + " s).",
                "Time to 1 %: first incumbent within " + Format.percent(Statistics.TARGET_GAP)
                        + " of the reference; the median over runs, runs that never reach it counting as infinite "
                        + "(\"not reached\" when fewer than half do).",
                "Primal integral: (1/T) times the integral over [0, T] of the incumbent's gap capped to [0, 1], gap 1 "
                        + "before the first incumbent, T = the run's time limit (Berthold 2013); mean over runs.",
                "Paired tests: two-sided Wilcoxon signed-rank test (commons-statistics, exact below 51 pairs without "
                        + "ties or zeros, else normal approximation) on the gaps of the (instance, seed) pairs both "
                        + "solvers ran; verdict at p < " + Format.number(ALPHA) + ".",
                "Suspect runs: a plan below a proven optimum by more than a relative "
                        + Format.number(Statistics.BEAT_TOLERANCE) + ", a lower bound above a known plan, or an "
                        + "optimality claim with a known plan better by more than a relative "
                        + Format.number(Statistics.OPTIMAL_CLAIM_TOLERANCE) + ".");
    }

    /**
     * {@code summary.md}: scope, suspect runs, the solver table, paired tests, per-instance tables, plot links,
     * conventions, code version and machine.
     *
     * @param plotFiles plot files relative to the report folder (for example {@code plots/gap-box-pipeline.png})
     */
    public static String markdown(Statistics stats, List<String> plotFiles) {
        StringBuilder sb = new StringBuilder("# EdgePlan batch report\n\n");
        sb.append(Format.markdownCell(scope(stats))).append(".\n\n");
        sb.append("## Suspect runs (possible bugs)\n\n");
        if (stats.suspects().isEmpty()) {
            sb.append("None: no run beats a proven optimum, no bound exceeds a known plan, no optimality claim is "
                    + "refuted.\n\n");
        } else {
            sb.append(suspectTable(stats).markdown()).append('\n');
        }
        sb.append("## Solvers\n\n").append(solverTable(stats).markdown()).append('\n');
        sb.append("## Paired comparisons (Wilcoxon signed-rank on the primal gap)\n\n");
        Table comparisons = comparisonTable(stats);
        sb.append(comparisons.isEmpty() ? "No two solvers share an (instance, seed) pair.\n" : comparisons.markdown())
                .append('\n');
        for (String problem : stats.problems()) {
            sb.append("## Instances: ").append(problem).append("\n\n").append(instanceTable(stats, problem).markdown())
                    .append('\n');
        }
        if (!plotFiles.isEmpty()) {
            sb.append("## Plots\n\n");
            for (String file : plotFiles) {
                sb.append("![").append(file).append("](").append(file).append(")\n\n");
            }
        }
        sb.append("## Conventions\n\n");
        conventions().forEach(c -> sb.append("- ").append(c).append('\n'));
        sb.append("\n## Code and machine\n\n");
        stats.codeVersions().forEach(v -> sb.append("- code: ").append(v.isEmpty() ? "-" : v).append('\n'));
        stats.machines().forEach(m -> sb.append("- machine: ").append(m.isEmpty() ? "-" : m).append('\n'));
        return sb.toString();
    }

    /** {@code summary.csv}: one row per (problem, solver), full precision, empty cells for missing values. */
    public static String summaryCsv(Statistics stats) {
        Table t = new Table("problem", "solver", "runs", "withPlan", "planShare", "optimal", "optimalShare",
                "gapRuns", "meanGap", "meanGapLow95", "meanGapHigh95", "medianGap", "medianGapLow95",
                "medianGapHigh95", "sgmWallSeconds", "sgmShiftSeconds", "reachedTarget", "targetGap",
                "medianTimeToTargetSeconds", "meanPrimalIntegral");
        for (SolverSummary s : stats.solvers()) {
            t.row(s.problem(), s.solver(), Integer.toString(s.runs()), Integer.toString(s.withPlan()),
                    Format.raw(s.planShare()), Integer.toString(s.optimal()), Format.raw(s.optimalShare()),
                    Integer.toString(s.gapRuns()), Format.raw(s.meanGap()), Format.raw(s.meanGapInterval().low()),
                    Format.raw(s.meanGapInterval().high()), Format.raw(s.medianGap()),
                    Format.raw(s.medianGapInterval().low()), Format.raw(s.medianGapInterval().high()),
                    Format.raw(s.sgmWallSeconds()), Format.raw(Statistics.TIME_SHIFT_SECONDS),
                    Integer.toString(s.reachedTarget()), Format.raw(Statistics.TARGET_GAP),
                    Format.raw(s.medianTimeToTarget()), Format.raw(s.meanPrimalIntegral()));
        }
        return t.csv();
    }

    /**
     * {@code runs.csv}: one row per run, the record flattened (one column per feature name seen in the batch) with
     * its reference, gap, time to target, primal integral and the kinds of suspicion raised against it.
     */
    public static String runsCsv(Statistics stats) {
        Set<String> features = new LinkedHashSet<>();
        stats.runs().forEach(s -> features.addAll(s.run().features().keySet()));
        Map<String, List<String>> suspicions = new TreeMap<>();
        for (SuspectRun s : stats.suspects()) {
            suspicions.computeIfAbsent(s.instance() + "\u0000" + s.solver() + "\u0000" + s.seed(),
                    k -> new ArrayList<>()).add(s.kind());
        }
        List<String> header = new ArrayList<>(List.of("suite", "instanceFile", "processors", "instance", "problem"));
        header.addAll(features);
        header.addAll(List.of("solver", "seed", "timeLimitSeconds", "threads", "status", "objective",
                "solverObjective", "bound", "reference", "gap", "timeToTargetSeconds", "primalIntegral", "wallSeconds",
                "cpuSeconds", "peakMemoryBytes", "trajectoryPoints", "message", "codeVersion", "startedAt",
                "suspect"));
        Table t = new Table(header);
        for (RunStats s : stats.runs()) {
            RunRecord r = s.run();
            List<String> row = new ArrayList<>(List.of(r.suite(), r.instanceFile(), Integer.toString(r.processors()),
                    r.instance(), r.problem()));
            for (String f : features) {
                row.add(Format.raw(r.features().getOrDefault(f, Double.NaN)));
            }
            String key = Statistics.instanceName(r) + "\u0000" + r.solver() + "\u0000" + r.seed();
            row.addAll(List.of(r.solver(), Long.toString(r.seed()), Format.raw(r.timeLimitSeconds()),
                    Integer.toString(r.threads()), r.status(), Format.raw(r.objective()),
                    Format.raw(r.solverObjective()), Format.raw(r.bound()), Format.raw(s.reference()),
                    Format.raw(s.gap()), Format.raw(s.timeToTarget()), Format.raw(s.primalIntegral()),
                    Format.raw(r.wallSeconds()), Format.raw(r.cpuSeconds()), Format.raw(r.peakMemoryBytes()),
                    Integer.toString(r.trajectory().size()), r.message(), r.codeVersion(), r.startedAt(),
                    String.join(";", new TreeSet<>(suspicions.getOrDefault(key, List.of())))));
            t.row(row);
        }
        return t.csv();
    }
}
