package org.edgeplan.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;

/** {@code edgeplan bound}: the proven lower bound of a problem-B instance, for gaps where no exact solver finishes. */
@Command(name = "bound", mixinStandardHelpOptions = true,
        description = {"Print a proven lower bound on the optimum of a problem-B (pipeline) instance, in the"
                + " instance's objective seconds, and the relaxation that gave it (contention-free or load).",
                "No plan scores below it: a solver's gap is (objective - bound) / objective."})
final class BoundCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InstanceArgument instanceArgument;

    @Override
    public Integer call() {
        Instance instance = instanceArgument.load();
        if (!(instance instanceof PipelineInstance pipeline)) {
            throw new InvalidInputException("bound: '" + instance.name() + "' is a " + instance.kind().label()
                    + " instance; lower bounds are computed for pipeline instances only");
        }
        long start = System.nanoTime();
        PipelineLowerBound bound = PipelineLowerBound.of(pipeline);
        double millis = (System.nanoTime() - start) / 1e6;
        PrintWriter w = spec.commandLine().getOut();
        w.println("instance         " + pipeline.name() + " (" + InstancesCommand.size(pipeline) + ", "
                + pipeline.mode().label() + ")");
        w.println("objective        " + pipeline.objective().label());
        w.println("lower bound      " + seconds(bound.seconds()));
        w.println("relaxation       " + bound.relaxation() + ": " + bound.detail());
        w.println("contention-free  " + seconds(bound.contentionFreeSeconds()));
        w.println("load             " + (Double.isInfinite(bound.loadSeconds()) ? "-" : seconds(bound.loadSeconds())));
        w.println(String.format(Locale.ROOT, "computed in      %.1f ms", millis));
        w.flush();
        return 0;
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.6g s", value);
    }
}
