package org.edgeplan.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.edgeplan.core.Instance;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.instances.StgOptima;

/** {@code edgeplan instances}: the shipped instances, with their sizes, and the STG graphs with known optima. */
@Command(name = "instances", mixinStandardHelpOptions = true,
        description = {"List the shipped instances (instances/ below the checkout, or $EDGEPLAN_HOME/instances).",
                "STG graphs are problem-B instances on N identical processors: pass them to solve and evaluate"
                        + " with --processors N."})
final class InstancesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--stg", description = "List every STG graph and processor count with its published optimum.")
    boolean stg;

    @Override
    public Integer call() {
        Path root = InstanceFiles.root();
        TextTable table = new TextTable("file", "problem", "name", "size");
        for (Path file : InstanceFiles.jsonInstances(root, true)) {
            if (file.startsWith(root.resolve("stg"))) {
                continue;
            }
            Instance instance = InstanceFiles.load(file, null);
            table.row(InstanceFiles.display(file), instance.kind().label(), instance.name(), size(instance));
        }
        StringBuilder out = new StringBuilder(table.render());
        Path optimaCsv = root.resolve("stg").resolve("optima.csv");
        List<Path> graphs = InstanceFiles.stgGraphs(root.resolve("stg"));
        if (!graphs.isEmpty()) {
            List<StgOptima.Entry> optima = Files.exists(optimaCsv) ? StgOptima.read(optimaCsv) : List.of();
            out.append('\n').append(graphs.size()).append(" STG graphs in ").append(InstanceFiles.display(root.resolve("stg")))
                    .append(", ").append(optima.size()).append(" (graph, processors) pairs with a published optimum in ")
                    .append(InstanceFiles.display(optimaCsv)).append(stg ? "" : " (list them with --stg)").append('\n');
            if (stg) {
                TextTable t = new TextTable("file", "processors", "optimal makespan");
                for (StgOptima.Entry e : optima) {
                    t.row(InstanceFiles.display(StgOptima.resolve(optimaCsv, e)), e.processors(), e.optimalMakespan());
                }
                out.append(t.render());
            }
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String size(Instance instance) {
        if (instance instanceof MultiExitInstance m) {
            return m.devices().size() + " devices, " + m.dnn().layerCount() + " layers";
        }
        if (instance instanceof PipelineInstance p) {
            return p.subtaskCount() + " subtasks, " + p.requestCount() + " requests, " + p.nodeCount() + " nodes";
        }
        return "";
    }
}
