package org.edgeplan.formulations.multiexit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverResponse;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;

/**
 * Problem A for the instance's default exit set as a CP-SAT model with the closed-form-share objective
 * {@code Σ g_i(s_i) + (Σ h_i(s_i))²} modelled exactly in integers ({@link ScaledSplitCosts}): a Boolean
 * {@code x_d<i>_s<split>} per kept option, one per device, {@code S = Sc + Σ R_ik x_ik}, {@code S2 = S · S} by a
 * multiplication equality, minimise {@code Σ G_ik x_ik + S2}. Options come from {@link SplitChoices} (finite,
 * non-dominated, not excluded by the warm start's cost, unless built with {@link SplitChoices.Reduction#NONE});
 * the warm start is passed as a full hint.
 *
 * <p>Result semantics. {@code solverObjective} is the true cost of the returned plan (what the evaluator computes),
 * never the integer objective. {@code bound} is honest: {@code max(simple bound, Z_lb/σ² + Gc − ε↑)} with
 * {@code Z_lb} CP-SAT's proven integer lower bound and ε↑ the scaling error bound, so it never exceeds the true
 * optimum. {@link SolveStatus#OPTIMAL} only when CP-SAT proved the integer model optimal and the certified relative
 * gap {@code (objective − bound) / objective} is at most the tolerance (default {@value #DEFAULT_RELATIVE_TOLERANCE});
 * otherwise {@link SolveStatus#FEASIBLE} with the bound. If CP-SAT finds nothing in time the plan is the warm start's,
 * and the message says so. Settings: time limit, {@code random_seed} (seed mod 2^31), {@code num_workers} = threads.
 */
public final class CpSatSplitSolver extends SplitFormulationSolver {
    /** Largest certified relative gap for which the result is called optimal. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-7;

    /** Devices added to the model between two looks at the deadline. */
    private static final int BUILD_CHECK = 1024;

    private final long range;

    /** The registered configuration: "cp-sat", with reductions, tolerance 1e-7, integer range 2^60. */
    public CpSatSplitSolver() {
        this("cp-sat", SplitChoices.Reduction.DOMINANCE_AND_BOUND, DEFAULT_RELATIVE_TOLERANCE,
                ScaledSplitCosts.DEFAULT_RANGE);
    }

    /** Another configuration, e.g. the raw formulation without reductions for comparisons. */
    public CpSatSplitSolver(String name, SplitChoices.Reduction reduction, double relativeTolerance, long range) {
        super(name, "CP-SAT model of the split choice for the default exit set: integer-scaled costs, exact square by"
                + " a multiplication equality, honest bound after the scaling error", reduction, relativeTolerance);
        this.range = range;
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        MultiExitCostModel model = new MultiExitCostModel(instance, instance.defaultExits());
        SplitChoices choices = SplitChoices.of(model, reduction, deadline);
        ScaledSplitCosts scaled = ScaledSplitCosts.of(choices, range);
        int[] warm = choices.incumbentOptions();
        double warmCost = OptimalShares.costForSplits(model, choices.splitsOf(warm));
        double simpleBound = choices.simpleLowerBound();

        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put(SolveResult.SCOPE, "exit set " + instance.defaultExits());
        putChoiceStatistics(stats, choices);
        stats.put("scale", scaled.scale());
        stats.put("scalingErrorBound", scaled.errorBound());
        stats.put("scalingErrorAbove", scaled.errorAbove());
        stats.put("scalingErrorBelow", scaled.errorBelow());
        stats.put("heuristicObjective", warmCost);

        if (choices.freeDeviceCount() == 0) {
            stats.put("gap", 0.0);
            return nothingToSearch(choices, warm, warmCost, deadline, stats);
        }
        Loader.loadNativeLibraries();

        // 1. Build.
        int[] free = scaled.freeDevices();
        CpModel cp = new CpModel();
        BoolVar[][] x = new BoolVar[free.length][];
        LinearExprBuilder sDefinition = LinearExpr.newBuilder();
        LinearExprBuilder objective = LinearExpr.newBuilder();
        for (int t = 0; t < free.length; t++) {
            if (t % BUILD_CHECK == BUILD_CHECK - 1 && deadline.expired()) {
                return fallback(model, choices, warm, warmCost, simpleBound, deadline, stats,
                        "time limit while building the CP-SAT model");
            }
            int i = free[t];
            x[t] = new BoolVar[choices.optionCount(i)];
            for (int k = 0; k < x[t].length; k++) {
                x[t][k] = cp.newBoolVar("x_d" + i + "_s" + choices.split(i, k));
                sDefinition.addTerm(x[t][k], scaled.hInt(t, k));
                objective.addTerm(x[t][k], scaled.gInt(t, k));
                cp.addHint(x[t][k], k == warm[i]);
            }
            cp.addExactlyOne(x[t]);
        }
        IntVar s = cp.newIntVar(scaled.sMin(), scaled.sMax(), "S");
        sDefinition.add(scaled.sConstant());
        cp.addEquality(s, sDefinition);
        IntVar s2 = cp.newIntVar(scaled.sMin() * scaled.sMin(), scaled.sMax() * scaled.sMax(), "S2");
        cp.addMultiplicationEquality(s2, s, s);
        objective.add(s2);
        cp.minimize(objective);

        // 2. Solve.
        double remaining = deadline.remainingSeconds();
        if (remaining <= 0) {
            return fallback(model, choices, warm, warmCost, simpleBound, deadline, stats, "time limit before CP-SAT ran");
        }
        CpSolver solver = new CpSolver();
        solver.getParameters()
                .setMaxTimeInSeconds(remaining)
                .setRandomSeed(settings.nativeSeed())
                .setNumWorkers(settings.threads())
                .setLogSearchProgress(false);
        CpSolverStatus status = solver.solve(cp);
        CpSolverResponse response = solver.response();
        stats.put("cpSatStatus", status.name());
        stats.put("conflicts", response.getNumConflicts());
        stats.put("branches", response.getNumBranches());
        stats.put("cpSatWallSeconds", response.getWallTime());

        // 3. Extract.
        if (status == CpSolverStatus.MODEL_INVALID) {
            return new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN, deadline.elapsedSeconds(), stats,
                    "CP-SAT rejected the model: " + invalidReason(cp));
        }
        if (status == CpSolverStatus.INFEASIBLE) {
            return new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN, deadline.elapsedSeconds(), stats,
                    "CP-SAT reported the model infeasible although the warm start satisfies it (a modelling error)");
        }
        long integerLowerBound = response.getInnerObjectiveLowerBound();
        stats.put("integerLowerBound", integerLowerBound);
        double honest = Math.max(simpleBound, scaled.honestLowerBound(integerLowerBound));
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return fallback(model, choices, warm, warmCost, honest, deadline, stats,
                    "CP-SAT found no solution (" + status + ")");
        }
        int[] options = warm.clone();
        for (int t = 0; t < free.length; t++) {
            for (int k = 0; k < x[t].length; k++) {
                if (solver.booleanValue(x[t][k])) {
                    options[free[t]] = k;
                }
            }
        }
        long integerObjective = scaled.integerObjective(options);
        stats.put("integerObjective", integerObjective);
        int[] splits = choices.splitsOf(options);
        double cost = OptimalShares.costForSplits(model, splits);
        String source = "cp-sat";
        if (warmCost < cost) {
            // Rounding can make CP-SAT's best integer vector slightly worse in true cost than the warm start.
            splits = choices.splitsOf(warm);
            cost = warmCost;
            source = "warm start (cheaper in true cost than CP-SAT's vector)";
        }
        stats.put("planSource", source);
        double bound = Math.min(honest, cost);
        double gap = relativeGap(cost, bound);
        stats.put("gap", gap);
        stats.put("relativeScalingError", cost > 0 ? scaled.errorBound() / cost : 0.0);
        MultiExitPlan plan = OptimalShares.plan(model, splits);
        boolean certified = status == CpSolverStatus.OPTIMAL && cost - bound <= relativeTolerance * Math.abs(cost);
        String message;
        if (certified) {
            message = String.format(Locale.ROOT, "CP-SAT proved the integer model optimal; certified relative gap"
                    + " %.3g <= %.3g (scaling error <= %.3g)", gap, relativeTolerance, scaled.errorBound());
        } else if (status == CpSolverStatus.OPTIMAL) {
            message = String.format(Locale.ROOT, "CP-SAT proved the integer model optimal, but the scaling error"
                    + " (<= %.3g) leaves a certified relative gap of %.3g > %.3g", scaled.errorBound(), gap,
                    relativeTolerance);
        } else {
            message = String.format(Locale.ROOT, "time limit; certified relative gap %.3g", gap);
        }
        return new SolveResult<>(plan, certified ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE, cost, bound,
                deadline.elapsedSeconds(), stats, message);
    }

    /** The validator's reason, or else the first error line of a logged re-solve (e.g. overflow after presolve). */
    private static String invalidReason(CpModel cp) {
        String reason = cp.validate();
        if (!reason.isBlank()) {
            return firstLine(reason);
        }
        StringBuilder first = new StringBuilder();
        CpSolver again = new CpSolver();
        again.getParameters().setLogSearchProgress(true).setLogToStdout(false).setMaxTimeInSeconds(1.0);
        again.setLogCallback(line -> {
            if (first.length() == 0 && line.contains("rror")) {
                first.append(firstLine(line));
            }
        });
        again.solve(cp);
        return first.length() > 0 ? first.toString() : "no reason given";
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static SolveResult<MultiExitPlan> fallback(MultiExitCostModel model, SplitChoices choices, int[] warm,
                                                       double warmCost, double bound, Deadline deadline,
                                                       Map<String, Object> stats, String why) {
        double b = Math.min(bound, warmCost);
        stats.put("planSource", "warm start");
        stats.put("gap", relativeGap(warmCost, b));
        return new SolveResult<>(OptimalShares.plan(model, choices.splitsOf(warm)), SolveStatus.FEASIBLE, warmCost, b,
                deadline.elapsedSeconds(), stats, why + "; the plan is the warm-start heuristic's");
    }
}
