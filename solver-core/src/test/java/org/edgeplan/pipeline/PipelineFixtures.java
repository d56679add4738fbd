package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Tiny hand-checkable problem-B instances shared by the tests.
 *
 * <p>Numbers: device "dev" 1 GFLOP/s; edge "edge" 4 GFLOP/s (1 GFLOP/s in the diamond); channels dev->edge and
 * edge->dev at 8 Mbit/s (1 byte = 1 µs) with 10 ms latency.
 * Chain model "m": input 5e5 B (0.51 s to move), L1 1 GFLOP out 1e5 B (0.11 s), L2 2 GFLOP out 2e4 B (0.03 s),
 * L3 0.4 GFLOP out 10 B, result 1000 B (0.011 s). On dev L1/L2/L3 take 1 / 2 / 0.4 s, on edge 0.25 / 0.5 / 0.1 s.
 */
public final class PipelineFixtures {
    public static final double EPS = 1e-9;

    private PipelineFixtures() {
    }

    public static Node dev() {
        return Node.of("dev", NodeKind.DEVICE, 1e9);
    }

    public static Node edge(double speed, OptionalLong memory, OptionalInt queueLimit) {
        return new Node("edge", NodeKind.EDGE, speed, memory, queueLimit);
    }

    public static List<Link> bothWays() {
        return List.of(new Link("dev", "edge", 8e6, 0.01), new Link("edge", "dev", 8e6, 0.01));
    }

    public static DnnGraph chain3(double weightBytes) {
        return DnnGraph.chain("m", 5e5, 1000, List.of("L1", "L2", "L3"), new double[] {1e9, 2e9, 4e8},
                new double[] {1e5, 2e4, 10}, new double[] {weightBytes, weightBytes, weightBytes});
    }

    /** Diamond a -> {b, c} -> d; flops 1, 1, 2, 1 GFLOP; outputs 1e5, 1e4, 2e5, 10 B. */
    public static DnnGraph diamond() {
        return new DnnGraph("diamond", 5e5, 1000, List.of(
                new DnnLayer("a", 1e9, 1e5, 0, List.of()),
                new DnnLayer("b", 1e9, 1e4, 0, List.of("a")),
                new DnnLayer("c", 2e9, 2e5, 0, List.of("a")),
                new DnnLayer("d", 1e9, 10, 0, List.of("b", "c"))));
    }

    /** One endpoint "cam" on "dev" with the given model and release times. */
    public static PipelineInstance single(List<Node> nodes, List<Link> links, DnnGraph model, List<Double> releases,
                                          List<String> allowed, PlacementMode mode, PipelineObjective objective,
                                          boolean exclusive) {
        return new PipelineInstance("tiny", "", nodes, links, Optional.empty(), Map.of(model.name(), model),
                List.of(new Endpoint("cam", "dev", model.name(), releases, allowed)), mode, objective, exclusive);
    }

    public static PipelineInstance chain(List<Double> releases, PlacementMode mode, PipelineObjective objective,
                                         OptionalLong edgeMemory, OptionalInt edgeQueueLimit) {
        return single(List.of(dev(), edge(4e9, edgeMemory, edgeQueueLimit)), bothWays(), chain3(60), releases,
                List.of(), mode, objective, false);
    }

    public static PipelineInstance chain(List<Double> releases) {
        return chain(releases, PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, OptionalLong.empty(),
                OptionalInt.empty());
    }

    public static PipelineInstance diamond(boolean exclusive) {
        return single(List.of(dev(), edge(1e9, OptionalLong.empty(), OptionalInt.empty())), bothWays(), diamond(),
                List.of(0.0), List.of(), PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, exclusive);
    }

    public static PipelinePlan plan(int[]... queues) {
        return new PipelinePlan(List.of(queues));
    }

    public static List<int[]> queuesOf(int[] nodeOf, int nodes) {
        List<List<Integer>> lists = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            lists.add(new ArrayList<>());
        }
        for (int id = 0; id < nodeOf.length; id++) {
            lists.get(nodeOf[id]).add(id);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> l : lists) {
            out.add(l.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
