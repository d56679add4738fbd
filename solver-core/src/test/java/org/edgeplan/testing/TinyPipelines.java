package org.edgeplan.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;

/**
 * Seeded random problem-B instances small enough for exhaustive enumeration, in whole seconds: speeds 1 or 2
 * FLOP/s with even FLOP counts, links of 8 bit/s (one byte per second) with integer latencies, integer releases.
 * Every time is an integer, so the evaluator's floating point is exact and CP-SAT runs at one unit per second.
 */
public final class TinyPipelines {
    /** Which features a random instance may switch on. */
    public record Features(boolean staticMode, boolean exclusive, boolean memory, boolean queueLimits, boolean gaps) {
        public static final Features ALL = new Features(true, true, true, true, true);
        public static final Features PLAIN = new Features(true, false, false, false, true);
    }

    private TinyPipelines() {
    }

    /** At most {@code maxSubtasks} subtasks over 2–3 nodes, 1–2 endpoints, 1–3 requests each. */
    public static PipelineInstance random(long seed, int maxSubtasks, Features features) {
        Random rnd = new Random(seed);
        int devices = 1 + rnd.nextInt(2);
        int edges = devices == 2 ? 1 : 1 + rnd.nextInt(2);
        boolean exclusive = features.exclusive() && rnd.nextInt(3) == 0;
        boolean queue = features.queueLimits() && rnd.nextInt(4) == 0;
        boolean memory = features.memory() && rnd.nextInt(4) == 0;
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            nodes.add(Node.of("dev" + i, NodeKind.DEVICE, 1.0));
        }
        for (int i = 0; i < edges; i++) {
            OptionalLong mem = memory && i == 0 ? OptionalLong.of(2 + rnd.nextInt(3)) : OptionalLong.empty();
            OptionalInt q = queue && i == 0 ? OptionalInt.of(rnd.nextInt(2)) : OptionalInt.empty();
            nodes.add(new Node("edge" + i, NodeKind.EDGE, 2.0, mem, q));
        }
        List<Link> links = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            for (int e = 0; e < edges; e++) {
                // Exclusive channels get a positive latency: the evaluator's zero-time transfers are degenerate.
                int up = (exclusive ? 1 : 0) + rnd.nextInt(2);
                int down = (exclusive ? 1 : 0) + rnd.nextInt(2);
                if (!features.gaps() || rnd.nextInt(8) != 0) {
                    links.add(new Link("dev" + d, "edge" + e, 8.0, up));
                }
                links.add(new Link("edge" + e, "dev" + d, 8.0, down));
            }
        }
        if (edges == 2) {
            links.add(new Link("edge0", "edge1", 8.0, exclusive ? 1 : 0));
            links.add(new Link("edge1", "edge0", 8.0, exclusive ? 1 : 0));
        }
        Map<String, DnnGraph> models = new java.util.LinkedHashMap<>();
        List<Endpoint> endpoints = new ArrayList<>();
        int budget = maxSubtasks;
        for (int d = 0; d < devices && budget > 0; d++) {
            int layers = Math.min(budget, 1 + rnd.nextInt(3));
            DnnGraph model = model("m" + d, layers, rnd);
            models.put(model.name(), model);
            int requests = Math.max(1, Math.min(budget / layers, 1 + rnd.nextInt(3)));
            budget -= requests * layers;
            List<Double> releases = new ArrayList<>();
            double t = 0;
            for (int k = 0; k < requests; k++) {
                releases.add(t);
                t += rnd.nextInt(4);
            }
            endpoints.add(new Endpoint("ep" + d, "dev" + d, model.name(), releases, List.of()));
        }
        PlacementMode mode = features.staticMode() && rnd.nextBoolean() ? PlacementMode.STATIC : PlacementMode.DYNAMIC;
        PipelineObjective objective = rnd.nextBoolean() ? PipelineObjective.TOTAL_LATENCY : PipelineObjective.MAKESPAN;
        return new PipelineInstance("tiny-" + seed, "random tiny instance", nodes, links, Optional.empty(), models,
                endpoints, mode, objective, exclusive);
    }

    /** A chain, or for three layers sometimes a small DAG (a → b, a → c, b → c). */
    private static DnnGraph model(String name, int layers, Random rnd) {
        List<DnnLayer> list = new ArrayList<>();
        boolean dag = layers == 3 && rnd.nextBoolean();
        for (int v = 0; v < layers; v++) {
            List<String> inputs = new ArrayList<>();
            if (v > 0) {
                inputs.add("l" + (v - 1));
            }
            if (dag && v == 2) {
                inputs.add("l0");
            }
            list.add(new DnnLayer("l" + v, 2.0 * (1 + rnd.nextInt(3)), rnd.nextInt(3), 1 + rnd.nextInt(2), inputs));
        }
        return new DnnGraph(name, rnd.nextInt(3), rnd.nextInt(2), list);
    }

    /**
     * Device and edge joined both ways, one chain request: the Neurosurgeon setting. Outputs shrink along the chain
     * and the result is no larger than any output, so a single device-prefix / edge-suffix split is optimal.
     */
    public static PipelineInstance twoNodeChain(long seed, int layers) {
        Random rnd = new Random(seed);
        double deviceSpeed = 1e9 * (1 + rnd.nextInt(4));
        double edgeSpeed = deviceSpeed * (2 + rnd.nextInt(20));
        double bandwidth = 1e6 * (5 + rnd.nextInt(50));
        double latency = 0.001 * (1 + rnd.nextInt(20));
        List<String> names = new ArrayList<>();
        double[] flops = new double[layers];
        double[] out = new double[layers];
        double bytes = 1e4 * (10 + rnd.nextInt(300));
        double input = bytes * (1 + rnd.nextInt(3));
        for (int v = 0; v < layers; v++) {
            names.add("L" + v);
            flops[v] = 1e8 * (1 + rnd.nextInt(30));
            bytes = Math.max(1000, bytes * (0.3 + 0.7 * rnd.nextDouble()));
            out[v] = Math.floor(bytes);
        }
        DnnGraph chain = DnnGraph.chain("chain", input, Math.min(100, out[layers - 1]), names, flops, out, null);
        List<Node> nodes = List.of(Node.of("dev", NodeKind.DEVICE, deviceSpeed), Node.of("edge", NodeKind.EDGE,
                edgeSpeed));
        List<Link> links = List.of(new Link("dev", "edge", bandwidth, latency), new Link("edge", "dev", bandwidth,
                latency));
        return new PipelineInstance("split-" + seed, "two nodes, one chain request", nodes, links, Optional.empty(),
                Map.of("chain", chain), List.of(new Endpoint("cam", "dev", "chain", List.of(0.0), List.of())),
                PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false);
    }
}
