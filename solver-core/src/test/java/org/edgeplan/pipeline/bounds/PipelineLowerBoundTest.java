package org.edgeplan.pipeline.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineFixtures;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSimulator;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.pipeline.instances.StgImporter;
import org.edgeplan.pipeline.instances.StgOptima;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.RandomPipelines;

/** The lower bound is never above a feasible plan's objective, is exact where it must be, and tight on pure load. */
class PipelineLowerBoundTest {
    private static final List<String> SOLVERS = List.of("preschedule-retrieval", "heft", "neurosurgeon", "dads",
            "random", "device-only", "edge-only");

    @Test
    void neverAboveAnyRandomFeasiblePlanOfRandomInstances() {
        SplittableRandom random = new SplittableRandom(20251201L);
        int feasible = 0;
        for (int i = 0; i < 300; i++) {
            PipelineInstance base = RandomPipelines.instance(random, i % 2 == 1,
                    i % 3 == 0 ? PlacementMode.STATIC : PlacementMode.DYNAMIC);
            PipelineInstance instance = variant(base, random, i);
            PipelineLowerBound bound = PipelineLowerBound.of(instance);
            PipelineSimulator simulator = new PipelineSimulator(instance);
            for (int p = 0; p < 12; p++) {
                int[] nodeOf = RandomPipelines.placement(random, instance);
                PipelinePlan plan = p % 2 == 0 ? RandomPipelines.randomOrder(random, instance, nodeOf)
                        : ListScheduler.schedule(instance, nodeOf);
                double objective = simulator.objective(plan);
                if (Double.isFinite(objective)) {
                    feasible++;
                    assertThat(bound.seconds()).as("%s plan %d: %s", instance, p, bound).isLessThanOrEqualTo(objective);
                }
            }
            for (String name : SOLVERS) {
                checkSolver(name, instance, bound);
            }
        }
        assertThat(feasible).isGreaterThan(1000);
    }

    /** Makespan or total latency; sometimes allowed-node lists, missing links (no default channel), memory limits. */
    private static PipelineInstance variant(PipelineInstance base, SplittableRandom random, int i) {
        PipelineObjective objective = i % 4 < 2 ? PipelineObjective.TOTAL_LATENCY : PipelineObjective.MAKESPAN;
        List<Node> nodes = new ArrayList<>();
        for (Node n : base.nodes()) {
            boolean limit = n.kind() == NodeKind.EDGE && random.nextInt(4) == 0;
            nodes.add(new Node(n.name(), n.kind(), n.speedFlopsPerSecond(),
                    limit ? OptionalLong.of(0) : OptionalLong.empty(), OptionalInt.empty()));
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (Endpoint ep : base.endpoints()) {
            List<String> allowed = List.of();
            if (random.nextInt(3) == 0) {
                allowed = new ArrayList<>(List.of(ep.device()));
                for (Node n : base.nodes()) {
                    if (n.kind() == NodeKind.EDGE && random.nextBoolean()) {
                        allowed.add(n.name());
                    }
                }
            }
            endpoints.add(new Endpoint(ep.name(), ep.device(), ep.model(), ep.releaseTimesSeconds(), allowed));
        }
        boolean dropDefault = random.nextInt(4) == 0;
        List<Link> links = new ArrayList<>(base.links());
        if (dropDefault) {
            // Keep a channel device <-> edge0 both ways (with random extra latency), so some plans stay feasible.
            links.clear();
            for (Node n : base.nodes()) {
                if (n.kind() == NodeKind.DEVICE) {
                    links.add(new Link(n.name(), "edge0", 1e7, 0.001 * random.nextDouble()));
                    links.add(new Link("edge0", n.name(), 2e7, 0.001 * random.nextDouble()));
                }
            }
        }
        return new PipelineInstance(base.name() + "-" + i, "", nodes, links,
                dropDefault ? Optional.empty() : base.defaultLink(), base.models(), endpoints, base.mode(), objective,
                base.linkExclusive());
    }

    private static void checkSolver(String name, PipelineInstance instance, PipelineLowerBound bound) {
        Solver<?, ?> solver = SolverRegistry.load().find(ProblemKind.PIPELINE, name);
        @SuppressWarnings("unchecked")
        SolveResult<PipelinePlan> result = (SolveResult<PipelinePlan>) solver.solveAny(instance,
                new SolverSettings(10, 7, 1));
        if (result.status().hasPlan()) {
            double objective = PipelineEvaluator.objective(instance, result.plan());
            assertThat(bound.seconds()).as("%s on %s: %s", name, instance, bound).isLessThanOrEqualTo(objective);
        }
    }

    @Test
    void neverAboveHeuristicsOrRandomPlansOfShippedAndScaledInstances() {
        Path dir = ProjectRoot.instances().resolve("pipeline");
        List<PipelineInstance> instances = new ArrayList<>();
        for (String size : List.of("small", "medium", "large")) {
            instances.add(InstanceIo.readPipeline(dir.resolve(size + ".json")));
        }
        instances.add(ScaledPipelines.of("vgg5", 3, 2, 4, PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN));
        instances.add(ScaledPipelines.of("resnet18", 2, 1, 3, PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY));
        instances.add(ScaledPipelines.of("vgg16", 2, 2, 5, PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY));
        instances.add(ScaledPipelines.of("vgg5", 8, 1, 30, PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN));
        SplittableRandom random = new SplittableRandom(5L);
        for (PipelineInstance instance : instances) {
            PipelineLowerBound bound = PipelineLowerBound.of(instance);
            assertThat(bound.seconds()).as(instance.name()).isPositive().isFinite();
            PipelineSimulator simulator = new PipelineSimulator(instance);
            int plans = instance.subtaskCount() > 2000 ? 5 : 30;
            for (int p = 0; p < plans; p++) {
                PipelinePlan plan = ListScheduler.schedule(instance, RandomPipelines.placement(random, instance));
                double objective = simulator.objective(plan);
                if (Double.isFinite(objective)) {
                    assertThat(bound.seconds()).as(instance.name()).isLessThanOrEqualTo(objective);
                }
            }
            for (String name : SOLVERS) {
                checkSolver(name, instance, bound);
            }
        }
    }

    @Test
    void equalsTheExhaustiveOptimumOfOneRequestChainOnTwoNodes() {
        SplittableRandom random = new SplittableRandom(11L);
        int splitOptimal = 0;
        for (int i = 0; i < 60; i++) {
            int layers = 1 + random.nextInt(6);
            List<String> names = new ArrayList<>();
            double[] flops = new double[layers];
            double[] out = new double[layers];
            for (int v = 0; v < layers; v++) {
                names.add("L" + v);
                flops[v] = 1e8 * (1 + 30 * random.nextDouble());
                out[v] = 1e3 * (1 + 500 * random.nextDouble());
            }
            DnnGraph chain = DnnGraph.chain("m", 1e4 * (1 + 100 * random.nextDouble()), 100 * random.nextDouble(),
                    names, flops, out, new double[layers]);
            List<Link> links = List.of(new Link("dev", "edge", 1e7 * (1 + 9 * random.nextDouble()),
                    0.01 * random.nextDouble()), new Link("edge", "dev", 1e7 * (1 + 9 * random.nextDouble()),
                    0.01 * random.nextDouble()));
            PipelineObjective objective = i % 2 == 0 ? PipelineObjective.TOTAL_LATENCY : PipelineObjective.MAKESPAN;
            PipelineInstance instance = PipelineFixtures.single(List.of(Node.of("dev", NodeKind.DEVICE, 1e9),
                            Node.of("edge", NodeKind.EDGE, 1e9 * (2 + 20 * random.nextDouble()))), links, chain,
                    List.of(0.1 * random.nextDouble()), List.of(), PlacementMode.DYNAMIC, objective, false);
            // Every placement (2^layers), and separately the single splits (prefix on dev, suffix on edge).
            double best = Double.POSITIVE_INFINITY;
            double bestSplit = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < (1 << layers); mask++) {
                int[] nodeOf = new int[layers];
                boolean split = true;
                for (int v = 0; v < layers; v++) {
                    nodeOf[v] = (mask >> v) & 1;
                    split &= v == 0 || nodeOf[v] >= nodeOf[v - 1];
                }
                double value = PipelineEvaluator.objective(instance, ListScheduler.schedule(instance, nodeOf));
                best = Math.min(best, value);
                if (split) {
                    bestSplit = Math.min(bestSplit, value);
                }
            }
            PipelineLowerBound bound = PipelineLowerBound.of(instance);
            assertThat(bound.seconds()).as("chain %d", i).isEqualTo(best);
            assertThat(bound.relaxation()).isEqualTo("contention-free");
            assertThat(bound.seconds()).isLessThanOrEqualTo(bestSplit);
            if (bestSplit == best) {
                splitOptimal++;
            }
        }
        // Usually the best placement is a single split (Neurosurgeon's problem), where the bound equals it.
        assertThat(splitOptimal).isGreaterThan(30);
    }

    @Test
    void neverAboveThePublishedStgOptimaAndAtLeastTheCriticalPath() {
        Path csv = ProjectRoot.instances().resolve("stg/optima.csv");
        List<StgOptima.Entry> entries = StgOptima.read(csv);
        int checked = 0;
        for (int i = 0; i < entries.size(); i += Math.max(1, entries.size() / 12)) {
            StgOptima.Entry entry = entries.get(i);
            StgImporter.TaskGraph graph = StgImporter.parse(StgOptima.resolve(csv, entry));
            PipelineInstance instance = StgImporter.toInstance(graph, entry.processors());
            PipelineLowerBound bound = PipelineLowerBound.of(instance);
            assertThat(bound.seconds()).as(entry.toString()).isLessThanOrEqualTo(entry.optimalMakespan());
            // Zero communication: contention-free is the critical path; load gives total work / processors.
            double criticalPath = criticalPath(graph);
            assertThat(bound.contentionFreeSeconds()).isCloseTo(criticalPath, within(1e-9));
            assertThat(bound.seconds()).isGreaterThanOrEqualTo(
                    (double) graph.totalTime() / entry.processors() * (1 - 1e-8));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    private static double criticalPath(StgImporter.TaskGraph graph) {
        double[] finish = new double[graph.taskCount()];
        java.util.Arrays.fill(finish, -1);
        double longest = 0;
        for (int j = 0; j < graph.taskCount(); j++) {
            longest = Math.max(longest, finishOf(graph, j, finish));
        }
        return longest;
    }

    private static double finishOf(StgImporter.TaskGraph graph, int j, double[] finish) {
        if (finish[j] < 0) {
            double start = 0;
            for (int p : graph.predecessors()[j]) {
                start = Math.max(start, finishOf(graph, p, finish));
            }
            finish[j] = start + graph.times()[j];
        }
        return finish[j];
    }

    @Test
    void loadBoundsAreTightOnOneNodeWithSimultaneousRequests() {
        // 6 one-layer requests at t = 0, only the device allowed: makespan 6 d, total latency d (1 + ... + 6).
        DnnGraph one = DnnGraph.chain("m", 0, 0, List.of("L"), new double[] {1e9}, new double[] {0}, new double[1]);
        List<Double> releases = List.of(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for (PipelineObjective objective : PipelineObjective.values()) {
            PipelineInstance instance = PipelineFixtures.single(List.of(Node.of("dev", NodeKind.DEVICE, 1e9),
                            Node.of("edge", NodeKind.EDGE, 1e10)), List.of(), one, releases, List.of("dev"),
                    PlacementMode.DYNAMIC, objective, false);
            PipelineLowerBound bound = PipelineLowerBound.of(instance);
            double optimum = objective == PipelineObjective.MAKESPAN ? 6.0 : 21.0;
            // Makespan: the load bound; total latency: the first-block bound (the requests released together,
            // ordered on the device: d + 2d + ... + 6d), exact up to its 1e-10 margin, above the load bound's 1e-9.
            assertThat(bound.relaxation()).isEqualTo(objective == PipelineObjective.MAKESPAN ? "load" : "first-block");
            assertThat(bound.contentionFreeSeconds()).isEqualTo(objective == PipelineObjective.MAKESPAN ? 1.0 : 6.0);
            assertThat(bound.seconds()).isLessThanOrEqualTo(optimum).isCloseTo(optimum, within(1e-6));
            int[] nodeOf = new int[6];
            assertThat(PipelineEvaluator.objective(instance, ListScheduler.schedule(instance, nodeOf)))
                    .isEqualTo(optimum);
        }
    }

    @Test
    void aRequestThatCannotReachItsResultGivesAnInfiniteBound() {
        // The only allowed edge has no channel back to the device: no plan is feasible.
        DnnGraph one = DnnGraph.chain("m", 10, 10, List.of("L"), new double[] {1e9}, new double[] {0},
                new double[1]);
        PipelineInstance instance = PipelineFixtures.single(List.of(Node.of("dev", NodeKind.DEVICE, 1e9),
                        Node.of("edge", NodeKind.EDGE, 1e10)), List.of(new Link("dev", "edge", 1e6, 0)), one,
                List.of(0.0), List.of("edge"), PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false);
        assertThat(PipelineLowerBound.of(instance).seconds()).isInfinite();
    }

    @Test
    void srptSumsCompletionTimes() {
        // Jobs (release, work): (0, 3), (1, 1), (1, 4): SRPT runs 0-1 job A, 1-2 job B, 2-4 job A, 4-8 job C.
        assertThat(PipelineLowerBound.srpt(new double[] {0, 1, 1}, new double[] {3, 1, 4})).isEqualTo(2 + 4 + 8);
        assertThat(PipelineLowerBound.srpt(new double[] {5}, new double[] {0})).isEqualTo(5);
    }

    @Test
    void describesItself() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.0));
        String line = PipelineLowerBound.of(instance).describe(instance.objective());
        assertThat(line).startsWith("total-latency >= ");
    }
}
