package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.edgeplan.bench.batch.Outcome;
import org.edgeplan.core.Instance;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplan compare}: every applicable registered solver on each instance, one table. Without arguments it
 * runs the shipped base instances of both problems; this is the README's main job until the batch runner lands.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run every applicable solver on instances and print one results table.",
                "Without INSTANCE arguments: instances/multi-exit/*.json and instances/pipeline/*.json."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "INSTANCE", description = "instance JSON files")
    List<Path> instances = new ArrayList<>();

    @Option(names = "--solvers", split = ",", paramLabel = "NAME", description = "only these solvers")
    List<String> solverNames;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "10", description = "time limit per run in seconds (default ${DEFAULT-VALUE})")
    double timeLimitSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/compare",
            description = "write results.csv and results.md here (default ${DEFAULT-VALUE}); 'none' to skip")
    Path outDir;

    @Override
    public Integer call() {
        List<Path> paths = instances.isEmpty() ? defaultInstances() : instances;
        AtomicFiles.Inputs inputs = AtomicFiles.protect(paths);
        try {
            if (!outDir.toString().equals("none")) {
                AtomicFiles.checkFolder(outDir);
                AtomicFiles.checkTarget(outDir.resolve("results.csv"));
                AtomicFiles.checkTarget(outDir.resolve("results.md"));
            }
            return compare(paths);
        } finally {
            inputs.close();
        }
    }

    private int compare(List<Path> paths) {
        SolverSettings settings = new SolverSettings(timeLimitSeconds, seed, 1);
        // Load everything first: a bad file fails the command before any solver runs.
        List<Instance> loaded = paths.stream().map(p -> InstanceFiles.load(p, null)).toList();
        SolverRegistry registry = SolverRegistry.load();
        if (solverNames != null) {
            for (String name : solverNames) {
                boolean known = registry.all().stream().anyMatch(s -> s.name().equals(name));
                if (!known) {
                    throw new org.edgeplan.core.InvalidInputException("unknown solver '" + name + "'; see 'edgeplan solvers'");
                }
            }
        }
        TextTable table = new TextTable("instance", "solver", "status", "objective", "bound", "vs best", "wall s");
        StringBuilder csv = new StringBuilder("instance,problem,solver,status,objective,bound,vsBest,wallSeconds\n");
        StringBuilder md = new StringBuilder("| instance | solver | status | objective | bound | vs best | wall s |\n"
                + "|---|---|---|---:|---:|---:|---:|\n");
        List<String> notes = new ArrayList<>();
        for (Instance instance : loaded) {
            List<Outcome> outcomes = new ArrayList<>();
            for (Solver<?, ?> solver : registry.forProblem(instance.kind())) {
                if (solverNames == null || solverNames.contains(solver.name())) {
                    Outcome o = Outcome.run(solver, instance, settings, false);
                    outcomes.add(o);
                    if (!o.message().isEmpty()) {
                        notes.add(instance.name() + " / " + solver.name() + ": " + o.message());
                    }
                    String scope = SolveCommand.scopeNote(o).trim();
                    if (!scope.isEmpty() && !notes.contains(scope)) {
                        notes.add(scope);
                    }
                }
            }
            double best = outcomes.stream().mapToDouble(Outcome::objective).filter(Double::isFinite)
                    .min().orElse(Double.NaN);
            for (Outcome o : outcomes) {
                double rel = Double.isFinite(o.objective()) && best > 0 ? o.objective() / best : Double.NaN;
                String vsBest = Double.isNaN(rel) ? "-" : String.format(java.util.Locale.ROOT, "%.3fx", rel);
                table.row(instance.name(), o.solver(), o.statusLabel(), o.objective(), o.result().bound(),
                        vsBest, TextTable.seconds(o.result().wallSeconds()));
                csv.append(String.join(",", instance.name(), instance.kind().label(), o.solver(), o.status().label(),
                        csvNumber(o.objective()), csvNumber(o.result().bound()), csvNumber(rel),
                        csvNumber(o.result().wallSeconds()))).append('\n');
                md.append("| ").append(String.join(" | ", instance.name(), o.solver(), o.statusLabel(),
                        TextTable.num(o.objective()), TextTable.num(o.result().bound()), vsBest,
                        TextTable.seconds(o.result().wallSeconds()))).append(" |\n");
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        w.print(table.render());
        w.println();
        w.println("objective: the evaluator's score of each plan (lower is better); vs best: objective / lowest"
                + " objective on that instance; bound: proven lower bound, when the solver has one.");
        notes.forEach(n -> w.println("note: " + n));
        if (!outDir.toString().equals("none")) {
            md.append("\nSettings: time limit ").append(timeLimitSeconds).append(" s per run, seed ").append(seed)
                    .append(", 1 thread. objective: the evaluator's score (lower is better); vs best: objective /"
                            + " lowest objective on the instance; bound: proven lower bound.\n");
            notes.forEach(n -> md.append("\n- ").append(n));
            AtomicFiles.write(outDir.resolve("results.csv"), csv.toString());
            AtomicFiles.write(outDir.resolve("results.md"), md.append('\n').toString());
            w.println("wrote " + outDir.resolve("results.csv") + " and " + outDir.resolve("results.md"));
        }
        w.flush();
        return 0;
    }

    private static String csvNumber(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }

    private static List<Path> defaultInstances() {
        Path root = InstanceFiles.root();
        List<Path> out = new ArrayList<>(InstanceFiles.jsonInstances(root.resolve("multi-exit"), false));
        out.addAll(InstanceFiles.jsonInstances(root.resolve("pipeline"), false));
        return out;
    }
}
