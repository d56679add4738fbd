package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineFixtures;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.testing.RandomPipelines;

class DadsSolverTest {
    private static final SolverSettings SETTINGS = SolverSettings.defaults().withTimeLimit(5);

    /** The diamond fixture (a -> {b, c} -> d) with a 4 GFLOP/s edge and the 8 Mbit/s, 10 ms channels. */
    private static PipelineInstance fastDiamond() {
        return PipelineFixtures.single(List.of(PipelineFixtures.dev(),
                        PipelineFixtures.edge(4e9, OptionalLong.empty(), OptionalInt.empty())),
                        PipelineFixtures.bothWays(),
                PipelineFixtures.diamond(), List.of(0.0), List.of(), PlacementMode.STATIC,
                PipelineObjective.TOTAL_LATENCY, false);
    }

    /** The least additive cost over every device set closed under predecessors, by enumeration. */
    private static double enumeratedBest(PipelineInstance instance, int e, int server) {
        DnnGraph model = instance.model(e);
        int layers = model.layerCount();
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << layers; mask++) {
            boolean[] onDevice = new boolean[layers];
            boolean closed = true;
            for (int v = 0; v < layers; v++) {
                onDevice[v] = (mask >> v & 1) == 1;
            }
            for (int v = 0; v < layers && closed; v++) {
                for (int i = 0; i < model.predecessorCount(v) && closed; i++) {
                    closed = !onDevice[v] || onDevice[model.predecessor(v, i)];
                }
            }
            if (closed && (instance.allowed(e, instance.deviceOf(e)) || mask == 0)) {
                best = Math.min(best, DadsSolver.partitionCostSeconds(instance, e, server, onDevice));
            }
        }
        return best;
    }

    private static void assertClosedUnderPredecessors(DnnGraph model, boolean[] onDevice) {
        for (int v = 0; v < model.layerCount(); v++) {
            for (int i = 0; i < model.predecessorCount(v); i++) {
                if (onDevice[v]) {
                    assertThat(onDevice[model.predecessor(v, i)]).as("predecessor of a device layer").isTrue();
                }
            }
        }
    }

    @Test
    void diamondCutByHand() {
        PipelineInstance instance = fastDiamond();
        // All on the edge: input 0.51 + a 0.25 + b 0.25 + c 0.5 + d 0.25 + result 0.011 = 1.771.
        // {a} on the device: 1 + a->b 0.11 + a->c 0.11 + 1.0 + 0.011 = 2.231; {a, b}: 2 + 0.02 + 0.11 + 0.75 + 0.011
        // = 2.891; {a, c}: 3 + 0.11 + 0.21 + 0.5 + 0.011 = 3.831; all on the device: 5.
        assertThat(DadsSolver.partitionCostSeconds(instance, 0, 1, new boolean[] {true, false, false, false}))
                .isCloseTo(2.231, within(EPS));
        DadsSolver.Cut cut = DadsSolver.minimumCut(instance, 0, 1);
        assertThat(cut.onDevice()).containsExactly(false, false, false, false);
        assertThat(cut.costSeconds()).isCloseTo(1.771, within(EPS));
        assertThat(cut.costSeconds()).isCloseTo(enumeratedBest(instance, 0, 1), within(EPS));

        SolveResult<PipelinePlan> result = new DadsSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(result.plan().queue(1)).hasSize(4);
        // Alone on the edge b and c run one after the other: 0.51 + 0.25 + 0.25 + 0.5 + 0.25 + 0.011, the same 1.771.
        assertThat(result.solverObjective()).isCloseTo(1.771, within(EPS));
    }

    @Test
    void cutKeepsTheHeavyHeadOnTheDeviceWhenItsOutputIsSmall() {
        // A DAG where the device should keep the source (cheap to send its small output) and offload the branches:
        // s (0.1 GFLOP, out 1e3 B) -> {x (2 GFLOP), y (2 GFLOP)} -> z (0.1 GFLOP); input 2e6 B (2.01 s to send).
        DnnGraph model = new DnnGraph("fork", 2e6, 100, List.of(
                new DnnLayer("s", 1e8, 1e3, 0, List.of()),
                new DnnLayer("x", 2e9, 1e3, 0, List.of("s")),
                new DnnLayer("y", 2e9, 1e3, 0, List.of("s")),
                new DnnLayer("z", 1e8, 10, 0, List.of("x", "y"))));
        PipelineInstance instance = PipelineFixtures.single(List.of(PipelineFixtures.dev(),
                        PipelineFixtures.edge(4e9, OptionalLong.empty(), OptionalInt.empty())),
                        PipelineFixtures.bothWays(),
                model, List.of(0.0), List.of(), PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, false);
        DadsSolver.Cut cut = DadsSolver.minimumCut(instance, 0, 1);
        // {s}: 0.1 + 2 × 0.011 + (0.5 + 0.5 + 0.025) + 0.0101 = 1.1571; everything else is dearer.
        assertThat(cut.onDevice()).containsExactly(true, false, false, false);
        assertThat(cut.costSeconds()).isCloseTo(1.1571, within(EPS));
        assertThat(cut.costSeconds()).isCloseTo(enumeratedBest(instance, 0, 1), within(EPS));
    }

    @Test
    void minimumCutEqualsTheEnumeratedBestPartitionOnRandomDags() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 200; trial++) {
            DnnGraph model = RandomPipelines.dag(random, "m");
            List<Node> nodes = List.of(Node.of("dev", NodeKind.DEVICE, 1e8 * (1 + 20 * random.nextDouble())),
                    Node.of("e1", NodeKind.EDGE, 1e9 * (1 + 20 * random.nextDouble())),
                    Node.of("e2", NodeKind.EDGE, 1e9 * (1 + 20 * random.nextDouble())));
            List<String> allowed = random.nextInt(5) == 0 ? List.of("e1", "e2") : List.of();
            PipelineInstance instance = new PipelineInstance("random", "", nodes, List.of(),
                    Optional.of(new PipelineInstance.LinkSpec(1e6 * (1 + 100 * random.nextDouble()),
                            0.01 * random.nextDouble())), Map.of(model.name(), model),
                    List.of(new Endpoint("ep", "dev", model.name(), List.of(0.0), allowed)), PlacementMode.STATIC,
                    PipelineObjective.TOTAL_LATENCY, false);
            for (int server = 1; server <= 2; server++) {
                DadsSolver.Cut cut = DadsSolver.minimumCut(instance, 0, server);
                double best = enumeratedBest(instance, 0, server);
                assertThat(cut.costSeconds()).as("trial %d server %d", trial, server)
                        .isCloseTo(best, within(1e-9 * Math.max(1, best)));
                assertClosedUnderPredecessors(model, cut.onDevice());
                if (!allowed.isEmpty()) {
                    assertThat(cut.onDevice()).containsOnly(false);
                }
            }
            SolveResult<PipelinePlan> result = new DadsSolver().solve(instance, SETTINGS);
            assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
            assertThat(PipelineEvaluator.evaluate(instance, result.plan()).objective())
                    .isEqualTo(result.solverObjective());
        }
    }

    @Test
    void takesTheCheaperServerAndTheSamePartitionForEveryRequest() {
        DnnGraph model = PipelineFixtures.chain3(0);
        PipelineInstance instance = new PipelineInstance("two-servers", "", List.of(
                Node.of("dev", NodeKind.DEVICE, 1e9), Node.of("slow", NodeKind.EDGE, 2e9),
                Node.of("fast", NodeKind.EDGE, 8e9)), List.of(),
                Optional.of(new PipelineInstance.LinkSpec(8e6, 0.01)), Map.of(model.name(), model),
                List.of(new Endpoint("cam", "dev", model.name(), List.of(0.0, 1.0), List.of())), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, false);
        assertThat(DadsSolver.minimumCut(instance, 0, 2).costSeconds())
                .isLessThan(DadsSolver.minimumCut(instance, 0, 1).costSeconds());
        SolveResult<PipelinePlan> result = new DadsSolver().solve(instance, SETTINGS);
        // All on "fast": 0.51 + (1 + 2 + 0.4) / 8 + 0.011 = 0.946 per request, the requests do not overlap.
        assertThat(result.plan().nodeOf(instance.subtaskCount())).containsExactly(2, 2, 2, 2, 2, 2);
        assertThat(result.solverObjective()).isCloseTo(2 * 0.946, within(EPS));
    }
}
