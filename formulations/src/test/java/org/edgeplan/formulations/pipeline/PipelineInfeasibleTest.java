package org.edgeplan.formulations.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.junit.jupiter.api.Test;
import org.edgeplan.formulations.pipeline.cpsat.PipelineCpSatSolver;
import org.edgeplan.formulations.pipeline.milp.PipelineMilpHighsSolver;
import org.edgeplan.formulations.pipeline.milp.PipelineMilpScipSolver;
import org.edgeplan.formulations.pipeline.milp.PipelineMilpSolver;

/** Instances without any plan give INFEASIBLE with a reason, from every exact solver, never an exception. */
class PipelineInfeasibleTest {
    private static final SolverSettings SETTINGS = new SolverSettings(20, 0, 1);

    /** Chain L0 → L1 (weights 60 B each) of endpoint "cam" on "dev", with an edge node. */
    private static PipelineInstance instance(OptionalLong edgeMemory, OptionalInt edgeQueue, List<Link> links,
                                             List<String> allowed, List<Double> releases, PlacementMode mode) {
        DnnGraph chain = DnnGraph.chain("m", 1000, 10, List.of("L0", "L1"), new double[] {1e9, 1e9},
                new double[] {100, 10}, new double[] {60, 60});
        List<Node> nodes = List.of(Node.of("dev", NodeKind.DEVICE, 1e9),
                new Node("edge", NodeKind.EDGE, 4e9, edgeMemory, edgeQueue), Node.of("edge2", NodeKind.EDGE, 4e9));
        return new PipelineInstance("infeasible", "", nodes, links, Optional.empty(), Map.of("m", chain),
                List.of(new Endpoint("cam", "dev", "m", releases, allowed)), mode, PipelineObjective.TOTAL_LATENCY,
                false);
    }

    private static List<Link> devEdgeBothWays() {
        return List.of(new Link("dev", "edge", 8e6, 0.01), new Link("edge", "dev", 8e6, 0.01));
    }

    private static void assertInfeasible(PipelineInstance inst, String... fragments) {
        for (var solver : List.of(new PipelineCpSatSolver(), new PipelineMilpScipSolver(),
                new PipelineMilpHighsSolver())) {
            if (solver instanceof PipelineMilpSolver && inst.nodes().stream().anyMatch(n -> n.queueLimit().isPresent())) {
                continue;
            }
            SolveResult<PipelinePlan> r = solver.solve(inst, SETTINGS);
            assertThat(r.status()).as(solver.name() + ": " + r.message()).isEqualTo(SolveStatus.INFEASIBLE);
            assertThat(r.plan()).isNull();
            if (solver instanceof PipelineCpSatSolver) {
                for (String fragment : fragments) {
                    assertThat(r.message()).contains(fragment);
                }
            } else {
                assertThat(r.message()).isNotBlank();
            }
        }
    }

    @Test
    void layerWeightsLargerThanTheOnlyAllowedNode() {
        PipelineInstance inst = instance(OptionalLong.of(50), OptionalInt.empty(), devEdgeBothWays(),
                List.of("edge"), List.of(0.0), PlacementMode.DYNAMIC);
        assertInfeasible(inst, "layer 'L0' of endpoint 'cam' can run on no node",
                "'edge' has 50 bytes of memory, the layer's weights need 60");
    }

    @Test
    void layerAllowedNowhereReachable() {
        // Only edge2 is allowed, and no channel joins it to the device.
        PipelineInstance inst = instance(OptionalLong.empty(), OptionalInt.empty(), devEdgeBothWays(),
                List.of("edge2"), List.of(0.0), PlacementMode.DYNAMIC);
        assertInfeasible(inst, "can run on no node", "'edge2' has no channel from device 'dev' for the input");
    }

    @Test
    void memoryTooSmallForAllLayersTogether() {
        // Each layer fits the edge alone (60 <= 100) but not both (120), and only the edge is allowed.
        PipelineInstance inst = instance(OptionalLong.of(100), OptionalInt.empty(), devEdgeBothWays(),
                List.of("edge"), List.of(0.0), PlacementMode.STATIC);
        assertInfeasible(inst, "memory capacities cannot hold the weights", "'edge' holds 100 bytes",
                "without memory limits a plan exists");
    }

    @Test
    void noChannelBetweenTheOnlyPossibleNodes() {
        // The input can only reach edge, the result can only leave edge2, and edge cannot send to edge2.
        List<Link> links = List.of(new Link("dev", "edge", 8e6, 0.01), new Link("edge2", "dev", 8e6, 0.01));
        PipelineInstance inst = instance(OptionalLong.empty(), OptionalInt.empty(), links, List.of("edge", "edge2"),
                List.of(0.0), PlacementMode.DYNAMIC);
        assertInfeasible(inst, "no placement on allowed nodes connects every data edge");
    }

    @Test
    void queueLimitZeroWithSimultaneousRequests() {
        // Two requests released together must both start L0 on the edge at once: one of them waits.
        PipelineInstance inst = instance(OptionalLong.empty(), OptionalInt.of(0), devEdgeBothWays(),
                List.of("edge"), List.of(0.0, 0.0), PlacementMode.DYNAMIC);
        assertInfeasible(inst, "queue limits", "'edge' 0", "without queue limits a plan exists");
    }
}
