package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.testing.LongTest;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.RandomPipelines;

/**
 * A measurement, not a timed test (it asserts no time): runs every problem-B heuristic and baseline on the shipped
 * pipeline instances and on generated instances of about 1,000 subtasks, prints objective and median wall and
 * thread-CPU milliseconds (after a warm-up) as a Markdown table and writes it to
 * {@code solver-core/target/heuristics-timing.md}; and compares the heuristics' objectives on a family of congested
 * instances. Opt-in:
 * {@code mvn -B -q -pl solver-core test -Dtest=HeuristicsMeasurementTest -Dedgeplan.longTests=true}.
 */
@LongTest
class HeuristicsMeasurementTest {
    private static final List<String> SOLVERS = List.of("device-only", "edge-only", "random", "neurosurgeon", "dads",
            "heft", "preschedule-retrieval");
    private static final SolverSettings SETTINGS = new SolverSettings(60, 1, 1);

    @Test
    void measure() throws IOException {
        Path root = ProjectRoot.root();
        PipelineInstance medium = InstanceIo.readPipeline(root.resolve("instances/pipeline/medium.json"));
        Map<String, PipelineInstance> instances = new LinkedHashMap<>();
        for (String size : List.of("small", "medium", "large")) {
            instances.put(size + ".json",
                    InstanceIo.readPipeline(root.resolve("instances/pipeline/" + size + ".json")));
        }
        instances.put("medium x2.2 requests, dynamic", scaled(medium, 2.2, PlacementMode.DYNAMIC));
        instances.put("medium x2.2 requests, static", scaled(medium, 2.2, PlacementMode.STATIC));
        instances.put("random DAGs, dynamic", generated(new SplittableRandom(11), 1000, PlacementMode.DYNAMIC));
        instances.put("random DAGs, static", generated(new SplittableRandom(12), 1000, PlacementMode.STATIC));

        SolverRegistry registry = SolverRegistry.load();
        StringBuilder table = new StringBuilder();
        table.append("| instance | subtasks | solver | objective (s) | median wall ms | median CPU ms | runs |\n");
        table.append("|---|---:|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, PipelineInstance> entry : instances.entrySet()) {
            PipelineInstance instance = entry.getValue();
            for (String name : SOLVERS) {
                Solver<?, ?> solver = registry.find(ProblemKind.PIPELINE, name);
                double[][] millis = time(solver, instance);
                SolveResult<?> result = solver.solveAny(instance, SETTINGS);
                String objective = result.status().hasPlan()
                        ? String.format(Locale.ROOT, "%.4f", result.solverObjective()) : result.status().label();
                if (result.status().hasPlan()) {
                    assertThat(PipelineEvaluator.evaluate(instance, (PipelinePlan) result.plan()).objective())
                            .isEqualTo(result.solverObjective());
                }
                table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f | %.2f | %d |%n", entry.getKey(),
                        instance.subtaskCount(), name, objective, median(millis[0]), median(millis[1]),
                        millis[0].length));
            }
        }
        System.out.println(table);
        Path out = Path.of("target", "heuristics-timing.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
    }

    /**
     * Quality only (no timing): on 40 seeded congested instances (2-5 cameras with slow devices sharing one or two
     * modest edge servers, requests arriving faster than one node can serve them), each heuristic's objective divided
     * by the best objective any of them found on that instance; printed as the geometric mean of that ratio and the
     * number of instances where the heuristic found the best plan. Written to
     * {@code solver-core/target/heuristics-congested.md}. Everything here is seeded and deterministic, so the table
     * must be the one {@code solver-core/HEURISTICS-B.md} publishes, and every plan's objective must be the
     * evaluator's.
     */
    @Test
    void qualityOnCongestedInstances() throws IOException {
        SolverRegistry registry = SolverRegistry.load();
        int count = 40;
        double[] logRatio = new double[SOLVERS.size()];
        int[] best = new int[SOLVERS.size()];
        for (int i = 0; i < count; i++) {
            PipelineInstance instance = congested(new SplittableRandom(i),
                    i % 2 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC);
            double[] objective = new double[SOLVERS.size()];
            for (int j = 0; j < SOLVERS.size(); j++) {
                SolveResult<?> result = registry.find(ProblemKind.PIPELINE, SOLVERS.get(j)).solveAny(instance,
                        SETTINGS);
                assertThat(result.status().hasPlan()).as("%s on congested %d: %s", SOLVERS.get(j), i,
                        result.message()).isTrue();
                assertThat(PipelineEvaluator.evaluate(instance, (PipelinePlan) result.plan()).objective())
                        .as("%s on congested %d", SOLVERS.get(j), i).isEqualTo(result.solverObjective());
                objective[j] = result.solverObjective();
            }
            double least = Arrays.stream(objective).min().orElseThrow();
            for (int j = 0; j < SOLVERS.size(); j++) {
                logRatio[j] += Math.log(objective[j] / least);
                best[j] += objective[j] <= least * (1 + 1e-9) ? 1 : 0;
            }
        }
        StringBuilder table = new StringBuilder("| solver | geometric mean of objective / best | best on |\n");
        table.append("|---|---:|---:|\n");
        for (int j = 0; j < SOLVERS.size(); j++) {
            table.append(String.format(Locale.ROOT, "| %s | %.3f | %d of %d |%n", SOLVERS.get(j),
                    Math.exp(logRatio[j] / count), best[j], count));
        }
        System.out.println(table);
        Path out = Path.of("target", "heuristics-congested.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        String published = Files.readString(ProjectRoot.root().resolve("solver-core/HEURISTICS-B.md"));
        for (String row : table.toString().split("\n")) {
            assertThat(published).as("HEURISTICS-B.md publishes this row of the congested table").contains(row);
        }
    }

    /** A congested instance: one random DAG model shared by all cameras; see {@link #qualityOnCongestedInstances}. */
    static PipelineInstance congested(SplittableRandom random, PlacementMode mode) {
        DnnGraph model = RandomPipelines.dag(random, "m");
        int cameras = 2 + random.nextInt(4);
        List<Node> nodes = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        for (int e = 0; e < cameras; e++) {
            nodes.add(Node.of("d" + e, NodeKind.DEVICE, 1e9 * (0.5 + random.nextDouble())));
            endpoints.add(new Endpoint("cam" + e, "d" + e, model.name(), Endpoint.periodic(3 + random.nextInt(6),
                    0.05 + 0.2 * random.nextDouble(), 0.03 * e), List.of()));
        }
        int servers = 1 + random.nextInt(2);
        for (int s = 0; s < servers; s++) {
            nodes.add(Node.of("edge" + s, NodeKind.EDGE, 2e9 + 6e9 * random.nextDouble()));
        }
        return new PipelineInstance("congested", "", nodes, List.of(),
                Optional.of(new PipelineInstance.LinkSpec(1e7 + 9e7 * random.nextDouble(), 0.005)),
                Map.of(model.name(), model), endpoints, mode, PipelineObjective.TOTAL_LATENCY, false);
    }

    /**
     * Warm up (at least 20 runs and 0.5 s, at most 3 s, so that the JIT has compiled the hot paths), then up to 15
     * timed runs within 5 s; wall and thread-CPU milliseconds of each timed run (CPU time is the steadier figure on a
     * shared machine).
     */
    private static double[][] time(Solver<?, ?> solver, PipelineInstance instance) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long warmStart = System.nanoTime();
        for (int i = 0; (i < 20 || System.nanoTime() - warmStart < 5e8) && System.nanoTime() - warmStart < 3e9; i++) {
            solver.solveAny(instance, SETTINGS);
        }
        List<double[]> runs = new ArrayList<>();
        long measureStart = System.nanoTime();
        while (runs.size() < 15 && (runs.isEmpty() || System.nanoTime() - measureStart < 5e9)) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            solver.solveAny(instance, SETTINGS);
            long t1 = System.nanoTime();
            long cpu1 = threads.getCurrentThreadCpuTime();
            runs.add(new double[] {(t1 - t0) / 1e6, (cpu1 - cpu0) / 1e6});
        }
        return new double[][] {runs.stream().mapToDouble(r -> r[0]).toArray(),
            runs.stream().mapToDouble(r -> r[1]).toArray()};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }

    /** The instance with each endpoint's request count scaled (same first release and period). */
    static PipelineInstance scaled(PipelineInstance base, double factor, PlacementMode mode) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Endpoint ep : base.endpoints()) {
            List<Double> releases = ep.releaseTimesSeconds();
            double period = releases.size() > 1 ? releases.get(1) - releases.get(0) : 0.1;
            int count = (int) Math.round(ep.requestCount() * factor);
            endpoints.add(new Endpoint(ep.name(), ep.device(), ep.model(),
                    Endpoint.periodic(count, period, releases.get(0)), ep.allowedNodes()));
        }
        return new PipelineInstance(base.name() + "-x" + factor, base.description(), base.nodes(), base.links(),
                base.defaultLink(), base.models(), endpoints, mode, base.objective(), base.linkExclusive());
    }

    /**
     * Six endpoints with random DAG models of 8-16 layers on devices of 4-25 GFLOP/s, three edge servers of 300-1500
     * GFLOP/s, a 50 Mbit/s, 5 ms default link; periodic requests, as many as make about {@code subtasks}.
     */
    static PipelineInstance generated(SplittableRandom random, int subtasks, PlacementMode mode) {
        int endpoints = 6;
        List<Node> nodes = new ArrayList<>();
        Map<String, DnnGraph> models = new LinkedHashMap<>();
        List<DnnGraph> modelList = new ArrayList<>();
        int layersTotal = 0;
        for (int e = 0; e < endpoints; e++) {
            nodes.add(Node.of("dev" + e, NodeKind.DEVICE, 4e9 + 21e9 * random.nextDouble()));
            DnnGraph model = dag(random, "m" + e, 8 + random.nextInt(9));
            models.put(model.name(), model);
            modelList.add(model);
            layersTotal += model.layerCount();
        }
        for (int s = 0; s < 3; s++) {
            nodes.add(Node.of("edge" + s, NodeKind.EDGE, 3e11 + 1.2e12 * random.nextDouble()));
        }
        int requests = Math.max(1, Math.round((float) subtasks / layersTotal));
        List<Endpoint> eps = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            eps.add(new Endpoint("ep" + e, "dev" + e, modelList.get(e).name(),
                    Endpoint.periodic(requests, 0.05 + 0.15 * random.nextDouble(), 0.02 * random.nextDouble()),
                    List.of()));
        }
        return new PipelineInstance("generated-" + subtasks, "", nodes, List.of(),
                Optional.of(new PipelineInstance.LinkSpec(5e7, 0.005)), models, eps, mode,
                PipelineObjective.TOTAL_LATENCY, false);
    }

    /** A DAG whose layers read the previous layer and sometimes one earlier layer (skip connections). */
    private static DnnGraph dag(SplittableRandom random, String name, int layers) {
        List<DnnLayer> list = new ArrayList<>();
        for (int v = 0; v < layers; v++) {
            List<String> inputs = new ArrayList<>();
            if (v > 0) {
                inputs.add("l" + (v - 1));
            }
            if (v > 2 && random.nextInt(3) == 0) {
                inputs.add("l" + random.nextInt(v - 1));
            }
            list.add(new DnnLayer("l" + v, 5e7 + 4.5e8 * random.nextDouble(), 1e4 + 5e5 * random.nextDouble(), 1e6,
                    inputs));
        }
        return new DnnGraph(name, 1.5e5, 4000, list);
    }
}
