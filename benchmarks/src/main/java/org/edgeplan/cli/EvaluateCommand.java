package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.edgeplan.Evaluators;
import org.edgeplan.bench.report.GanttChart;
import org.edgeplan.bench.report.GanttFiles;
import org.edgeplan.core.Evaluation;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.Plan;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.PlanIo;
import org.edgeplan.pipeline.PipelineEvaluation;

/** {@code edgeplan evaluate}: score a plan made anywhere (a solver, a PPO agent, by hand). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score a plan with the problem's evaluator: feasibility with reasons, and every measure.",
                "Exit status: 0 feasible, 3 infeasible (no --gantt file written), 2 bad input."})
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

    @Option(names = "--gantt", paramLabel = "FILE", description = {"problem B: draw the schedule into FILE, SVG"
            + " (.svg, zoomable, a tooltip per bar) or PNG (.png): a lane per node and per busy exclusive channel,"
            + " subtasks coloured by endpoint, queue waits, stalls, releases and the objective"})
    Path gantt;

    @Override
    public Integer call() {
        // The picture's name and target are checked before anything is read, and the inputs stay protected until
        // the end: "evaluate i.json p.json --gantt p.json" is refused, never a replaced plan.
        if (gantt != null) {
            GanttFiles.formatOf(gantt);
        }
        AtomicFiles.Inputs inputs = AtomicFiles.protect(Arrays.asList(instanceArgument.path, planPath));
        try {
            if (gantt != null) {
                AtomicFiles.checkTarget(gantt);
            }
            return evaluate();
        } finally {
            inputs.close();
        }
    }

    private int evaluate() {
        Instance instance = instanceArgument.load();
        if (gantt != null && instance.kind() != ProblemKind.PIPELINE) {
            throw new InvalidInputException("--gantt draws problem-B (pipeline) schedules only; "
                    + instanceArgument.path + " is a " + instance.kind().label() + " instance");
        }
        Plan plan = PlanIo.read(planPath, instance);
        Evaluation evaluation = Evaluators.evaluate(instance, plan);
        boolean drawn = false;
        if (gantt != null && evaluation.feasible()) {
            Path name = planPath.getFileName();
            GanttFiles.write(GanttChart.of((PipelineEvaluation) evaluation, instance.name() + " \u00b7 plan "
                    + (name == null ? planPath : name)), gantt);
            drawn = true;
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.pretty(EvaluationView.json(evaluation)));
        } else {
            w.print(EvaluationView.table(evaluation));
            if (drawn) {
                w.println("Gantt chart written to " + gantt);
            } else if (gantt != null) {
                w.println("no Gantt chart: the plan is infeasible");
            }
        }
        w.flush();
        // An infeasible plan is a valid answer with its own status, so scripts can tell it apart.
        return evaluation.feasible() ? 0 : PLAN_INFEASIBLE;
    }
}
