package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.edgeplan.bench.batch.Machine;
import org.edgeplan.bench.batch.Outcome;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.PolicyDrivenSolver;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.io.PlanIo;

/** {@code edgeplan solve}: run one solver on one instance and re-score its plan with the evaluator. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve an instance with one solver; the plan is re-scored by the problem's evaluator.",
                "Exit status: 0 a plan was found, 3 no plan (infeasible, or none within the time limit),"
                        + " 1 the solver failed, 2 bad input."})
final class SolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InstanceArgument instanceArgument;

    @Option(names = "--solver", required = true, paramLabel = "NAME", description = "solver name (see 'edgeplan solvers')")
    String solverName;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "60", description = "time limit in seconds (default ${DEFAULT-VALUE})")
    double timeLimitSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "worker threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--policy", paramLabel = "FILE", description = "policy file for solvers that act from one (ppo,"
            + " ppo-shares; see 'edgeplan train-ppo')")
    Path policy;

    @Option(names = "--out", paramLabel = "PLAN", description = "write the plan as JSON to this file")
    Path out;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() {
        // The plan file is checked before the solve (a refused --out costs nothing), and the inputs stay protected
        // until the end: "solve x.json --out x.json" is refused, never a replaced instance.
        AtomicFiles.Inputs inputs = AtomicFiles.protect(Arrays.asList(instanceArgument.path, policy));
        try {
            if (out != null) {
                AtomicFiles.checkTarget(out);
            }
            return solve();
        } finally {
            inputs.close();
        }
    }

    private int solve() {
        SolverSettings settings = new SolverSettings(timeLimitSeconds, seed, threads);
        Instance instance = instanceArgument.load();
        Solver<?, ?> solver = SolverRegistry.load().find(instance.kind(), solverName);
        if (policy != null) {
            if (!(solver instanceof PolicyDrivenSolver driven)) {
                throw new InvalidInputException("solver '" + solverName + "' does not take a --policy");
            }
            solver = driven.withPolicy(policy);
            if (solver instanceof PolicyDrivenSolver configured) {
                configured.requireApplicable(instance);
            }
        }
        // One solve per process here, so the process CPU time is this solve's (with JVM helper threads).
        // Input it cannot handle (too large for the solver or the heap) is exit status 2, not a solver failure.
        Outcome outcome = Outcome.run(solver, instance, settings, true, true);
        if (out != null && outcome.result().plan() != null) {
            PlanIo.write(outcome.result().plan(), instance, out);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = toJson(instance, settings, outcome);
            w.println(Json.pretty(node));
        } else {
            w.print(summary(instance, outcome));
            if (outcome.evaluation() != null) {
                w.println();
                w.print(EvaluationView.table(outcome.evaluation()));
            }
            if (out != null && outcome.result().plan() != null) {
                w.println("plan written to " + out);
            }
        }
        w.flush();
        return switch (outcome.status()) {
            case OPTIMAL, FEASIBLE -> 0;
            case INFEASIBLE, UNKNOWN -> EvaluateCommand.PLAN_INFEASIBLE;
            case FAILED -> 1;
        };
    }

    /** The result table of one run, with the message as a note below it. */
    static String summary(Instance instance, Outcome o) {
        TextTable t = new TextTable("instance", "solver", "status", "objective", "bound", "gap", "wall s");
        t.row(instance.name(), o.solver(), o.statusLabel(), o.objective(), o.result().bound(), o.gap(),
                TextTable.seconds(o.result().wallSeconds()));
        return t.render() + (o.message().isEmpty() ? "" : "note: " + o.message() + "\n") + scopeNote(o);
    }

    /** Explains a {@code *} status: the proof and bound hold only under the restriction the solver names. */
    static String scopeNote(Outcome o) {
        return o.statusLabel().endsWith("*") ? "* " + o.solver() + ": optimal and bound only among plans with the "
                + o.result().scope() + "\n" : "";
    }

    static ObjectNode toJson(Instance instance, SolverSettings settings, Outcome o) {
        SolveResult<?> result = o.result();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("instance", instance.name());
        n.put("instanceHash", InstanceIo.contentHash(instance));
        n.put("problem", instance.kind().label());
        n.put("solver", o.solver());
        n.put("status", o.status().label());
        if (!o.result().scope().isEmpty()) {
            n.put("scope", o.result().scope());
        }
        Json.putNumber(n, "objective", o.objective());
        Json.putNumber(n, "solverObjective", result.solverObjective());
        Json.putNumber(n, "bound", result.bound());
        Json.putNumber(n, "gap", o.gap());
        n.put("wallSeconds", result.wallSeconds());
        Json.putNumber(n, "cpuSeconds", o.cpuSeconds());
        Json.putNumber(n, "peakMemoryBytes", Machine.peakResidentBytes());
        ObjectNode s = n.putObject("settings");
        s.put("timeLimitSeconds", settings.timeLimitSeconds());
        s.put("seed", settings.seed());
        s.put("threads", settings.threads());
        n.put("message", o.message());
        ObjectNode stats = n.putObject("statistics");
        for (Map.Entry<String, Object> e : result.statistics().entrySet()) {
            stats.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
        }
        ArrayNode trajectory = n.putArray("trajectory");
        for (double[] point : o.trajectory()) {
            ArrayNode a = trajectory.addArray();
            for (double v : point) {
                if (Double.isFinite(v)) {
                    a.add(v);
                } else {
                    a.addNull();
                }
            }
        }
        if (o.evaluation() != null) {
            n.set("evaluation", EvaluationView.json(o.evaluation()));
        }
        if (result.plan() != null) {
            n.set("plan", PlanIo.toJsonNode(result.plan(), instance));
        } else {
            n.putNull("plan");
        }
        return n;
    }
}
