package org.edgeplan.pipeline.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineFixtures;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;

class PipelineBaselinesTest {
    private static final SolverSettings SETTINGS = SolverSettings.defaults().withTimeLimit(5);

    private static void assertParity(PipelineInstance instance, SolveResult<PipelinePlan> result) {
        assertThat(result.status()).as(result.message()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(PipelineEvaluator.evaluate(instance, result.plan()).objective())
                .isEqualTo(result.solverObjective());
    }

    @Test
    void deviceOnlyRunsEverythingOnTheDevice() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.5));
        SolveResult<PipelinePlan> result = new PipelineDeviceOnlySolver().solve(instance, SETTINGS);
        assertParity(instance, result);
        assertThat(result.plan().queue(1)).isEmpty();
        // Earliest ready first interleaves the requests: r0.L1 0..1; at 1 r1.L1 (ready 0.5) beats r0.L2 (ready 1):
        // 1..2; r0.L2 2..4; r1.L2 (ready 2) 4..6; r0.L3 (ready 4) 6..6.4; r1.L3 6.4..6.8.
        // Latencies 6.4 + (6.8 - 0.5) = 12.7.
        assertThat(result.plan().queue(0)).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(result.solverObjective()).isCloseTo(12.7, within(PipelineFixtures.EPS));
    }

    @Test
    void edgeOnlyRunsEachEndpointOnOneEdgeNode() {
        PipelineInstance instance = PipelineFixtures.chain(List.of(0.0, 0.5));
        SolveResult<PipelinePlan> result = new PipelineEdgeOnlySolver().solve(instance, SETTINGS);
        assertParity(instance, result);
        assertThat(result.plan().queue(0)).isEmpty();
        assertThat(result.plan().queue(1)).hasSize(6);
    }

    @Test
    void edgeOnlySpreadsEndpointsByLoad() {
        DnnGraph model = PipelineFixtures.chain3(0);
        PipelineInstance instance = new PipelineInstance("two-edges", "", List.of(
                Node.of("d0", NodeKind.DEVICE, 1e9), Node.of("d1", NodeKind.DEVICE, 1e9),
                Node.of("fast", NodeKind.EDGE, 4e9), Node.of("slow", NodeKind.EDGE, 2e9)), List.of(),
                Optional.of(new PipelineInstance.LinkSpec(8e6, 0.01)), Map.of(model.name(), model), List.of(
                new Endpoint("a", "d0", "m", List.of(0.0), List.of()),
                new Endpoint("b", "d1", "m", List.of(0.0), List.of())),
                PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, false);
        SolveResult<PipelinePlan> result = new PipelineEdgeOnlySolver().solve(instance, SETTINGS);
        assertParity(instance, result);
        // a -> fast (load 0.85 s); b: fast would reach 1.7 s, slow 1.7 s -> tie, lower index: fast again.
        assertThat(result.plan().queue(2)).hasSize(6);
    }

    @Test
    void infeasibleWithReasons() {
        PipelineInstance edgeOnlyAllowed = PipelineFixtures.single(
                List.of(PipelineFixtures.dev(), PipelineFixtures.edge(4e9, OptionalLong.empty(), OptionalInt.empty())),
                PipelineFixtures.bothWays(), PipelineFixtures.chain3(0), List.of(0.0), List.of("edge"),
                PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false);
        SolveResult<PipelinePlan> device = new PipelineDeviceOnlySolver().solve(edgeOnlyAllowed, SETTINGS);
        assertThat(device.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(device.message()).isEqualTo("endpoint 'cam' may not run layers on its own device 'dev'");
        assertThat(new PipelineEdgeOnlySolver().solve(edgeOnlyAllowed, SETTINGS).status())
                .isEqualTo(SolveStatus.FEASIBLE);

        PipelineInstance noEdge = PipelineFixtures.single(List.of(PipelineFixtures.dev()), List.of(),
                PipelineFixtures.chain3(0), List.of(0.0), List.of(), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, false);
        SolveResult<PipelinePlan> edge = new PipelineEdgeOnlySolver().solve(noEdge, SETTINGS);
        assertThat(edge.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(edge.message()).isEqualTo("instance 'tiny' has no edge or cloud node");

        PipelineInstance smallMemory = PipelineFixtures.chain(List.of(0.0), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, OptionalLong.of(100), OptionalInt.empty());
        SolveResult<PipelinePlan> tooBig = new PipelineEdgeOnlySolver().solve(smallMemory, SETTINGS);
        assertThat(tooBig.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(tooBig.message()).contains("node 'edge' holds the weights of 3 distinct layers");
    }

    @Test
    void registeredByName() {
        SolverRegistry registry = SolverRegistry.load();
        assertThat(registry.find(ProblemKind.PIPELINE, "device-only")).isInstanceOf(PipelineDeviceOnlySolver.class);
        assertThat(registry.find(ProblemKind.PIPELINE, "edge-only")).isInstanceOf(PipelineEdgeOnlySolver.class);
    }
}
