package org.edgeplan.formulations.pipeline.milp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.core.Stopwatch;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineHorizon;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.formulations.pipeline.TimeScaledInstance;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * Problem B as a disjunctive mixed-integer program through OR-Tools' MPSolver, for small instances. Times are
 * continuous seconds (no time scale), so the model uses the instance's numbers as they are.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li>{@code x_d_n} binary: decision d (a subtask, or a layer in static mode) on node n; one per decision.</li>
 *   <li>{@code s_v} start of each subtask; its end is {@code s_v + Σ_n p_vn x_vn}.</li>
 *   <li>Precedence u→v: {@code s_v >= end_u}, and for each pair (a, b) of nodes with a positive transfer
 *   {@code s_v >= s_u + p_ua + t_ab − M (2 − x_ua − x_vb)}; pairs without a channel are excluded.</li>
 *   <li>Input and result: linear in x (exactly one node), as in the evaluator.</li>
 *   <li>Disjunctions: for two subtasks not ordered by precedence and a node both may use, an order binary
 *   {@code o_uv} and {@code s_v >= s_u + p_un − M (1 − o_uv) − M (2 − x_un − x_vn)} and the converse.</li>
 *   <li>Memory: binary held-layer variables as in CP-SAT. Symmetry breaking and makespan load cuts as in CP-SAT.</li>
 * </ul>
 * The big-M is the horizon of {@link PipelineHorizon} (the best baseline's objective, or the serial bound) plus the
 * longest duration and transfer involved. The objective is regular, so as with CP-SAT the evaluator can only score
 * the extracted plan (queues in start order) the same or better.
 *
 * <p>Not modelled: queue limits and exclusive links (both need the evaluator's semi-active schedules, which the
 * CP-SAT model encodes); such instances get {@link SolveStatus#FAILED} with a message that says so. The MILP is
 * solved to a relative gap of 0; the incumbent is passed as a hint to SCIP only (MPSolver's HiGHS interface
 * crashes the JVM on a hint in OR-Tools 9.15, and it does not take a seed either). {@code OPTIMAL} is reported only when the back end proves it and the evaluator
 * agrees within 1e-6 relative (solver tolerances). The bound is the back end's best bound.
 */
public abstract class PipelineMilpSolver implements PipelineSolver {
    /** OR-Tools' MPSolver result status ({@code OPTIMAL}, {@code FEASIBLE}, ...). */
    public static final String MP_STATUS = "mpStatus";
    /** The MIP backend: SCIP or HIGHS. */
    public static final String BACKEND = "backend";
    /** Branch-and-bound nodes the backend explored. */
    public static final String NODES = "nodes";
    /** Simplex iterations of the backend. */
    public static final String SIMPLEX_ITERATIONS = "simplexIterations";
    /** The backend's wall time in seconds. */
    public static final String MP_WALL_SECONDS = "mpWallSeconds";
    /** Number of variables of the MILP. */
    public static final String VARIABLES = "variables";
    /** Number of constraints of the MILP. */
    public static final String CONSTRAINTS = "constraints";
    /** The big-M of the disjunctions, in seconds. */
    public static final String BIG_M = "bigM";
    /** Whether the backend accepted the thread count. */
    public static final String THREADS_APPLIED = "threadsApplied";
    /** Whether the backend accepted the seed. */
    public static final String SEED_APPLIED = "seedApplied";
    /** Whether the incumbent was given to the backend as a hint. */
    public static final String HINTED = "hinted";
    /** Whether HiGHS was run again without presolve after OR-Tools reported NOT_SOLVED. */
    public static final String PRESOLVE_RETRIED = "presolveRetried";
    /** The time factor k of the instance the MILP solved (every time multiplied by k; see TimeScaledInstance). */
    public static final String MODEL_UNITS_PER_SECOND = "modelUnitsPerSecond";

    /** Relative agreement between the MILP objective and the evaluator (MILP feasibility tolerances). */
    static final double RELATIVE_TOLERANCE = 1e-6;
    /**
     * Largest number of (subtask pair, shared node) disjunctions modelled (two big-M rows each): beyond it the model
     * alone takes gigabytes and minutes to build (pipeline-large has about 10^8) and is declined.
     */
    static final long MAX_DISJUNCTIONS = 500_000;
    /**
     * Seconds per disjunction that MPSolver spends before the back end's time limit applies (model conversion and
     * presolve), measured on pipeline/medium (215 720 disjunctions): 10.35 s with HiGHS and 11.6 s with SCIP under a 5 s
     * limit, about 50 us each (2026-12-02, this project's 2-core machine).
     */
    static final double SETUP_SECONDS_PER_DISJUNCTION = 50e-6;
    /** The solve starts only when that estimated setup takes at most this share of the time left. */
    static final double SETUP_SHARE = 0.5;
    /** Statistics of a solve declined for its setup time. */
    public static final String DISJUNCTIONS = "disjunctions";
    public static final String ESTIMATED_SETUP_SECONDS = "estimatedSetupSeconds";

    private final String backend;
    private final String name;

    protected PipelineMilpSolver(String backend, String name) {
        this.backend = backend;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "disjunctive big-M MILP through MPSolver/" + backend + " (small instances; no queue limits or"
                + " exclusive links)";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        long t0 = System.nanoTime();
        Loader.loadNativeLibraries();
        ExactModelInput d = new ExactModelInput(instance);
        CompiledPipeline c = d.compiled();
        if (d.infeasibleReason() != null) {
            return SolveResult.infeasible(d.infeasibleReason(), Stopwatch.secondsSince(t0));
        }
        if (instance.linkExclusive()) {
            return failed(name + " does not model exclusive links (FIFO channel queues need semi-active schedules);"
                    + " use cp-sat", t0);
        }
        if (c.anyQueueLimit()) {
            return failed(name + " does not model queue limits (they need semi-active schedules); use cp-sat", t0);
        }
        long disjunctions = disjunctions(d, MAX_DISJUNCTIONS);
        if (disjunctions > MAX_DISJUNCTIONS) {
            // No plan, and no failure either: the model would not fit (status unknown, exit 3, like a time limit).
            return SolveResult.noPlan(name + " declines: more than " + MAX_DISJUNCTIONS + " (pair, node) disjunctions"
                    + " for " + c.subtaskCount() + " subtasks (the disjunctive MILP is meant for small instances); use "
                    + "cp-sat, timefold or a heuristic", Stopwatch.secondsSince(t0));
        }
        MPSolver solver = MPSolver.createSolver(backend);
        if (solver == null) {
            return failed("the MPSolver back end " + backend + " is not in this OR-Tools build", t0);
        }
        // Solve in time units that put the horizon at 100-1000, against the back ends' absolute tolerances.
        PipelineIncumbent incumbent = PipelineIncumbent.best(d);
        double setupSeconds = disjunctions * SETUP_SECONDS_PER_DISJUNCTION;
        if (incumbent.present() && setupSeconds > SETUP_SHARE * deadline.remainingSeconds()) {
            // MPSolver hands the model to the back end and presolves it out of the time limit's reach: start only
            // when that can end well inside the limit (docs: README, time limits).
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put(DISJUNCTIONS, disjunctions);
            stats.put(ESTIMATED_SETUP_SECONDS, setupSeconds);
            stats.put(StatisticKeys.INCUMBENT, incumbent.source());
            stats.put(StatisticKeys.INCUMBENT_OBJECTIVE, incumbent.objective());
            return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), Double.NaN,
                    Stopwatch.secondsSince(t0), stats, String.format(Locale.ROOT, "%s declines to start: its model "
                            + "(%d disjunctions) takes about %.1f s to reach %s, which the time limit cannot "
                            + "interrupt, against %.1f s left; returning the %s plan", name, disjunctions,
                            setupSeconds, backend, deadline.remainingSeconds(), incumbent.source()));
        }
        double k = TimeScaledInstance.factorFor(PipelineHorizon.of(d, incumbent).horizonSeconds());
        ExactModelInput scaled = k == 1.0 ? d : new ExactModelInput(TimeScaledInstance.of(instance, k));
        try {
            return unscale(solve(scaled, incumbent.on(scaled), solver, settings, deadline, t0), k);
        } finally {
            solver.delete();
        }
    }

    /** Objective, bound and time-valued statistics back to seconds; plans are time-free. */
    private static SolveResult<PipelinePlan> unscale(SolveResult<PipelinePlan> r, double k) {
        if (k == 1.0) {
            return r;
        }
        Map<String, Object> stats = new LinkedHashMap<>(r.statistics());
        for (String key : List.of(StatisticKeys.EVALUATOR_OBJECTIVE, StatisticKeys.INCUMBENT_OBJECTIVE, BIG_M)) {
            if (stats.get(key) instanceof Double v) {
                stats.put(key, v / k);
            }
        }
        stats.put(MODEL_UNITS_PER_SECOND, k);
        String message = r.message() == null || r.message().isEmpty() ? r.message()
                : r.message() + String.format(Locale.ROOT, " (MILP values in units of 1/%.0f s)", k);
        return new SolveResult<>(r.plan(), r.status(), r.solverObjective() / k, r.bound() / k, r.wallSeconds(),
                stats, message);
    }

    /** HiGHS options: no banner, gaps 0, the seed; presolve on or off. */
    private static String highsOptions(int seed, boolean presolve) {
        return "output_flag=false,log_to_console=false," + (presolve ? "" : "presolve=off,")
                + "mip_rel_gap=0,mip_abs_gap=0,random_seed=" + seed;
    }

    /** (pair, node) disjunctions the model would have, counted up to {@code cap + 1}. */
    static long disjunctions(ExactModelInput d, long cap) {
        CompiledPipeline c = d.compiled();
        long count = 0;
        for (int u = 0; u < c.subtaskCount() && count <= cap; u++) {
            for (int v = u + 1; v < c.subtaskCount(); v++) {
                if (c.isAncestor(u, v) || c.isAncestor(v, u)) {
                    continue;
                }
                for (int node : d.candidates(u)) {
                    if (d.isCandidate(v, node)) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private SolveResult<PipelinePlan> failed(String message, long t0) {
        return new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN, Stopwatch.secondsSince(t0),
                Map.of(), message);
    }

    private SolveResult<PipelinePlan> solve(ExactModelInput d, PipelineIncumbent incumbent, MPSolver solver,
                                            SolverSettings settings, Deadline deadline, long t0) {
        CompiledPipeline c = d.compiled();
        solver.suppressOutput();
        PipelineHorizon horizonBound = PipelineHorizon.of(d, incumbent);
        double horizon = horizonBound.horizonSeconds() * (1 + 1e-9) + 1e-9;
        boolean makespanObjective = c.instance().objective() == PipelineObjective.MAKESPAN;
        double inf = MPSolver.infinity();
        int n = c.subtaskCount();

        MPVariable[][] decision = new MPVariable[c.decisionCount()][c.nodeCount()];
        for (int id = 0; id < n; id++) {
            int dec = c.decisionOf(id);
            if (decision[dec][d.candidates(id)[0]] != null) {
                continue;
            }
            MPConstraint one = solver.makeConstraint(1, 1, "one_d" + dec);
            for (int node : d.candidates(id)) {
                decision[dec][node] = solver.makeBoolVar("x_d" + dec + "_n" + node);
                one.setCoefficient(decision[dec][node], 1);
            }
        }
        List<int[]> groups = d.interchangeableGroups();
        for (int[] group : groups) {
            int i = 0;
            for (int dec = 0; dec < c.decisionCount() && i < group.length; dec++) {
                if (decision[dec][group[0]] == null) {
                    continue;
                }
                for (int k = i + 1; k < group.length; k++) {
                    decision[dec][group[k]].setUb(0);
                }
                i++;
            }
        }
        MPVariable[] start = new MPVariable[n];
        double maxDuration = 0;
        for (int id = 0; id < n; id++) {
            double est = c.isSource(id) ? c.releaseSeconds(c.requestOf(id)) : 0;
            start[id] = solver.makeNumVar(est, horizon, "s_" + id);
            for (int node : d.candidates(id)) {
                maxDuration = Math.max(maxDuration, c.computeSeconds(id, node));
            }
        }
        double bigM = horizon + maxDuration;
        // Precedence with transfers.
        for (int j = 0; j < c.edgeCount(); j++) {
            int u = c.producer(j);
            int v = c.consumer(j);
            MPConstraint after = solver.makeConstraint(0, inf, "prec_e" + j);
            after.setCoefficient(start[v], 1);
            after.setCoefficient(start[u], -1);
            for (int a : d.candidates(u)) {
                after.setCoefficient(x(decision, d, u, a), -c.computeSeconds(u, a));
            }
            for (int a : d.candidates(u)) {
                for (int b : d.candidates(v)) {
                    if (a == b) {
                        continue;
                    }
                    if (!c.instance().connected(a, b)) {
                        MPConstraint not = solver.makeConstraint(-inf, 1, "nochannel_e" + j + "_" + a + "_" + b);
                        not.setCoefficient(x(decision, d, u, a), 1);
                        not.setCoefficient(x(decision, d, v, b), 1);
                        continue;
                    }
                    double t = c.edgeTransferSeconds(j, a, b);
                    if (t <= 0) {
                        continue;
                    }
                    // s_v - s_u - M x_ua - M x_vb >= p_ua + t - 2M
                    double m = bigM + t;
                    MPConstraint row = solver.makeConstraint(c.computeSeconds(u, a) + t - 2 * m, inf,
                            "transfer_e" + j + "_" + a + "_" + b);
                    row.setCoefficient(start[v], 1);
                    row.setCoefficient(start[u], -1);
                    row.setCoefficient(x(decision, d, u, a), -m);
                    row.setCoefficient(x(decision, d, v, b), -m);
                }
            }
        }
        MPVariable[] completion = new MPVariable[c.requestCount()];
        for (int r = 0; r < c.requestCount(); r++) {
            completion[r] = solver.makeNumVar(c.releaseSeconds(r), inf, "c_" + r);
        }
        for (int id = 0; id < n; id++) {
            if (c.isSource(id)) {
                MPConstraint row = solver.makeConstraint(c.releaseSeconds(c.requestOf(id)), inf, "input_" + id);
                row.setCoefficient(start[id], 1);
                for (int node : d.candidates(id)) {
                    row.setCoefficient(x(decision, d, id, node), -c.inputTransferSeconds(id, node));
                }
            }
            if (c.isSink(id)) {
                int r = c.requestOf(id);
                MPConstraint row = solver.makeConstraint(0, inf, "result_" + r);
                row.setCoefficient(completion[r], 1);
                row.setCoefficient(start[id], -1);
                for (int node : d.candidates(id)) {
                    row.setCoefficient(x(decision, d, id, node),
                            -(c.computeSeconds(id, node) + c.resultTransferSeconds(r, node)));
                }
            }
        }
        // Disjunctions on shared nodes.
        Map<Long, MPVariable> orderVars = new LinkedHashMap<>();
        for (int u = 0; u < n; u++) {
            for (int v = u + 1; v < n; v++) {
                if (c.isAncestor(u, v) || c.isAncestor(v, u)) {
                    continue;
                }
                MPVariable order = null;
                for (int node : d.candidates(u)) {
                    if (!d.isCandidate(v, node)) {
                        continue;
                    }
                    if (order == null) {
                        order = solver.makeBoolVar("o_" + u + "_" + v);
                        orderVars.put((long) u * n + v, order);
                    }
                    MPVariable xu = x(decision, d, u, node);
                    MPVariable xv = x(decision, d, v, node);
                    // o = 1: u before v. s_v - s_u - M o + M xu + M xv >= p_un - 3M... written out:
                    // s_v >= s_u + p_un - M(1 - o) - M(2 - xu - xv)
                    MPConstraint before = solver.makeConstraint(c.computeSeconds(u, node) - 3 * bigM, inf,
                            "before_" + u + "_" + v + "_n" + node);
                    before.setCoefficient(start[v], 1);
                    before.setCoefficient(start[u], -1);
                    before.setCoefficient(order, -bigM);
                    if (xu == xv) {
                        before.setCoefficient(xu, -2 * bigM);
                    } else {
                        before.setCoefficient(xu, -bigM);
                        before.setCoefficient(xv, -bigM);
                    }
                    // s_u >= s_v + p_vn - M o - M(2 - xu - xv)
                    MPConstraint afterC = solver.makeConstraint(c.computeSeconds(v, node) - 2 * bigM, inf,
                            "after_" + u + "_" + v + "_n" + node);
                    afterC.setCoefficient(start[u], 1);
                    afterC.setCoefficient(start[v], -1);
                    afterC.setCoefficient(order, bigM);
                    if (xu == xv) {
                        afterC.setCoefficient(xu, -2 * bigM);
                    } else {
                        afterC.setCoefficient(xu, -bigM);
                        afterC.setCoefficient(xv, -bigM);
                    }
                }
            }
        }
        // Memory.
        for (int node = 0; node < c.nodeCount(); node++) {
            long capacity = c.memoryLimitBytes(node);
            if (capacity < 0) {
                continue;
            }
            Map<Integer, MPVariable> held = new LinkedHashMap<>();
            for (int id = 0; id < n; id++) {
                int key = c.layerKeyOf(id);
                if (!d.isCandidate(id, node) || c.layerKeyWeightBytes(key) <= 0) {
                    continue;
                }
                MPVariable lit = x(decision, d, id, node);
                if (!c.dynamic()) {
                    held.put(key, lit);
                    continue;
                }
                int where = node;
                MPVariable y = held.computeIfAbsent(key, k -> solver.makeBoolVar("holds_k" + k + "_n" + where));
                MPConstraint link = solver.makeConstraint(0, inf, "holds_s" + id + "_n" + node);
                link.setCoefficient(y, 1);
                link.setCoefficient(lit, -1);
            }
            if (!held.isEmpty()) {
                MPConstraint mem = solver.makeConstraint(-inf, capacity, "memory_n" + node);
                for (Map.Entry<Integer, MPVariable> e : held.entrySet()) {
                    mem.setCoefficient(e.getValue(), c.layerKeyWeightBytes(e.getKey()));
                }
            }
        }
        // Objective.
        MPObjective objective = solver.objective();
        double offset = 0;
        MPVariable makespan = null;
        if (makespanObjective) {
            makespan = solver.makeNumVar(0, inf, "makespan");
            for (MPVariable done : completion) {
                MPConstraint mk = solver.makeConstraint(0, inf, "makespan_" + done.name());
                mk.setCoefficient(makespan, 1);
                mk.setCoefficient(done, -1);
            }
            for (int node = 0; node < c.nodeCount(); node++) {
                MPConstraint load = solver.makeConstraint(0, inf, "load_n" + node);
                load.setCoefficient(makespan, 1);
                for (int id = 0; id < n; id++) {
                    if (d.isCandidate(id, node) && c.computeSeconds(id, node) > 0) {
                        MPVariable lit = x(decision, d, id, node);
                        load.setCoefficient(lit, load.getCoefficient(lit) - c.computeSeconds(id, node));
                    }
                }
            }
            objective.setCoefficient(makespan, 1);
        } else {
            for (int r = 0; r < c.requestCount(); r++) {
                objective.setCoefficient(completion[r], 1);
                offset += c.releaseSeconds(r);
            }
        }
        objective.setMinimization();
        // MPSolver's HiGHS interface crashes the JVM (SIGSEGV in HighsSolveProto, OR-Tools 9.15) when given a hint.
        boolean hinted = incumbent.present() && "SCIP".equals(backend);
        if (hinted) {
            hint(solver, d, decision, start, orderVars, incumbent, groups);
        }

        MPSolverParameters parameters = new MPSolverParameters();
        parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
        double remaining = Math.max(0.05, deadline.remainingSeconds());
        solver.setTimeLimit((long) Math.ceil(remaining * 1000));
        boolean threadsApplied = solver.setNumThreads(settings.threads());
        boolean seedApplied = "SCIP".equals(backend) && solver.setSolverSpecificParametersAsString(
                "randomization/randomseedshift = " + settings.nativeSeed());
        if (!"SCIP".equals(backend)) {
            // HiGHS: silence its banner on native stdout and pass the seed (OR-Tools reports false but applies them).
            // Gaps 0: HiGHS otherwise stops at an absolute gap of 1e-6 (s), a large relative gap on objectives of a
            // few milliseconds.
            solver.setSolverSpecificParametersAsString(highsOptions(settings.nativeSeed(), true));
        }
        MPSolver.ResultStatus status;
        String unknownStatus = null;
        boolean presolveRetried = false;
        try {
            status = solver.solve(parameters);
            if (!"SCIP".equals(backend) && status == MPSolver.ResultStatus.NOT_SOLVED && solver.iterations() == 0
                    && solver.nodes() == 0) {
                // OR-Tools 9.15 reports some models that HiGHS's presolve settles as NOT_SOLVED, with no iteration;
                // the same model without presolve solves (seen on TinyPipelines seed 5016 at some time scales).
                presolveRetried = true;
                double left = Math.max(0.05, deadline.remainingSeconds());
                solver.setTimeLimit((long) Math.ceil(left * 1000));
                solver.setSolverSpecificParametersAsString(highsOptions(settings.nativeSeed(), false));
                status = solver.solve(parameters);
            }
        } catch (IllegalArgumentException e) {
            // The Java enum lacks MPSOLVER_UNKNOWN_STATUS (99), which HiGHS can return at the time limit.
            status = MPSolver.ResultStatus.NOT_SOLVED;
            unknownStatus = e.getMessage();
        }

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put(PRESOLVE_RETRIED, presolveRetried);
        stats.put(MP_STATUS, unknownStatus == null ? status.name() : "UNKNOWN_STATUS");
        stats.put(BACKEND, backend);
        stats.put(NODES, solver.nodes());
        stats.put(SIMPLEX_ITERATIONS, solver.iterations());
        stats.put(MP_WALL_SECONDS, solver.wallTime() / 1000.0);
        stats.put(VARIABLES, solver.numVariables());
        stats.put(CONSTRAINTS, solver.numConstraints());
        stats.put(BIG_M, bigM);
        stats.put(THREADS_APPLIED, threadsApplied);
        stats.put(SEED_APPLIED, seedApplied);
        stats.put(HINTED, hinted);
        stats.put(StatisticKeys.INCUMBENT, incumbent.source());
        stats.put(StatisticKeys.INCUMBENT_OBJECTIVE, incumbent.objective());

        if (status == MPSolver.ResultStatus.INFEASIBLE) {
            return SolveResult.infeasible(name + " proved that no plan exists: the memory capacities, allowed nodes "
                    + "and channels cannot all be met", Stopwatch.secondsSince(t0));
        }
        boolean hasSolution = status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE;
        double bound = Double.NaN;
        if (hasSolution || (status == MPSolver.ResultStatus.NOT_SOLVED && unknownStatus == null)) {
            double b = objective.bestBound();
            if (Double.isFinite(b) && Math.abs(b) < 1e20) {
                bound = b - offset;
            }
        }
        if (!hasSolution) {
            if (status == MPSolver.ResultStatus.NOT_SOLVED && incumbent.present()) {
                stats.put(StatisticKeys.GAP, SolveResult.relativeGap(incumbent.objective(), bound));
                return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                        Stopwatch.secondsSince(t0), stats, name + " found no solution within the time limit; "
                        + "returning the " + incumbent.source() + " plan");
            }
            return new SolveResult<>(null, status == MPSolver.ResultStatus.NOT_SOLVED ? SolveStatus.UNKNOWN
                    : SolveStatus.FAILED, Double.NaN, bound, Stopwatch.secondsSince(t0), stats,
                    name + ": MPSolver status " + status.name());
        }
        double milpObjective = objective.value() - offset;
        int[] nodeOf = new int[n];
        double[] s = new double[n];
        double[] e = new double[n];
        for (int id = 0; id < n; id++) {
            nodeOf[id] = -1;
            double bestValue = -1;
            for (int node : d.candidates(id)) {
                double value = x(decision, d, id, node).solutionValue();
                if (value > bestValue) {
                    bestValue = value;
                    nodeOf[id] = node;
                }
            }
            s[id] = start[id].solutionValue();
            e[id] = s[id] + c.computeSeconds(id, nodeOf[id]);
        }
        PipelinePlan plan = d.planOf(nodeOf, s, e, 1e-7 * Math.max(1.0, horizon));
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(c.instance(), plan);
        stats.put(StatisticKeys.EVALUATOR_OBJECTIVE, evaluation.objective());
        if (!evaluation.feasible()) {
            String why = name + ": the evaluator rejects the MILP's plan: " + String.join("; ",
                    evaluation.violations().subList(0, Math.min(3, evaluation.violations().size())));
            if (incumbent.present()) {
                return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                        Stopwatch.secondsSince(t0), stats, why + "; returning the " + incumbent.source()
                        + " plan");
            }
            return new SolveResult<>(null, SolveStatus.FAILED, milpObjective, bound, Stopwatch.secondsSince(t0),
                    stats, why);
        }
        double evalObjective = evaluation.objective();
        double tol = RELATIVE_TOLERANCE * Math.max(1.0, Math.abs(milpObjective));
        stats.put(StatisticKeys.GAP, SolveResult.relativeGap(evalObjective, bound));
        boolean agrees = evalObjective <= milpObjective + tol;
        // Proof: the back end's status and a relative gap of at most RELATIVE_TOLERANCE (objectives are seconds,
        // often milliseconds, so an absolute tolerance would hide a real gap).
        boolean proved = status == MPSolver.ResultStatus.OPTIMAL && !Double.isNaN(bound)
                && evalObjective - bound <= RELATIVE_TOLERANCE * Math.abs(evalObjective) + 1e-12;
        String message = !agrees ? String.format(Locale.ROOT, "the evaluator scores the MILP's plan at %.9g, "
                + "the MILP at %.9g", evalObjective, milpObjective)
                : evalObjective < milpObjective - tol ? String.format(Locale.ROOT, "the evaluator closes idle gaps in "
                + "the MILP's schedule: %.9g instead of %.9g", evalObjective, milpObjective) : "";
        if (agrees && proved) {
            return new SolveResult<>(plan, SolveStatus.OPTIMAL, milpObjective, Math.min(bound, evalObjective),
                    Stopwatch.secondsSince(t0), stats, message);
        }
        if (incumbent.present() && incumbent.objective() < evalObjective) {
            return new SolveResult<>(incumbent.plan(), SolveStatus.FEASIBLE, incumbent.objective(), bound,
                    Stopwatch.secondsSince(t0), stats, (message.isEmpty() ? "" : message + "; ") + "the "
                    + incumbent.source() + " plan is better than the MILP's");
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, milpObjective, bound, Stopwatch.secondsSince(t0),
                stats, message);
    }

    private static MPVariable x(MPVariable[][] decision, ExactModelInput d, int id, int node) {
        CompiledPipeline c = d.compiled();
        return decision[c.decisionOf(id)][node];
    }

    /** Hints the incumbent (renamed to meet the symmetry rule): placement, evaluator start times, pair orders. */
    private static void hint(MPSolver solver, ExactModelInput d, MPVariable[][] decision, MPVariable[] start,
                             Map<Long, MPVariable> orderVars, PipelineIncumbent incumbent, List<int[]> groups) {
        CompiledPipeline c = d.compiled();
        PipelinePlan plan = d.canonical(incumbent.plan(), groups);
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(c.instance(), plan);
        if (!evaluation.feasible()) {
            return;
        }
        int[] nodeOf = plan.nodeOf(c.subtaskCount());
        List<MPVariable> vars = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int id = 0; id < c.subtaskCount(); id++) {
            if (seen.add(c.decisionOf(id))) {
                for (int node : d.candidates(id)) {
                    vars.add(x(decision, d, id, node));
                    values.add(node == nodeOf[id] ? 1.0 : 0.0);
                }
            }
            vars.add(start[id]);
            values.add(evaluation.startSeconds(id));
        }
        for (Map.Entry<Long, MPVariable> e : orderVars.entrySet()) {
            int u = (int) (e.getKey() / c.subtaskCount());
            int v = (int) (e.getKey() % c.subtaskCount());
            vars.add(e.getValue());
            values.add(evaluation.startSeconds(u) <= evaluation.startSeconds(v) ? 1.0 : 0.0);
        }
        solver.setHint(vars.toArray(new MPVariable[0]), values.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
