package org.edgeplan.formulations.multiexit;

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
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;

/**
 * Problem A for the instance's default exit set as a MILP through OR-Tools' MPSolver, with the square of
 * {@code H = Σ h_i} replaced by outer approximation: binary {@code x_d<i>_s<split>} per kept option (one per device),
 * continuous {@code S = H} and {@code T ≥ 2pS − p²} for a growing set of tangent points p, minimise
 * {@code Σ g x + T}. Every such MILP is a relaxation, so its dual bound is a lower bound on the optimum. The loop:
 * solve, score the MILP's split vector with the true cost (the incumbent is the best so far), add the tangent at its H,
 * repeat until the certified relative gap {@code (incumbent − best lower bound) / incumbent} is at most the tolerance
 * (default {@value #DEFAULT_RELATIVE_TOLERANCE}) or time runs out. Costs are divided by the warm start's cost (and h
 * by its square root) so that the solvers' tolerances are relative; the constant parts of fixed devices and of every
 * device's cheapest option stay outside the MILP.
 *
 * <p>Bounds. SCIP reports a dual bound also on a time limit. OR-Tools' HiGHS interface reports the incumbent's value
 * as its bound, so a HiGHS round counts only when it ends optimal, and then as {@code value − gap · max(1, |value|)}
 * with the relative MIP gap passed to HiGHS. Bounds are exact up to the MILP solvers' feasibility tolerances (set to
 * 1e-9 on the normalised costs); {@code bound} is also at least the simple bound of {@link SplitChoices} and at most
 * the objective. {@link SolveStatus#OPTIMAL} means the certified gap is within the tolerance; on the time limit the
 * result is {@link SolveStatus#FEASIBLE} with the bound. If the backend is missing from the OR-Tools build the result
 * is {@link SolveStatus#FAILED} with a message saying so. Settings: the time limit (per round, the time left), the
 * seed (SCIP {@code randomization/randomseedshift}, HiGHS {@code random_seed}), threads (passed to
 * {@code MPSolver.setNumThreads}, which OR-Tools' HiGHS interface ignores).
 */
public class MilpSplitSolver extends SplitFormulationSolver {
    /** Largest certified relative gap for which the result is called optimal. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-7;

    /** Tangent points placed evenly over the range of S before the first round. */
    static final int INITIAL_TANGENTS = 16;

    private static final double FEASIBILITY_TOLERANCE = 1e-9;
    /**
     * Seconds per (free device x option) that OR-Tools' HiGHS interface spends handing the model to HiGHS, before
     * HiGHS's own clock can stop it: it grows faster than the model (measured on the 2-core machine of issue 15 with
     * {@code MultiExitFixtures.random(15, M, 13)} and a time limit too short for any search, two runs each:
     * 0.7-1.2 s over the limit at M = 2 000 (1 803 x 6 169), 3.5-5.2 s at M = 4 000 (3 617 x 13 708), 30-40 s at
     * M = 10 000 (9 067 x 33 899), i.e. 0.6-1.3e-7 s per entry). A round is only started when this conservative
     * estimate fits the time left.
     */
    static final double HIGHS_LOAD_SECONDS_PER_ENTRY = 2e-7;

    static double predictedHighsLoadSeconds(SplitChoices choices) {
        return HIGHS_LOAD_SECONDS_PER_ENTRY * choices.freeDeviceCount() * (double) choices.totalOptions();
    }

    /**
     * Seconds per option that SCIP's setup of a round (model transfer and presolve) takes outside its time limit, a
     * conservative round figure from one measurement (2026-12-02, the 2-core machine, {@code TimeLimitLongTest}): at
     * M = 100 000 ({@code random-15}: 90 700 free devices, 301 671 options) a 3 s limit ended after 6.0-7.2 s, about
     * 1e-5 s per option beyond the limit; at M = 10 000 (33 899 options) the round kept its limit. The estimate uses
     * twice that rate, and a round is only started when it fits the time left.
     */
    static final double SCIP_SETUP_SECONDS_PER_OPTION = 2e-5;

    static double predictedScipSetupSeconds(SplitChoices choices) {
        return SCIP_SETUP_SECONDS_PER_OPTION * choices.totalOptions();
    }

    /** Devices added to the model between two looks at the deadline. */
    private static final int BUILD_CHECK = 1024;

    /** The MILP solver behind MPSolver. */
    public enum Backend {
        SCIP("SCIP"),
        HIGHS("HIGHS");

        private final String solverId;

        Backend(String solverId) {
            this.solverId = solverId;
        }

        /** The name passed to {@link MPSolver#createSolver(String)}. */
        public String solverId() {
            return solverId;
        }
    }

    private final Backend backend;
    private final String solverId;

    /** A configuration; registered ones are {@link MilpScipSplitSolver} and {@link MilpHighsSplitSolver}. */
    public MilpSplitSolver(String name, Backend backend, SplitChoices.Reduction reduction, double relativeTolerance) {
        this(name, backend, backend.solverId(), reduction, relativeTolerance);
    }

    /** With another MPSolver id for the backend's parameters (tests use it to ask for a solver that is missing). */
    MilpSplitSolver(String name, Backend backend, String solverId, SplitChoices.Reduction reduction,
                    double relativeTolerance) {
        super(name, "MILP (" + solverId + " via MPSolver) of the split choice for the default exit set; the square"
                + " of the edge term by iterated tangent cuts until the certified gap closes", reduction,
                relativeTolerance);
        this.backend = backend;
        this.solverId = solverId;
    }

    public Backend backend() {
        return backend;
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        SplitChoices choices = SplitChoices.of(model, reduction, deadline);
        int m = choices.deviceCount();
        int[] best = choices.incumbentOptions();
        double bestCost = OptimalShares.costForSplits(model, choices.splitsOf(best));
        double lowerBound = Math.min(choices.simpleLowerBound(), bestCost);

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put(SolveResult.SCOPE, "exit set " + instance.defaultExits());
        stats.put("backend", solverId);
        putChoiceStatistics(stats, choices);
        stats.put("heuristicObjective", bestCost);
        if (choices.freeDeviceCount() == 0) {
            stats.put("rounds", 0);
            stats.put("gap", 0.0);
            return nothingToSearch(choices, best, bestCost, deadline, stats);
        }
        Loader.loadNativeLibraries();
        MPSolver solver = MPSolver.createSolver(solverId);
        if (solver == null) {
            return new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN, deadline.elapsedSeconds(), stats,
                    solverId + " is not available in this OR-Tools build (MPSolver.createSolver returned null)");
        }
        try {
            return loop(solver, model, choices, best, bestCost, lowerBound, deadline, settings, stats, m);
        } finally {
            solver.delete();
        }
    }

    private SolveResult<MultiExitPlan> loop(MPSolver solver, MultiExitCostModel model, SplitChoices choices,
                                            int[] best, double bestCost, double lowerBound, Deadline deadline,
                                            SolverSettings settings, Map<String, Object> stats, int m) {
        // Normalisation: cost / kappa, h / sqrt(kappa); constants outside the MILP.
        double kappa = bestCost > 0 ? bestCost : 1.0;
        double root = Math.sqrt(kappa);
        double gConstant = 0;
        double hConstant = 0;
        double hAll = 0;
        for (int i = 0; i < m; i++) {
            gConstant += choices.minG(i);
            hConstant += choices.minH(i);
            hAll += choices.maxH(i);
        }
        double sLow = hConstant / root;
        double sHigh = Math.max(Math.min(hAll, choices.hCap()) / root, sOf(choices, best, root));
        sHigh = Math.max(sHigh, sLow);

        // 1. Build.
        double inf = MPSolver.infinity();
        List<MPVariable> hintVars = new ArrayList<>();
        List<int[]> varOption = new ArrayList<>();
        MPVariable[][] x = new MPVariable[m][];
        MPVariable s = solver.makeNumVar(sLow, sHigh, "S");
        MPVariable t = solver.makeNumVar(0.0, inf, "T");
        MPConstraint sDefinition = solver.makeConstraint(hConstant / root, hConstant / root, "S_definition");
        sDefinition.setCoefficient(s, 1.0);
        MPObjective objective = solver.objective();
        objective.setMinimization();
        objective.setCoefficient(t, 1.0);
        for (int i = 0; i < m; i++) {
            if (i % BUILD_CHECK == BUILD_CHECK - 1 && deadline.expired()) {
                break; // the rounds below stop at once on the time limit: the half-built model is never solved
            }
            if (choices.fixed(i)) {
                continue;
            }
            x[i] = new MPVariable[choices.optionCount(i)];
            MPConstraint one = solver.makeConstraint(1.0, 1.0, "one_d" + i);
            for (int k = 0; k < x[i].length; k++) {
                x[i][k] = solver.makeBoolVar("x_d" + i + "_s" + choices.split(i, k));
                one.setCoefficient(x[i][k], 1.0);
                sDefinition.setCoefficient(x[i][k], -(choices.h(i, k) - choices.minH(i)) / root);
                objective.setCoefficient(x[i][k], (choices.g(i, k) - choices.minG(i)) / kappa);
                hintVars.add(x[i][k]);
                varOption.add(new int[] {i, k});
            }
        }
        List<Double> points = new ArrayList<>();
        for (int q = 0; q < INITIAL_TANGENTS; q++) {
            double p = sLow + (sHigh - sLow) * q / (INITIAL_TANGENTS - 1.0);
            addTangent(solver, s, t, points, p);
        }
        addTangent(solver, s, t, points, sOf(choices, best, root));
        int initialCuts = points.size();

        // 2. Solve, round after round.
        MPSolverParameters parameters = new MPSolverParameters();
        double mipGap = relativeTolerance / 10;
        parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, mipGap);
        parameters.setDoubleParam(MPSolverParameters.DoubleParam.PRIMAL_TOLERANCE, FEASIBILITY_TOLERANCE);
        int seed = settings.nativeSeed();
        String specific = backend == Backend.SCIP
                ? "randomization/randomseedshift = " + seed
                : "output_flag=false,log_to_console=false,random_seed=" + seed + ",mip_rel_gap=" + mipGap
                        + ",mip_abs_gap=0,mip_feasibility_tolerance=" + FEASIBILITY_TOLERANCE
                        + ",primal_feasibility_tolerance=" + FEASIBILITY_TOLERANCE;
        solver.setSolverSpecificParametersAsString(specific);
        boolean threadsAccepted = solver.setNumThreads(settings.threads());
        // OR-Tools' HiGHS interface accepts SetNumThreads and ignores it.
        stats.put("threads", backend == Backend.HIGHS ? "ignored by OR-Tools' HiGHS interface"
                : threadsAccepted ? settings.threads() : "rejected");
        int rounds = 0;
        long nodes = 0;
        String lastStatus = "none";
        String stop;
        boolean closed = false;
        while (true) {
            if (bestCost - lowerBound <= relativeTolerance * Math.abs(bestCost)) {
                closed = true;
                stop = "certified";
                break;
            }
            long remainingMs = deadline.remainingMillis();
            if (remainingMs < 1) {
                stop = "time limit";
                break;
            }
            double load = backend == Backend.HIGHS ? predictedHighsLoadSeconds(choices)
                    : predictedScipSetupSeconds(choices);
            if (load > remainingMs / 1000.0) {
                stop = String.format(java.util.Locale.ROOT, "time limit: %s would take about"
                        + " %.0f s to load the model (%d free devices x %d options), which cannot be stopped, and %.1f s"
                        + " are left", backend == Backend.HIGHS ? "OR-Tools' HiGHS interface" : "SCIP's setup", load,
                        choices.freeDeviceCount(), choices.totalOptions(), remainingMs / 1000.0);
                break;
            }
            solver.setTimeLimit(remainingMs);
            if (backend == Backend.SCIP) {
                // The incumbent with T = S² satisfies every cut. (OR-Tools' HiGHS interface mishandles hints.)
                double[] values = new double[hintVars.size() + 2];
                for (int v = 0; v < hintVars.size(); v++) {
                    int[] io = varOption.get(v);
                    values[v] = best[io[0]] == io[1] ? 1.0 : 0.0;
                }
                double sv = sOf(choices, best, root);
                values[hintVars.size()] = sv;
                values[hintVars.size() + 1] = sv * sv;
                MPVariable[] vars = hintVars.toArray(new MPVariable[hintVars.size() + 2]);
                vars[hintVars.size()] = s;
                vars[hintVars.size() + 1] = t;
                solver.setHint(vars, values);
            }
            MPSolver.ResultStatus status;
            try {
                status = solver.solve(parameters);
            } catch (IllegalArgumentException e) {
                // OR-Tools' Java enum lacks some native statuses (e.g. invalid solver parameters).
                lastStatus = "unmapped native status";
                stop = "the MILP solver returned a status OR-Tools' Java binding cannot map (" + e.getMessage() + ")";
                break;
            }
            rounds++;
            lastStatus = status.name();
            nodes += solver.nodes();
            if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                stop = "round " + rounds + " ended " + status;
                break;
            }
            double roundBound = Double.NEGATIVE_INFINITY;
            if (backend == Backend.SCIP) {
                roundBound = objective.bestBound();
            } else if (status == MPSolver.ResultStatus.OPTIMAL) {
                double value = objective.value();
                roundBound = value - mipGap * Math.max(1.0, Math.abs(value));
            }
            if (Double.isFinite(roundBound)) {
                lowerBound = Math.max(lowerBound, gConstant + kappa * roundBound);
            }
            int[] options = best.clone();
            for (int i = 0; i < m; i++) {
                if (x[i] == null) {
                    continue;
                }
                int arg = 0;
                for (int k = 1; k < x[i].length; k++) {
                    if (x[i][k].solutionValue() > x[i][arg].solutionValue()) {
                        arg = k;
                    }
                }
                options[i] = arg;
            }
            double cost = OptimalShares.costForSplits(model, choices.splitsOf(options));
            if (cost < bestCost) {
                bestCost = cost;
                best = options;
            }
            lowerBound = Math.min(lowerBound, bestCost);
            if (bestCost - lowerBound <= relativeTolerance * Math.abs(bestCost)) {
                continue; // closes the loop at the top
            }
            if (!addTangent(solver, s, t, points, sOf(choices, options, root))) {
                if (status != MPSolver.ResultStatus.OPTIMAL) {
                    stop = "time limit in round " + rounds;
                } else {
                    stop = "no new tangent point and the gap is still open (MIP gap of the backend)";
                }
                break;
            }
        }
        lowerBound = Math.min(lowerBound, bestCost);
        double gap = relativeGap(bestCost, lowerBound);
        stats.put("rounds", rounds);
        stats.put("cuts", points.size());
        stats.put("initialCuts", initialCuts);
        stats.put("nodes", nodes);
        stats.put("lastRoundStatus", lastStatus);
        stats.put("bound", lowerBound);
        stats.put("gap", gap);
        MultiExitPlan plan = OptimalShares.plan(model, choices.splitsOf(best));
        String message = String.format(Locale.ROOT, "%s after %d round(s), %d tangent cuts; certified relative gap"
                + " %.3g (tolerance %.3g)", stop, rounds, points.size(), gap, relativeTolerance);
        return new SolveResult<>(plan, closed ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE, bestCost, lowerBound,
                deadline.elapsedSeconds(), stats, message);
    }

    /** H of a vector in normalised units (h / sqrt(kappa)), summed as the MILP's S definition does. */
    private static double sOf(SplitChoices choices, int[] options, double root) {
        double sum = 0;
        for (int i = 0; i < options.length; i++) {
            sum += choices.h(i, options[i]);
        }
        return sum / root;
    }

    /** Adds {@code T ≥ 2pS − p²} unless a tangent at (almost) p exists; returns whether it added one. */
    private static boolean addTangent(MPSolver solver, MPVariable s, MPVariable t, List<Double> points, double p) {
        for (double q : points) {
            if (Math.abs(q - p) <= 1e-12 * Math.max(1.0, Math.abs(p))) {
                return false;
            }
        }
        MPConstraint cut = solver.makeConstraint(-p * p, MPSolver.infinity(), "tangent_" + points.size());
        cut.setCoefficient(t, 1.0);
        cut.setCoefficient(s, -2 * p);
        points.add(p);
        return true;
    }
}
