package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.edgeplan.Evaluators;
import org.edgeplan.core.Evaluation;
import org.edgeplan.core.Instance;
import org.edgeplan.core.Plan;
import org.edgeplan.io.PlanIo;

/** {@code edgeplan evaluate}: score a plan made anywhere (a solver, a PPO agent, by hand). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a plan with the problem's evaluator: feasibility with reasons, and every measure.",
                "Exit status: 0 feasible, 3 infeasible, 2 bad input."})
final class EvaluateCommand implements Callable<Integer> {
    /** Exit status when the plan is read correctly but violates a constraint. */
    static final int PLAN_INFEASIBLE = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    InstanceArgument instanceArgument;

    @Parameters(index = "1", paramLabel = "PLAN", description = "plan JSON file")
    Path planPath;

    @Option(names = "--json", description = "print the evaluation as JSON")
    boolean json;

    @Override
    public Integer call() {
        Instance instance = instanceArgument.load();
        Plan plan = PlanIo.read(planPath, instance);
        Evaluation evaluation = Evaluators.evaluate(instance, plan);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.pretty(EvaluationView.json(evaluation)));
        } else {
            w.print(EvaluationView.table(evaluation));
        }
        w.flush();
        // An infeasible plan is a valid answer with its own status, so scripts can tell it apart.
        return evaluation.feasible() ? 0 : PLAN_INFEASIBLE;
    }
}
