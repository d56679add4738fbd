package org.edgeplan.formulations.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;

/**
 * Problem B by CP-SAT ({@code cp-sat}): the model of {@link PipelineCpSatModel} in integer time
 * ({@link TimeScale}), hinted with and bounded by the best list-scheduled baseline ({@link PipelineIncumbent}).
 *
 * <p>The plan is extracted as the node of every subtask and each node's queue in order of CP-SAT's start times
 * (ties: earlier end, then layer index, then lower id, so zero-length subtasks go first), then re-scored by the
 * {@link PipelineEvaluator}. The evaluator closes idle gaps that CP-SAT may leave; for the regular objectives
 * without queue limits or exclusive links this can only lower the objective, and with them the model only admits
 * the evaluator's own (semi-active) schedules, so the two coincide.
 *
 * <p>Status: {@code OPTIMAL} only when CP-SAT proves optimality and the evaluator's objective of the extracted
 * plan equals CP-SAT's within the rounding tolerance of the time scale (zero when the scale is exact); the bound is
 * CP-SAT's bound converted to seconds minus that tolerance. {@code INFEASIBLE} comes with a reason, found before
 * search (a layer with no usable node) or by re-solving without memory or queue limits to name the culprit.
 * Statistics: CP-SAT status, branches, conflicts, wall time, relative gap, units per second, whether the scale is
 * exact, the rounding tolerance, whether the model was restricted to semi-active schedules, and the incumbent.
 */
public final class PipelineCpSatSolver implements Solver<PipelineInstance, PipelinePlan> {
    /** A plan within this relative distance of a proven lower bound is called optimal. */
    static final double MATCH_TOLERANCE = 1e-9;
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
    PipelineCpSatSolver alwaysSearch() {
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
    public ProblemKind problem() {
        return ProblemKind.PIPELINE;
    }

    @Override
    public Class<PipelineInstance> instanceType() {
        return PipelineInstance.class;
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings) {
        return solveDetailed(instance, settings).result();
    }

    /**
     * CP-SAT's own schedule, for tests: the node and start/end (in units) of every subtask and the objective in
     * units (already minus the release offset).
     */
    record Schedule(int[] nodeOf, long[] startUnits, long[] endUnits, long objectiveUnits, TimeScale scale) {
    }

    /** The result and, when CP-SAT found a solution, its schedule. */
    record Outcome(SolveResult<PipelinePlan> result, Schedule schedule) {
    }

    Outcome solveDetailed(PipelineInstance instance, SolverSettings settings) {
        long t0 = System.nanoTime();
        Loader.loadNativeLibraries();
        PipelineData data = new PipelineData(instance);
        if (data.infeasibleReason() != null) {
            return new Outcome(SolveResult.infeasible(data.infeasibleReason(), seconds(t0)), null);
        }
        PipelineIncumbent incumbent = PipelineIncumbent.best(data);
        PipelineHorizon horizon = PipelineHorizon.of(data, incumbent);
        TimeScale scale = chooseScale(data, horizon.horizonSeconds());
        boolean latency = instance.objective() == PipelineObjective.TOTAL_LATENCY;
        long slack = scale.requestSlackUnits() * (latency ? data.requests : 1);
        long horizonUnits = scale.units(horizon.horizonSeconds()) + slack;
        long latencyCapUnits = Double.isFinite(horizon.latencyCapSeconds())
                ? scale.units(horizon.latencyCapSeconds()) + slack : Long.MAX_VALUE;
        double objectiveTolerance = scale.requestToleranceSeconds() * (latency ? data.requests : 1);

        PipelineCpSatModel m = new PipelineCpSatModel(data, scale, horizonUnits, latencyCapUnits, options);
        Map<String, Object> stats = new LinkedHashMap<>();
        if (m.buildFailure != null) {
            return new Outcome(new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN, seconds(t0),
                    stats, "cp-sat: " + m.buildFailure), null);
        }
        // A proven lower bound from a relaxation (PipelineLowerBound): when the best heuristic already meets it,
        // that plan is optimal without a search; otherwise it is the floor of the reported bound.
        PipelineLowerBound relaxation = PipelineLowerBound.of(instance);
        double relaxationBound = Double.isFinite(relaxation.seconds()) ? relaxation.seconds() : Double.NaN;
        stats.put("relaxationBound", relaxationBound);
        if (shortcut && incumbent.present() && !Double.isNaN(relaxationBound)
                && incumbent.objective() <= relaxationBound + MATCH_TOLERANCE * Math.abs(relaxationBound)) {
            stats.put("incumbent", incumbent.source());
            stats.put("gap", 0.0);
            settings.incumbents().improved(seconds(t0), incumbent.objective(), relaxationBound);
            return new Outcome(new SolveResult<>(incumbent.plan(), SolveStatus.OPTIMAL, incumbent.objective(),
                    Math.min(relaxationBound, incumbent.objective()), seconds(t0), stats, "optimal without search: "
                    + "the " + incumbent.source() + " plan meets the " + relaxation.relaxation()
                    + " lower bound"), null);
        }
        // Not added as a cut (objective >= bound): measured on the scaling ladder, the redundant row slowed CP-SAT
        // down (scaled-vgg5-e2-s2-r3: proved in 16-20 s without it, unproved in 60 s with it).
        IncumbentReporter reporter = new IncumbentReporter(settings, t0, scale, m.objectiveOffsetUnits,
                objectiveTolerance);
        if (incumbent.present()) {
            m.hint(incumbent.plan());
            reporter.report(incumbent.objective(), Double.NaN);
        }
        CpSolver solver = new CpSolver();
        double remaining = Math.max(0.05, settings.timeLimitSeconds() - seconds(t0));
        solver.getParameters().setMaxTimeInSeconds(remaining).setRandomSeed(settings.nativeSeed())
                .setNumWorkers(settings.threads()).setLogSearchProgress(false);
        CpSolverStatus status = solver.solve(m.model, reporter);

        stats.put("cpSatStatus", status.name());
        stats.put("branches", solver.numBranches());
        stats.put("conflicts", solver.numConflicts());
        stats.put("cpSatWallSeconds", solver.wallTime());
        stats.put("unitsPerSecond", scale.unitsPerSecond());
        stats.put("exactTimeScale", scale.exact());
        stats.put("roundingToleranceSeconds", objectiveTolerance);
        stats.put("semiActive", m.semiActive);
        stats.put("symmetricGroups", m.symmetricGroups.size());
        if (m.exclusive) {
            stats.put("fifoOrderingLiterals", m.orderingLiterals);
        }
        stats.put("incumbent", incumbent.source());
        stats.put("incumbentObjective", incumbent.objective());

        double bound = Double.NaN;
        if (status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE
                || status == CpSolverStatus.UNKNOWN) {
            bound = boundSeconds(solver.bestObjectiveBound(), scale, m.objectiveOffsetUnits, objectiveTolerance);
        }
        if (!Double.isNaN(relaxationBound) && (Double.isNaN(bound) || relaxationBound > bound)) {
            bound = relaxationBound;
            stats.put("boundFrom", "relaxation: " + relaxation.relaxation());
        }
        switch (status) {
            case OPTIMAL, FEASIBLE -> {
                Schedule schedule = extract(m, solver, scale);
                return new Outcome(finish(data, status == CpSolverStatus.OPTIMAL, schedule, bound,
                        objectiveTolerance, incumbent, stats, t0), schedule);
            }
            case INFEASIBLE -> {
                if (incumbent.present()) {
                    // Cannot be right: a feasible plan is known. Never report a false infeasibility.
                    return new Outcome(new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE,
                            incumbent.objective(), Double.NaN, seconds(t0), stats, "cp-sat: the integer model was "
                            + "infeasible although the " + incumbent.source() + " plan is feasible (a modelling or "
                            + "rounding error); returning that plan"), null);
                }
                String reason = diagnose(data, scale, horizonUnits, latencyCapUnits, settings, t0);
                return new Outcome(SolveResult.<PipelinePlan>infeasible(reason, seconds(t0)), null);
            }
            case MODEL_INVALID -> {
                return new Outcome(new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN, seconds(t0),
                        stats, "cp-sat: invalid model: " + m.model.validate()), null);
            }
            default -> {
                if (incumbent.present()) {
                    stats.put("gap", gap(incumbent.objective(), bound));
                    return new Outcome(new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE,
                            incumbent.objective(), bound, seconds(t0), stats,
                            "cp-sat found no solution within the time limit; returning the " + incumbent.source()
                                    + " plan"), null);
                }
                return new Outcome(new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, bound, seconds(t0),
                        stats, "cp-sat found no solution and no proof of infeasibility within the time limit"),
                        null);
            }
        }
    }

    private TimeScale chooseScale(PipelineData d, double horizonSeconds) {
        int pathTerms = d.subtasks + d.transferCount() + 2;
        if (fixedUnitsPerSecond > 0) {
            double[] values = timeValues(d);
            return new TimeScale(fixedUnitsPerSecond, TimeScale.allIntegral(values, fixedUnitsPerSecond), pathTerms);
        }
        return TimeScale.choose(timeValues(d), horizonSeconds, pathTerms);
    }

    /** Every time value the integer model uses: releases, compute durations, transfer durations. */
    static double[] timeValues(PipelineData d) {
        List<Double> values = new ArrayList<>();
        for (double r : d.releaseSeconds) {
            values.add(r);
        }
        for (int id = 0; id < d.subtasks; id++) {
            for (int n : d.candidates[id]) {
                values.add(d.computeSeconds[id][n]);
                if (d.isSource[id]) {
                    values.add(d.inputTransferSeconds(id, n));
                }
                if (d.isSink(id)) {
                    values.add(d.resultTransferSeconds(d.requestOf[id], n));
                }
            }
        }
        for (int j = 0; j < d.edges; j++) {
            for (int a : d.candidates[d.edgeProducer[j]]) {
                for (int b : d.candidates[d.edgeConsumer[j]]) {
                    double t = d.edgeTransferSeconds(j, a, b);
                    if (Double.isFinite(t)) {
                        values.add(t);
                    }
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).distinct().toArray();
    }

    private static Schedule extract(PipelineCpSatModel m, CpSolver solver, TimeScale scale) {
        PipelineData d = m.d;
        int[] nodeOf = new int[d.subtasks];
        long[] s = new long[d.subtasks];
        long[] e = new long[d.subtasks];
        for (int id = 0; id < d.subtasks; id++) {
            nodeOf[id] = -1;
            for (int n : d.candidates[id]) {
                if (solver.booleanValue(m.x(id, n))) {
                    nodeOf[id] = n;
                }
            }
            s[id] = solver.value(m.start[id]);
            e[id] = solver.value(m.end[id]);
        }
        long objective = Math.round(solver.objectiveValue()) - m.objectiveOffsetUnits;
        return new Schedule(nodeOf, s, e, objective, scale);
    }

    private static double[] toDouble(long[] values) {
        return Arrays.stream(values).asDoubleStream().toArray();
    }

    private static SolveResult<PipelinePlan> finish(PipelineData data, boolean provedOptimal,
                                                     Schedule schedule, double bound, double tolerance,
                                                     PipelineIncumbent incumbent, Map<String, Object> stats,
                                                     long t0) {
        TimeScale scale = schedule.scale();
        PipelinePlan plan = data.planOf(schedule.nodeOf(), toDouble(schedule.startUnits()),
                toDouble(schedule.endUnits()), 1.0);
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(data.instance, plan);
        double cpObjective = scale.seconds(schedule.objectiveUnits());
        stats.put("evaluatorObjective", evaluation.objective());
        if (!evaluation.feasible()) {
            String why = "the evaluator rejects CP-SAT's plan: " + String.join("; ",
                    evaluation.violations().subList(0, Math.min(3, evaluation.violations().size())));
            if (incumbent.present()) {
                stats.put("gap", gap(incumbent.objective(), bound));
                return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                        seconds(t0), stats, why + "; returning the " + incumbent.source() + " plan");
            }
            return new SolveResult<>(null, SolveStatus.FAILED, cpObjective, bound, seconds(t0), stats, why);
        }
        double evalObjective = evaluation.objective();
        double tol = tolerance + 1e-9 * Math.max(1.0, Math.abs(cpObjective));
        stats.put("gap", gap(evalObjective, bound));
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
                notes.add("optimal: the evaluated plan meets " + (stats.containsKey("boundFrom")
                        ? "the " + stats.get("boundFrom") + " bound" : "CP-SAT's bound"));
            }
            return new SolveResult<>(plan, SolveStatus.OPTIMAL, cpObjective, Math.min(bound, evalObjective),
                    seconds(t0), stats, String.join("; ", notes));
        }
        if (incumbent.present() && incumbent.objective() < evalObjective) {
            notes.add("the " + incumbent.source() + " plan is better than CP-SAT's");
            return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                    seconds(t0), stats, String.join("; ", notes));
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, cpObjective, bound, seconds(t0), stats,
                String.join("; ", notes));
    }

    static double gap(double objective, double bound) {
        if (Double.isNaN(bound) || !Double.isFinite(objective)) {
            return Double.NaN;
        }
        return Math.max(0.0, (objective - bound) / Math.max(1e-12, Math.abs(objective)));
    }

    /** Names the constraint family that makes a model infeasible by re-solving without it. */
    private String diagnose(PipelineData d, TimeScale scale, long horizonUnits, long latencyCapUnits,
                            SolverSettings settings, long t0) {
        String prefix = "CP-SAT proved that no plan exists: ";
        boolean memory = false;
        boolean queue = d.anyQueueLimit();
        for (int n = 0; n < d.nodes; n++) {
            memory |= d.memoryLimit(n) >= 0;
        }
        String rounding = scale.exact() ? "" : String.format(Locale.ROOT,
                " (in the integer time model at %d units/s)", scale.unitsPerSecond());
        if (memory && feasibleWith(d, scale, horizonUnits, latencyCapUnits, options.withoutMemory(), settings, t0)) {
            return prefix + "the memory capacities cannot hold the weights of the layers together: "
                    + memorySummary(d) + "; without memory limits a plan exists";
        }
        if (queue && feasibleWith(d, scale, horizonUnits, latencyCapUnits, options.withoutQueueLimits(), settings,
                t0)) {
            return prefix + "no schedule keeps the waiting subtasks within the queue limits"
                    + queueSummary(d) + rounding + "; without queue limits a plan exists";
        }
        if (memory && queue && feasibleWith(d, scale, horizonUnits, latencyCapUnits,
                options.withoutMemory().withoutQueueLimits(), settings, t0)) {
            return prefix + "memory capacities and queue limits cannot be met together" + rounding;
        }
        return prefix + "no placement on allowed nodes connects every data edge, input and result over existing "
                + "channels" + (d.dynamic ? "" : " with one node per layer (static mode)") + rounding;
    }

    private static boolean feasibleWith(PipelineData d, TimeScale scale, long horizonUnits, long latencyCapUnits,
                                        PipelineCpSatModel.Options relaxed, SolverSettings settings, long t0) {
        PipelineCpSatModel m = new PipelineCpSatModel(d, scale, horizonUnits, latencyCapUnits, relaxed);
        if (m.buildFailure != null) {
            return false;
        }
        m.model.clearObjective();
        CpSolver solver = new CpSolver();
        double remaining = Math.max(0.5, Math.min(10.0, settings.timeLimitSeconds() - seconds(t0)));
        solver.getParameters().setMaxTimeInSeconds(remaining).setRandomSeed(settings.nativeSeed())
                .setNumWorkers(settings.threads());
        CpSolverStatus status = solver.solve(m.model);
        return status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
    }

    private static String memorySummary(PipelineData d) {
        List<String> parts = new ArrayList<>();
        for (int n = 0; n < d.nodes; n++) {
            long cap = d.memoryLimit(n);
            if (cap >= 0) {
                parts.add("'" + d.instance.node(n).name() + "' holds " + cap + " bytes");
            }
        }
        double[] weights = d.layerKeyWeightBytes.clone();
        Arrays.sort(weights);
        double total = Arrays.stream(weights).sum();
        return String.join(", ", parts) + "; the layers' weights total " + PipelineData.format(total) + " bytes";
    }

    private static String queueSummary(PipelineData d) {
        List<String> parts = new ArrayList<>();
        for (int n = 0; n < d.nodes; n++) {
            if (d.queueLimit(n) >= 0) {
                parts.add("'" + d.instance.node(n).name() + "' " + d.queueLimit(n));
            }
        }
        return " (" + String.join(", ", parts) + ")";
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

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
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
                settings.incumbents().improved(seconds(t0), objective, bound);
            }
        }
    }
}
