package org.edgeplan.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.formulations.pipeline.cpsat.CpSatGroupBound;
import org.edgeplan.formulations.pipeline.cpsat.PipelineCpSatSolver;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.bounds.LagrangianSolver;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;
import org.edgeplan.pipeline.bounds.ReleaseGroupBound;

/** {@code edgeplan bound}: the proven lower bound of a problem-B instance, for gaps where no exact solver finishes. */
@Command(name = "bound", mixinStandardHelpOptions = true,
        description = {"Print a proven lower bound on the optimum of a problem-B (pipeline) instance, in the"
                + " instance's objective seconds, and what gave it: a relaxation (contention-free or load), for total"
                + " latency the Lagrangian relaxation of node capacity (priced capacity, up to 10 s or a third of"
                + " --time-limit) and, where requests are released together, the sum of each release group's bound"
                + " alone (priced, and with --time-limit CP-SAT on the group; up to 10 s or a third), or, with"
                + " --time-limit, CP-SAT's bound on the whole model for the rest of the time (a proven optimum when"
                + " CP-SAT finishes).",
                "No plan scores below it: a solver's gap is (objective - bound) / objective."})
final class BoundCommand implements Callable<Integer> {
    /** Seconds the priced capacity may take without --time-limit. */
    static final int PRICED_DEFAULT_SECONDS = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    InstanceArgument instanceArgument;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "0",
            description = "seconds for the bounds that search: the priced capacity and the release groups get up"
                    + " to a third each, CP-SAT on the whole model the rest (default ${DEFAULT-VALUE}: no CP-SAT,"
                    + " priced capacity and priced release groups up to " + PRICED_DEFAULT_SECONDS + " s each)")
    double timeLimitSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "CP-SAT's seed (default 0)")
    long seed;

    @Override
    public Integer call() {
        Instance instance = instanceArgument.load();
        if (!(instance instanceof PipelineInstance pipeline)) {
            throw new InvalidInputException("bound: '" + instance.name() + "' is a " + instance.kind().label()
                    + " instance; lower bounds are computed for pipeline instances only");
        }
        if (!(timeLimitSeconds >= 0) || Double.isInfinite(timeLimitSeconds)) {
            throw new InvalidInputException("bound: --time-limit must be 0 (relaxations only) or a positive, finite "
                    + "number of seconds, got " + timeLimitSeconds);
        }
        long start = System.nanoTime();
        PipelineLowerBound bound = PipelineLowerBound.of(pipeline);
        double best = bound.seconds();
        String source = bound.relaxation() + " relaxation";
        SolveResult<PipelinePlan> priced = null;
        if (pipeline.objective() == PipelineObjective.TOTAL_LATENCY && Double.isFinite(best)) {
            double share = timeLimitSeconds > 0 ? timeLimitSeconds / 3 : PRICED_DEFAULT_SECONDS;
            priced = new LagrangianSolver().solve(pipeline, new SolverSettings(share, seed, 1));
            if (Double.isFinite(priced.bound()) && priced.bound() > best) {
                best = priced.bound();
                // The lagrangian method's bound is the best of its relaxations, its pricing and its release groups.
                source = "lagrangian: " + priced.statistics().get(StatisticKeys.BOUND_FROM);
            }
        }
        ReleaseGroupBound.Result groups = null;
        if (pipeline.objective() == PipelineObjective.TOTAL_LATENCY && Double.isFinite(best)) {
            // With --time-limit each group gets CP-SAT after its priced bound; without, the priced bound only.
            groups = ReleaseGroupBound.compute(pipeline, timeLimitSeconds > 0
                    ? CpSatGroupBound.pricedThenCpSat(seed) : ReleaseGroupBound.priced(),
                    Deadline.after(timeLimitSeconds > 0 ? timeLimitSeconds / 3 : PRICED_DEFAULT_SECONDS));
            if (groups.skipped() == null && groups.seconds() > best) {
                best = groups.seconds();
                source = "release groups, each alone (" + groups.describe() + ")";
            }
        }
        SolveResult<PipelinePlan> cpSat = null;
        double left = timeLimitSeconds - (System.nanoTime() - start) / 1e9;
        if (timeLimitSeconds > 0 && Double.isFinite(best) && left > 0) {
            cpSat = new PipelineCpSatSolver().solve(pipeline, new SolverSettings(left, seed, 1));
            if (cpSat.status() == SolveStatus.INFEASIBLE) {
                best = Double.POSITIVE_INFINITY;
                source = "cp-sat: no feasible plan (" + cpSat.message() + ")";
            } else if (Double.isFinite(cpSat.bound()) && cpSat.bound() > best) {
                best = cpSat.bound();
                source = "cp-sat on the whole model, " + (cpSat.status() == SolveStatus.OPTIMAL
                        ? "the proven optimum" : "its bound after " + timeLimitSeconds + " s");
            }
        }
        double millis = (System.nanoTime() - start) / 1e6;
        PrintWriter w = spec.commandLine().getOut();
        w.println("instance         " + pipeline.name() + " (" + InstancesCommand.size(pipeline) + ", "
                + pipeline.mode().label() + ")");
        w.println("objective        " + pipeline.objective().label());
        w.println("lower bound      " + seconds(best) + "  (" + source + ")");
        w.println("relaxation       " + bound.relaxation() + ": " + bound.detail());
        w.println("contention-free  " + seconds(bound.contentionFreeSeconds()));
        w.println("load             " + (Double.isInfinite(bound.loadSeconds()) ? "-" : seconds(bound.loadSeconds())));
        w.println("first blocks     " + (Double.isNaN(bound.firstBlockSeconds()) ? "- (requests released at "
                + "different times, makespan, or a model that is not a chain)" : seconds(bound.firstBlockSeconds())));
        if (priced != null) {
            Object steps = priced.statistics().get(LagrangianSolver.STEPS);
            w.println("priced capacity  " + (Double.isFinite(priced.bound()) ? seconds(priced.bound()) : "-") + " ("
                    + (steps == null ? "" : steps + " steps over " + priced.statistics().get(LagrangianSolver.SLOTS)
                    + " slots, ") + priced.statistics().get(LagrangianSolver.STOP) + (priced.plan() != null
                    ? "; best plan " + seconds(priced.solverObjective()) : "") + ")");
        }
        if (groups != null) {
            w.println("release groups   " + (groups.skipped() == null ? seconds(groups.seconds()) + " (" + groups.describe()
                    + ")" : "- (" + groups.describe() + ")"));
        }
        if (cpSat != null) {
            w.println("cp-sat           " + (Double.isFinite(cpSat.bound()) ? seconds(cpSat.bound()) : "-") + " ("
                    + cpSat.status().label() + (cpSat.plan() != null ? ", best plan " + seconds(cpSat.solverObjective())
                    : "") + ")");
        }
        w.println(String.format(Locale.ROOT, "computed in      %.1f ms", millis));
        w.flush();
        return 0;
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6g s", value);
    }
}
