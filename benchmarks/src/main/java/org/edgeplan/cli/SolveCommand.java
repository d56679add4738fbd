package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.edgeplan.Evaluators;
import org.edgeplan.core.Evaluation;
import org.edgeplan.core.Instance;
import org.edgeplan.core.Plan;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.PlanIo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code edgeplan solve}: run one solver on one instance and re-score its plan with the evaluator. */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve an instance with one solver; the plan is re-scored by the problem's evaluator.",
                "Exit status: 0 a plan was found, 3 no plan (infeasible, or none within the time limit),"
                        + " 1 the solver failed, 2 bad input."})
final class SolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "instance JSON file, or an STG graph (.stg)")
    Path instancePath;

    @Option(names = "--solver", required = true, paramLabel = "NAME", description = "solver name (see 'edgeplan solvers')")
    String solverName;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "60", description = "time limit in seconds (default ${DEFAULT-VALUE})")
    double timeLimitSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "worker threads (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--processors", paramLabel = "N", description = "processors, for STG graphs")
    Integer processors;

    @Option(names = "--out", paramLabel = "PLAN", description = "write the plan as JSON to this file")
    Path out;

    @Option(names = "--json", description = "print the result as JSON")
    boolean json;

    @Override
    public Integer call() {
        SolverSettings settings = new SolverSettings(timeLimitSeconds, seed, threads);
        Instance instance = InstanceFiles.load(instancePath, processors);
        Solver<?, ?> solver = SolverRegistry.load().find(instance.kind(), solverName);
        Outcome outcome = Outcome.run(solver, instance, settings);
        if (out != null && outcome.result().plan() != null) {
            PlanIo.write(outcome.result().plan(), instance, out);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = outcome.toJson(instance, settings);
            w.println(Json.pretty(node));
        } else {
            w.print(outcome.summary(instance));
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

    /** A solver's result together with the evaluator's verdict on its plan. */
    record Outcome(String solver, SolveResult<?> result, Evaluation evaluation, SolveStatus status, String message) {
        static Outcome run(Solver<?, ?> solver, Instance instance, SolverSettings settings) {
            SolveResult<?> result;
            long start = System.nanoTime();
            try {
                result = solver.solveAny(instance, settings);
            } catch (RuntimeException e) {
                // A crashing solver is reported, not propagated: one bad method must not end a comparison.
                double wall = (System.nanoTime() - start) / 1e9;
                String message = "solver '" + solver.name() + "' failed: " + (e.getMessage() == null
                        ? e.getClass().getSimpleName() : e.getMessage());
                return new Outcome(solver.name(), new SolveResult<>(null, SolveStatus.FAILED, Double.NaN, Double.NaN,
                        wall, Map.of(), message), null, SolveStatus.FAILED, message);
            }
            Plan plan = result.plan();
            if (plan == null) {
                return new Outcome(solver.name(), result, null, result.status(), result.message());
            }
            Evaluation evaluation = Evaluators.evaluate(instance, plan);
            SolveStatus status = result.status();
            String message = result.message();
            if (!evaluation.feasible()) {
                // The evaluator is the truth: a plan it rejects is a solver failure, whatever the solver claimed.
                status = SolveStatus.FAILED;
                message = "solver '" + solver.name() + "' returned a plan the evaluator rejects: "
                        + evaluation.violations().get(0);
            } else if (!Double.isNaN(result.solverObjective())
                    && Math.abs(result.solverObjective() - evaluation.objective())
                    > 1e-6 * Math.max(1.0, Math.abs(evaluation.objective()))) {
                message = (message.isEmpty() ? "" : message + "; ") + String.format(Locale.ROOT,
                        "solver objective %.9g differs from the evaluator's %.9g", result.solverObjective(),
                        evaluation.objective());
            }
            return new Outcome(solver.name(), result, evaluation, status, message);
        }

        double objective() {
            return evaluation == null ? Double.NaN : evaluation.objective();
        }

        /** Relative gap (objective − bound) / objective, NaN without a bound or plan. */
        double gap() {
            double obj = objective();
            if (!result.hasBound() || Double.isNaN(obj)) {
                return Double.NaN;
            }
            return obj == 0 ? 0 : Math.max(0, (obj - result.bound()) / Math.abs(obj));
        }

        String summary(Instance instance) {
            TextTable t = new TextTable("instance", "solver", "status", "objective", "bound", "gap", "wall s");
            t.row(instance.name(), solver, status.label(), objective(), result.bound(), gap(),
                    TextTable.seconds(result.wallSeconds()));
            return t.render() + (message.isEmpty() ? "" : "note: " + message + "\n");
        }

        ObjectNode toJson(Instance instance, SolverSettings settings) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("instance", instance.name());
            n.put("problem", instance.kind().label());
            n.put("solver", solver);
            n.put("status", status.label());
            Json.putNumber(n, "objective", objective());
            Json.putNumber(n, "solverObjective", result.solverObjective());
            Json.putNumber(n, "bound", result.bound());
            Json.putNumber(n, "gap", gap());
            n.put("wallSeconds", result.wallSeconds());
            ObjectNode s = n.putObject("settings");
            s.put("timeLimitSeconds", settings.timeLimitSeconds());
            s.put("seed", settings.seed());
            s.put("threads", settings.threads());
            n.put("message", message);
            ObjectNode stats = n.putObject("statistics");
            for (Map.Entry<String, Object> e : result.statistics().entrySet()) {
                stats.set(e.getKey(), Json.MAPPER.valueToTree(e.getValue()));
            }
            if (evaluation != null) {
                n.set("evaluation", EvaluationView.json(evaluation));
            }
            if (result.plan() != null) {
                n.set("plan", PlanIo.toJsonNode(result.plan(), instance));
            } else {
                n.putNull("plan");
            }
            return n;
        }
    }
}
