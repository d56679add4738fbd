package org.edgeplan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.edgeplan.bench.batch.Outcome;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.io.ShippedInstances;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitInstance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeplan sweep}: the bandwidth sweep of problem A. Every method runs on the shipped sweep instances
 * ({@code instances/multi-exit/sweep/ma2025-<scenario>-bwNN.json}); the evaluator scores each plan; the results go
 * to {@code sweep.csv} and one PNG per scenario and metric (latency, energy, cost against bandwidth, one line per
 * method, the proven joint optimum {@code exact-joint} in bold black). A table of each method's cost relative to
 * the optimum is printed.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Bandwidth sweep of the multi-exit problem: every method on the image and video scenarios at"
                + " 1..50 Mbit/s; writes sweep.csv and PNG plots, prints cost relative to the proven optimum."})
final class SweepCommand implements Callable<Integer> {
    /** The reference method: the proven joint optimum over exits, splits and shares. */
    static final String OPTIMUM = "exact-joint";
    /** Default methods, in plot and table order; the optimum last. */
    static final List<String> DEFAULT_METHODS = List.of("device-only", "edge-only", "aco-device-only-ear",
            "aco-edge-only-ear", "spinn-ear", "aco-ear", "fp-ar", "exact-bb", "aco-drl", "aco-bb", "min-flops-bb",
            OPTIMUM);
    static final List<String> SCENARIOS = List.of("image", "video");
    static final List<String> METRICS = List.of("latency", "energy", "cost");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results/sweep",
            description = "output directory (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            description = "scenarios, of image and video (default: both)")
    List<String> scenarios;

    @Option(names = "--bandwidths", split = ",", paramLabel = "MBITS",
            description = "sweep points in Mbit/s, of 1, 2, 5, 10, 20, 30, 40, 50 (default: all)")
    List<Integer> bandwidths;

    @Option(names = "--methods", split = ",", paramLabel = "NAME",
            description = "problem-A solvers to run (default: the paper's baselines, device-only, edge-only, exact-bb,"
                    + " aco-bb, min-flops-bb); exact-joint always runs as the reference")
    List<String> methods;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "60",
            description = "time limit per run in seconds (default ${DEFAULT-VALUE})")
    double timeLimitSeconds;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    /**
     * One method at one sweep point. Latency and energy are summed over the devices (expected values per task of
     * each device), so {@code cost = wT · latency + wE · energy}.
     */
    record Row(String scenario, int bandwidthMbits, String method, double latencySeconds, double energyJoules,
               double cost, String status, String message) {
    }

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        AtomicFiles.checkFolder(out);
        List<String> chosenScenarios = scenarios == null ? SCENARIOS : scenarios;
        for (String s : chosenScenarios) {
            if (!SCENARIOS.contains(s)) {
                throw new InvalidInputException("unknown scenario '" + s + "', expected one of " + SCENARIOS);
            }
        }
        List<Integer> points = new ArrayList<>();
        for (int mbits : ShippedInstances.SWEEP_MBITS) {
            points.add(mbits);
        }
        if (bandwidths != null) {
            for (int b : bandwidths) {
                if (!points.contains(b)) {
                    throw new InvalidInputException("no sweep instance at " + b + " Mbit/s; the shipped points are "
                            + points);
                }
            }
            points = points.stream().filter(bandwidths::contains).toList();
        }
        LinkedHashSet<String> names = new LinkedHashSet<>(methods == null ? DEFAULT_METHODS : methods);
        names.remove(OPTIMUM);
        names.add(OPTIMUM);
        SolverRegistry registry = SolverRegistry.load();
        List<Solver<?, ?>> solvers = names.stream().<Solver<?, ?>>map(n -> registry.find(ProblemKind.MULTI_EXIT, n))
                .toList();
        // Load every instance before running anything: a missing file fails the command at once.
        Path root = InstanceFiles.root();
        List<MultiExitInstance> instances = new ArrayList<>();
        for (String scenario : chosenScenarios) {
            for (int mbits : points) {
                instances.add(InstanceIo.readMultiExit(root.resolve(instancePath(scenario, mbits))));
            }
        }
        SolverSettings settings = new SolverSettings(timeLimitSeconds, seed, 1);
        List<Row> rows = new ArrayList<>();
        int k = 0;
        for (String scenario : chosenScenarios) {
            for (int mbits : points) {
                MultiExitInstance instance = instances.get(k++);
                for (Solver<?, ?> solver : solvers) {
                    rows.add(row(scenario, mbits, Outcome.run(solver, instance, settings, false)));
                }
            }
        }
        createDirectories(out);
        Path csv = out.resolve("sweep.csv");
        writeCsv(rows, csv);
        List<Path> plots = new ArrayList<>();
        for (String scenario : chosenScenarios) {
            for (String metric : METRICS) {
                Path png = out.resolve(scenario + "-" + metric + ".png");
                SweepPlots.write(rows, scenario, metric, OPTIMUM, png);
                plots.add(png);
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        for (String scenario : chosenScenarios) {
            w.print(relativeCostTable(rows, scenario, points, List.copyOf(names)));
            w.println();
        }
        w.println("cost / proven optimum (" + OPTIMUM + ") at each bandwidth in Mbit/s; the last row is the optimum's"
                + " cost. Latency and energy are summed over the devices; the model is EdgePlan's reconstruction of"
                + " Ma, Wang, Tang 2025.");
        // Only what needs attention: no plan, a time limit, or a solver that disagrees with the evaluator.
        rows.stream().filter(r -> !r.status().equals("optimal") && !r.status().equals("feasible")
                        || r.message().contains("time limit") || r.message().contains("evaluator"))
                .forEach(r -> w.println("note: " + r.scenario() + " " + r.bandwidthMbits() + " Mbit/s / " + r.method()
                        + ": " + r.message()));
        w.println("wrote " + csv + " and " + plots.size() + " plots in " + out);
        w.flush();
        return 0;
    }

    static String instancePath(String scenario, int mbits) {
        return String.format(Locale.ROOT, "multi-exit/sweep/ma2025-%s-bw%02d.json", scenario, mbits);
    }

    private static Row row(String scenario, int mbits, Outcome o) {
        if (o.evaluation() instanceof MultiExitEvaluation e && e.feasible()) {
            return new Row(scenario, mbits, o.solver(), e.totalLatencySeconds(), e.totalEnergyJoules(), e.cost(),
                    o.status().label(), o.message());
        }
        return new Row(scenario, mbits, o.solver(), Double.NaN, Double.NaN, Double.NaN, o.status().label(),
                o.message());
    }

    static String relativeCostTable(List<Row> rows, String scenario, List<Integer> points, List<String> methods) {
        List<String> header = new ArrayList<>();
        header.add(scenario);
        points.forEach(p -> header.add(String.valueOf(p)));
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (String method : methods) {
            List<Object> cells = new ArrayList<>();
            cells.add(method.equals(OPTIMUM) ? OPTIMUM + " (cost)" : method);
            for (int p : points) {
                double cost = find(rows, scenario, p, method).cost();
                double optimum = find(rows, scenario, p, OPTIMUM).cost();
                cells.add(method.equals(OPTIMUM) ? TextTable.num(cost)
                        : Double.isFinite(cost) ? String.format(Locale.ROOT, "%.3f", cost / optimum) : "-");
            }
            table.row(cells.toArray());
        }
        return table.render();
    }

    static Row find(List<Row> rows, String scenario, int mbits, String method) {
        return rows.stream().filter(r -> r.scenario().equals(scenario) && r.bandwidthMbits() == mbits
                && r.method().equals(method)).findFirst().orElseThrow();
    }

    /** CSV with a header; numbers as Java's shortest round-trip decimal, empty when there is no plan. */
    static void writeCsv(List<Row> rows, Path file) {
        StringBuilder sb = new StringBuilder("scenario,bandwidthMbits,method,latencySeconds,energyJoules,cost,status\n");
        for (Row r : rows) {
            sb.append(r.scenario()).append(',').append(r.bandwidthMbits()).append(',').append(r.method()).append(',')
                    .append(number(r.latencySeconds())).append(',').append(number(r.energyJoules())).append(',')
                    .append(number(r.cost())).append(',').append(r.status()).append('\n');
        }
        writeAtomically(file, sb.toString());
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** By the rules of {@link AtomicFiles}: a failed run never leaves half a file. */
    static void writeAtomically(Path file, String text) {
        AtomicFiles.write(file, text);
    }
}
