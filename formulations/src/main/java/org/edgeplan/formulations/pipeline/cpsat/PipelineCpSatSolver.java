package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.core.Stopwatch;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.formulations.pipeline.TimeScale;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;

/**
 * Problem B by CP-SAT ({@code cp-sat}), in OR-Tools' three steps: build the model of {@link PipelineCpSatModelBuilder}
 * in integer time ({@link TimeFrame}), solve it (hinted with the best list-scheduled heuristic plan,
 * {@link PipelineIncumbent}, by {@link PipelineCpSatHint}), extract the schedule ({@link PipelineCpSatModel#extract}).
 * Before building, a heuristic plan that already meets the proven relaxation bound ({@link PipelineLowerBound}) is
 * returned as optimal without search; after an infeasible solve, {@link PipelineCpSatDiagnosis} names the reason.
 *
 * <p>The plan is extracted as the node of every subtask and each node's queue in order of CP-SAT's start times
 * (ties: earlier end, then layer index, then lower id, so zero-length subtasks go first), then re-scored by the
 * {@link PipelineEvaluator}. The evaluator closes idle gaps that CP-SAT may leave; for the regular objectives
 * without queue limits or exclusive links this can only lower the objective, and with them the model only admits
 * the evaluator's own (semi-active) schedules, so the two coincide.
 *
 * <p>Status: {@code OPTIMAL} only when CP-SAT proves optimality and the evaluator's objective of the extracted
 * plan equals CP-SAT's within the rounding tolerance of the time scale (zero when the scale is exact), or when the
 * evaluated plan meets the reported bound; the bound is the larger of CP-SAT's bound converted to seconds minus that
 * tolerance and the relaxation bound. {@code INFEASIBLE} comes with a reason, found before search (a layer with no
 * usable node) or by the diagnosis. Statistics: the keys below and those of {@link StatisticKeys}.
 */
public final class PipelineCpSatSolver implements PipelineSolver {
    /** CP-SAT's final status ({@code OPTIMAL}, {@code FEASIBLE}, {@code INFEASIBLE}, {@code UNKNOWN}, ...). */
    public static final String CP_SAT_STATUS = "cpSatStatus";
    /** CP-SAT's number of branches. */
    public static final String BRANCHES = "branches";
    /** CP-SAT's number of conflicts. */
    public static final String CONFLICTS = "conflicts";
    /** CP-SAT's own wall time in seconds. */
    public static final String CP_SAT_WALL_SECONDS = "cpSatWallSeconds";
    /** Integer time units per second of the model. */
    public static final String UNITS_PER_SECOND = "unitsPerSecond";
    /** Whether every time value is an integer number of units (then the integer model is the exact model). */
    public static final String EXACT_TIME_SCALE = "exactTimeScale";
    /** Most the objective of a fixed plan differs between the integer and real models, in seconds. */
    public static final String ROUNDING_TOLERANCE_SECONDS = "roundingToleranceSeconds";
    /** Whether the model admits only the evaluator's semi-active schedules. */
    public static final String SEMI_ACTIVE = "semiActive";
    /** Number of groups of interchangeable nodes whose symmetry the model breaks. */
    public static final String SYMMETRIC_GROUPS = "symmetricGroups";
    /** Number of FIFO ordering literals of the exclusive-link model. */
    public static final String FIFO_ORDERING_LITERALS = "fifoOrderingLiterals";

    /**
     * A plan within this relative distance of a proven lower bound is called optimal: twice the 1e-9 by which
     * {@link PipelineLowerBound} lowers its load bounds against rounding, so that a plan exactly at such a bound (the
     * known-optimum instances' T, reached to the last digit) is recognised, not missed by that margin.
     */
    static final double MATCH_TOLERANCE = 2e-9;

    /** Whether {@code objective} meets the proven lower bound {@code bound} (NaN: no bound) within the tolerance. */
    static boolean meetsBound(double objective, double bound) {
        return !Double.isNaN(bound) && objective <= bound + MATCH_TOLERANCE * Math.abs(bound);
    }
    private final PipelineCpSatModel.Options options;
    private final long fixedUnitsPerSecond;
    private final boolean shortcut;

    public PipelineCpSatSolver() {
        this(PipelineCpSatModel.Options.DEFAULT, 0);
    }

    /** For tests: model options and a fixed time scale (0: automatic). */
    PipelineCpSatSolver(PipelineCpSatModel.Options options, long fixedUnitsPerSecond) {
        this(options, fixedUnitsPerSecond, true);
    }

    private PipelineCpSatSolver(PipelineCpSatModel.Options options, long fixedUnitsPerSecond, boolean shortcut) {
        this.options = options;
        this.fixedUnitsPerSecond = fixedUnitsPerSecond;
        this.shortcut = shortcut;
    }

    /**
     * For tests of the formulation itself: always searches, even when the best heuristic plan already meets the
     * relaxation bound (the registered solver then returns that plan as optimal without a search).
     */
    public PipelineCpSatSolver alwaysSearch() {
        return new PipelineCpSatSolver(options, fixedUnitsPerSecond, false);
    }

    @Override
    public String name() {
        return "cp-sat";
    }

    @Override
    public String description() {
        return "CP-SAT: optional intervals per allowed node, no overlap, transfer-delay precedences, exact FIFO links"
                + " and queue limits; proven optimum (exact)";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        return solveDetailed(instance, settings, deadline).result();
    }

    /** The result and, when CP-SAT found a solution, its schedule (for tests). */
    record Outcome(SolveResult<PipelinePlan> result, PipelineCpSatModel.Schedule schedule) {
        static Outcome of(SolveResult<PipelinePlan> result) {
            return new Outcome(result, null);
        }
    }

    Outcome solveDetailed(PipelineInstance instance, SolverSettings settings) {
        return solveDetailed(instance, settings, Deadline.start(settings));
    }

    Outcome solveDetailed(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        long t0 = System.nanoTime();
        Loader.loadNativeLibraries();
        ExactModelInput input = new ExactModelInput(instance);
        if (input.infeasibleReason() != null) {
            return Outcome.of(SolveResult.infeasible(input.infeasibleReason(), Stopwatch.secondsSince(t0)));
        }
        PipelineIncumbent incumbent = PipelineIncumbent.best(input);
        TimeFrame frame = TimeFrame.of(input, incumbent, fixedUnitsPerSecond);
        Map<String, Object> stats = new LinkedHashMap<>();

        // 1. Build.
        PipelineCpSatModelBuilder.Result build = PipelineCpSatModelBuilder.build(input, frame.scale(),
                frame.horizonUnits(), frame.latencyCapUnits(), options);
        if (build instanceof PipelineCpSatModelBuilder.Failed failed) {
            return Outcome.of(new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN,
                    Stopwatch.secondsSince(t0), stats, "cp-sat: " + failed.reason()));
        }
        PipelineCpSatModel m = ((PipelineCpSatModelBuilder.Built) build).model();
        PipelineLowerBound relaxation = PipelineLowerBound.of(instance);
        double relaxationBound = Double.isFinite(relaxation.seconds()) ? relaxation.seconds() : Double.NaN;
        stats.put(StatisticKeys.RELAXATION_BOUND, relaxationBound);
        if (shortcut && meetsBound(incumbent, relaxationBound)) {
            return Outcome.of(optimalWithoutSearch(incumbent, relaxation, relaxationBound, stats, settings, t0));
        }

        // 2. Solve, from the hint. The relaxation bound is not added as a cut (objective >= bound): measured on the
        // scaling ladder, the redundant row slowed CP-SAT down (scaled-vgg5-e2-s2-r3: proved in 16-20 s without it,
        // unproved in 60 s with it).
        IncumbentReporter reporter = new IncumbentReporter(settings, t0, frame.scale(), m.objectiveOffsetUnits,
                frame.objectiveToleranceSeconds());
        if (incumbent.present()) {
            PipelineCpSatHint.apply(m, incumbent.plan());
            reporter.report(incumbent.objective(), Double.NaN);
        }
        CpSolver solver = new CpSolver();
        double remaining = Math.max(0.05, deadline.remainingSeconds());
        solver.getParameters().setMaxTimeInSeconds(remaining).setRandomSeed(settings.nativeSeed())
                .setNumWorkers(settings.threads()).setLogSearchProgress(false);
        CpSolverStatus status = solver.solve(m.model, reporter);
        recordSearch(stats, solver, status, m, frame, incumbent);
        double bound = mergedBound(solver, status, m, frame, relaxation, relaxationBound, stats);

        // 3. Extract, re-score and decide the status.
        return switch (status) {
            case OPTIMAL, FEASIBLE -> {
                PipelineCpSatModel.Schedule schedule = m.extract(solver);
                yield new Outcome(finish(input, status == CpSolverStatus.OPTIMAL, schedule, bound,
                        frame.objectiveToleranceSeconds(), incumbent, stats, t0), schedule);
            }
            case INFEASIBLE -> Outcome.of(infeasible(input, frame, incumbent, stats, settings, t0));
            case MODEL_INVALID -> Outcome.of(new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN,
                    Stopwatch.secondsSince(t0), stats, "cp-sat: invalid model: " + m.model.validate()));
            default -> Outcome.of(noSolution(incumbent, bound, stats, t0));
        };
    }

    private static boolean meetsBound(PipelineIncumbent incumbent, double bound) {
        return incumbent.present() && meetsBound(incumbent.objective(), bound);
    }

    /** The shortcut: the best heuristic plan meets the relaxation bound, so it is optimal. */
    private static SolveResult<PipelinePlan> optimalWithoutSearch(PipelineIncumbent incumbent,
                                                                  PipelineLowerBound relaxation, double bound,
                                                                  Map<String, Object> stats,
                                                                  SolverSettings settings, long t0) {
        stats.put(StatisticKeys.INCUMBENT, incumbent.source());
        stats.put(StatisticKeys.GAP, 0.0);
        settings.incumbents().improved(Stopwatch.secondsSince(t0), incumbent.objective(), bound);
        return new SolveResult<>(incumbent.plan(), SolveStatus.OPTIMAL, incumbent.objective(),
                Math.min(bound, incumbent.objective()), Stopwatch.secondsSince(t0), stats, "optimal without search: "
                + "the " + incumbent.source() + " plan meets the " + relaxation.relaxation() + " lower bound");
    }

    private static void recordSearch(Map<String, Object> stats, CpSolver solver, CpSolverStatus status,
                                     PipelineCpSatModel m, TimeFrame frame, PipelineIncumbent incumbent) {
        stats.put(CP_SAT_STATUS, status.name());
        stats.put(BRANCHES, solver.numBranches());
        stats.put(CONFLICTS, solver.numConflicts());
        stats.put(CP_SAT_WALL_SECONDS, solver.wallTime());
        stats.put(UNITS_PER_SECOND, frame.scale().unitsPerSecond());
        stats.put(EXACT_TIME_SCALE, frame.scale().exact());
        stats.put(ROUNDING_TOLERANCE_SECONDS, frame.objectiveToleranceSeconds());
        stats.put(SEMI_ACTIVE, m.semiActive);
        stats.put(SYMMETRIC_GROUPS, m.symmetricGroups.size());
        if (m.exclusive) {
            stats.put(FIFO_ORDERING_LITERALS, m.orderingLiterals);
        }
        stats.put(StatisticKeys.INCUMBENT, incumbent.source());
        stats.put(StatisticKeys.INCUMBENT_OBJECTIVE, incumbent.objective());
    }

    /** The larger of CP-SAT's bound (in seconds, less the rounding tolerance) and the relaxation bound. */
    private static double mergedBound(CpSolver solver, CpSolverStatus status, PipelineCpSatModel m, TimeFrame frame,
                                      PipelineLowerBound relaxation, double relaxationBound,
                                      Map<String, Object> stats) {
        double bound = Double.NaN;
        if (status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE
                || status == CpSolverStatus.UNKNOWN) {
            bound = boundSeconds(solver.bestObjectiveBound(), frame.scale(), m.objectiveOffsetUnits,
                    frame.objectiveToleranceSeconds());
        }
        if (!Double.isNaN(relaxationBound) && (Double.isNaN(bound) || relaxationBound > bound)) {
            bound = relaxationBound;
            stats.put(StatisticKeys.BOUND_FROM, "relaxation: " + relaxation.relaxation());
        }
        return bound;
    }

    private SolveResult<PipelinePlan> infeasible(ExactModelInput input, TimeFrame frame, PipelineIncumbent incumbent,
                                                 Map<String, Object> stats, SolverSettings settings, long t0) {
        if (incumbent.present()) {
            // Cannot be right: a feasible plan is known. Never report a false infeasibility.
            return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), Double.NaN,
                    Stopwatch.secondsSince(t0), stats, "cp-sat: the integer model was infeasible although the "
                    + incumbent.source() + " plan is feasible (a modelling or rounding error); returning that plan");
        }
        String reason = PipelineCpSatDiagnosis.explain(input, frame, options, settings, t0);
        return SolveResult.infeasible(reason, Stopwatch.secondsSince(t0));
    }

    private static SolveResult<PipelinePlan> noSolution(PipelineIncumbent incumbent, double bound,
                                                        Map<String, Object> stats, long t0) {
        if (incumbent.present()) {
            stats.put(StatisticKeys.GAP, SolveResult.relativeGap(incumbent.objective(), bound));
            return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                    Stopwatch.secondsSince(t0), stats, "cp-sat found no solution within the time limit; returning the "
                    + incumbent.source() + " plan");
        }
        return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, bound, Stopwatch.secondsSince(t0), stats,
                "cp-sat found no solution and no proof of infeasibility within the time limit");
    }

    /** Re-scores CP-SAT's plan with the evaluator and decides between it and the incumbent, optimal or not. */
    private static SolveResult<PipelinePlan> finish(ExactModelInput input, boolean provedOptimal,
                                                     PipelineCpSatModel.Schedule schedule, double bound,
                                                     double tolerance, PipelineIncumbent incumbent,
                                                     Map<String, Object> stats, long t0) {
        TimeScale scale = schedule.scale();
        PipelinePlan plan = schedule.plan(input);
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(input.instance(), plan);
        double cpObjective = scale.seconds(schedule.objectiveUnits());
        stats.put(StatisticKeys.EVALUATOR_OBJECTIVE, evaluation.objective());
        if (!evaluation.feasible()) {
            String why = "the evaluator rejects CP-SAT's plan: " + evaluation.violationSummary();
            if (incumbent.present()) {
                stats.put(StatisticKeys.GAP, SolveResult.relativeGap(incumbent.objective(), bound));
                return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                        Stopwatch.secondsSince(t0), stats, why + "; returning the " + incumbent.source() + " plan");
            }
            return new SolveResult<>(null, SolveStatus.FAILED, cpObjective, bound, Stopwatch.secondsSince(t0), stats,
                    why);
        }
        double evalObjective = evaluation.objective();
        double tol = tolerance + 1e-9 * Math.max(1.0, Math.abs(cpObjective));
        stats.put(StatisticKeys.GAP, SolveResult.relativeGap(evalObjective, bound));
        // The evaluator closes idle gaps CP-SAT may leave, so it may score lower; higher would be a mismatch.
        boolean mismatch = evalObjective > cpObjective + tol;
        boolean provedByCpSat = provedOptimal && Math.abs(evalObjective - cpObjective) <= tol;
        boolean meetsBound = !Double.isNaN(bound) && evalObjective <= bound + tolerance + tol;
        List<String> notes = new ArrayList<>();
        if (mismatch) {
            notes.add(String.format(Locale.ROOT, "the evaluator scores CP-SAT's plan at %.9g, worse than CP-SAT's "
                    + "%.9g beyond the tolerance %.3g: optimality not claimed", evalObjective, cpObjective, tol));
        } else if (evalObjective < cpObjective - tol) {
            notes.add(String.format(Locale.ROOT, "the evaluator closes idle gaps in CP-SAT's schedule: %.9g instead "
                    + "of %.9g", evalObjective, cpObjective));
        }
        if (!mismatch && (provedByCpSat || meetsBound)) {
            if (tolerance > 0) {
                notes.add(String.format(Locale.ROOT, "optimal up to the time-scale rounding (integer model at %d "
                        + "units/s; tolerance %.3g s)", scale.unitsPerSecond(), tolerance));
            }
            if (!provedByCpSat) {
                notes.add("optimal: the evaluated plan meets " + (stats.containsKey(StatisticKeys.BOUND_FROM)
                        ? "the " + stats.get(StatisticKeys.BOUND_FROM) + " bound" : "CP-SAT's bound"));
            }
            return new SolveResult<>(plan, SolveStatus.OPTIMAL, cpObjective, Math.min(bound, evalObjective),
                    Stopwatch.secondsSince(t0), stats, String.join("; ", notes));
        }
        if (incumbent.present() && incumbent.objective() < evalObjective) {
            notes.add("the " + incumbent.source() + " plan is better than CP-SAT's");
            return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                    Stopwatch.secondsSince(t0), stats, String.join("; ", notes));
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, cpObjective, bound, Stopwatch.secondsSince(t0), stats,
                String.join("; ", notes));
    }

    /**
     * CP-SAT's objective bound (units, offset included) in seconds, less the rounding tolerance; never below 0
     * (latencies and completion times are not negative); NaN when CP-SAT has none.
     */
    static double boundSeconds(double units, TimeScale scale, long offsetUnits, double tolerance) {
        if (!Double.isFinite(units)) {
            return Double.NaN;
        }
        return Math.max(0.0, scale.seconds(Math.ceil(units - 1e-9) - offsetUnits) - tolerance);
    }

    /**
     * Tells the settings' {@link org.edgeplan.core.IncumbentListener} of every improving solution CP-SAT finds (its
     * own integer-model objective in seconds, which the evaluator can only lower, see the class comment) with CP-SAT's
     * bound at that moment; the list-scheduled hint is the first point. CP-SAT calls back from one thread at a time.
     */
    private static final class IncumbentReporter extends CpSolverSolutionCallback {
        private final SolverSettings settings;
        private final long t0;
        private final TimeScale scale;
        private final long offsetUnits;
        private final double tolerance;
        private double best = Double.POSITIVE_INFINITY;

        IncumbentReporter(SolverSettings settings, long t0, TimeScale scale, long offsetUnits, double tolerance) {
            this.settings = settings;
            this.t0 = t0;
            this.scale = scale;
            this.offsetUnits = offsetUnits;
            this.tolerance = tolerance;
        }

        @Override
        public void onSolutionCallback() {
            double objective = scale.seconds(Math.round(objectiveValue()) - offsetUnits);
            report(objective, boundSeconds(bestObjectiveBound(), scale, offsetUnits, tolerance));
        }

        void report(double objective, double bound) {
            if (objective < best) {
                best = objective;
                settings.incumbents().improved(Stopwatch.secondsSince(t0), objective, bound);
            }
        }
    }
}
