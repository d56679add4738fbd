package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.PlanIo;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.JointExitSplitSolver;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplan certify}: score a multi-exit plan made anywhere (a Python agent, another tool) and measure it
 * against proven optima: exact-bb for the instance's default exit set, exact-bb for the plan's own exit set when it
 * differs, and exact-joint over all exit sets.
 */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"Score a multi-exit plan with the evaluator and give its gap to the proven optimum: for the"
                + " default exit set (exact-bb), for the plan's exit set if different (exact-bb), and over every exit"
                + " set (exact-joint), each with its proof status.",
                "A reference that was not proven within the time limit gives the gap as a range [vs its best plan,"
                        + " vs its lower bound].",
                "Exit status: 0 feasible, 3 infeasible, 2 bad input."})
final class CertifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INSTANCE", description = "multi-exit instance JSON file")
    Path instancePath;

    @Parameters(index = "1", paramLabel = "PLAN", description = "plan JSON file (the format of instances/README.md)")
    Path planPath;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "60",
            description = "time limit of each exact solve in seconds (default ${DEFAULT-VALUE})")
    double timeLimitSeconds;

    @Option(names = "--json", description = "print the certificate as JSON")
    boolean json;

    /**
     * One proven reference.
     *
     * @param name    what it is the optimum of
     * @param solver  the exact solver
     * @param exits   the exit set it optimised for (null: all)
     * @param result  the solver's result
     */
    record Reference(String name, String solver, ExitSet exits, SolveResult<MultiExitPlan> result) {
        double optimum() {
            return result.solverObjective();
        }

        boolean proven() {
            return result.status() == SolveStatus.OPTIMAL;
        }

        /** Gap of {@code objective} to the reference's plan (a lower bound on the gap when not proven). */
        double gap(double objective) {
            return (objective - optimum()) / optimum();
        }

        /** Gap of {@code objective} to the reference's lower bound (an upper bound on the gap). */
        double gapToBound(double objective) {
            return result.hasBound() ? (objective - result.bound()) / result.bound() : Double.NaN;
        }
    }

    @Override
    public Integer call() {
        Instance loaded = InstanceFiles.load(instancePath, null);
        if (!(loaded instanceof MultiExitInstance instance)) {
            throw new InvalidInputException("certify takes multi-exit instances; " + instancePath + " is a "
                    + loaded.kind().label() + " instance (use 'edgeplan evaluate')");
        }
        MultiExitPlan plan = (MultiExitPlan) PlanIo.read(planPath, instance);
        MultiExitEvaluation evaluation = MultiExitEvaluator.evaluate(instance, plan);
        SolverSettings settings = new SolverSettings(timeLimitSeconds, 0, 1);
        List<Reference> refs = new ArrayList<>();
        refs.add(new Reference("default exit set", "exact-bb", instance.defaultExits(),
                new MultiExitBranchAndBoundSolver().solve(instance, settings)));
        if (!plan.exits().equals(instance.defaultExits())) {
            refs.add(new Reference("the plan's exit set", "exact-bb", plan.exits(),
                    new MultiExitBranchAndBoundSolver().solve(instance.withDefaultExits(plan.exits()), settings)));
        }
        refs.add(new Reference("any exit set", "exact-joint", null, new JointExitSplitSolver().solve(instance, settings)));
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.pretty(toJson(instance, plan, evaluation, refs)));
        } else {
            w.print(EvaluationView.table(evaluation));
            w.println();
            TextTable t = new TextTable("optimum over", "solver", "exits", "optimum", "proof", "bound", "gap of plan");
            for (Reference r : refs) {
                t.row(r.name(), r.solver(), r.exits() == null ? r.result().plan().exits() + " (best)" : r.exits(),
                        r.optimum(), r.proven() ? "proven" : r.result().status().label() + ", not proven",
                        r.result().bound(), gapText(r, evaluation));
            }
            w.print(t.render());
            w.println("gap = (plan objective - optimum) / optimum; a negative gap to the default exit set means the"
                    + " plan's own exits do better.");
        }
        w.flush();
        return evaluation.feasible() ? 0 : EvaluateCommand.PLAN_INFEASIBLE;
    }

    private static String gapText(Reference r, MultiExitEvaluation e) {
        if (!e.feasible()) {
            return "- (plan infeasible)";
        }
        if (r.proven()) {
            return percent(r.gap(e.objective()));
        }
        return "in [" + percent(r.gap(e.objective())) + ", " + percent(r.gapToBound(e.objective())) + "]";
    }

    private static String percent(double fraction) {
        // Rounding noise of an equal objective (about 1e-16) prints as 0.0000 %, not -0.0000 %.
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.4f %%", Math.round(fraction * 1e6) / 1e4 + 0.0)
                : "-";
    }

    private static ObjectNode toJson(MultiExitInstance instance, MultiExitPlan plan, MultiExitEvaluation evaluation,
                                     List<Reference> refs) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("instance", instance.name());
        n.set("evaluation", EvaluationView.json(evaluation));
        ArrayNode exits = Json.MAPPER.createArrayNode();
        plan.exits().layers().forEach(exits::add);
        n.set("planExits", exits);
        ArrayNode references = n.putArray("references");
        for (Reference r : refs) {
            ObjectNode o = references.addObject();
            o.put("over", r.name());
            o.put("solver", r.solver());
            ArrayNode ex = o.putArray("exits");
            (r.exits() == null ? r.result().plan().exits() : r.exits()).layers().forEach(ex::add);
            o.put("status", r.result().status().label());
            o.put("proven", r.proven());
            Json.putNumber(o, "optimum", r.optimum());
            Json.putNumber(o, "bound", r.result().bound());
            Json.putNumber(o, "gap", evaluation.feasible() ? r.gap(evaluation.objective()) : Double.NaN);
            Json.putNumber(o, "gapUpperBound", evaluation.feasible() ? (r.proven() ? r.gap(evaluation.objective())
                    : r.gapToBound(evaluation.objective())) : Double.NaN);
            o.put("wallSeconds", r.result().wallSeconds());
            o.set("plan", PlanIo.toJsonNode(r.result().plan(), instance));
        }
        return n;
    }
}
