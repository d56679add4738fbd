package org.edgeplan.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;

/** Seeded random problem-B instances, placements and queue orders for property tests (also used by the heuristics' tests). */
public final class RandomPipelines {
    private RandomPipelines() {
    }

    /** 1-3 endpoints, each with its own device and a random DAG of 1-6 layers; 1-2 edge nodes; 1-4 requests. */
    public static PipelineInstance instance(SplittableRandom random, boolean exclusive, PlacementMode mode) {
        int endpoints = 1 + random.nextInt(3);
        int edges = 1 + random.nextInt(2);
        List<Node> nodes = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            nodes.add(Node.of("dev" + e, NodeKind.DEVICE, 1e9 * (1 + 4 * random.nextDouble())));
        }
        for (int s = 0; s < edges; s++) {
            nodes.add(Node.of("edge" + s, NodeKind.EDGE, 1e10 * (1 + 4 * random.nextDouble())));
        }
        // A few explicit links override the default channel.
        List<Link> links = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            if (random.nextBoolean()) {
                links.add(new Link("dev" + e, "edge0", 1e7 * (1 + 9 * random.nextDouble()),
                        0.002 * random.nextDouble()));
            }
        }
        Map<String, DnnGraph> models = new java.util.LinkedHashMap<>();
        List<Endpoint> eps = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            DnnGraph model = dag(random, "m" + e);
            models.put(model.name(), model);
            int requests = 1 + random.nextInt(4);
            double period = random.nextInt(3) == 0 ? 0.0 : 0.05 * random.nextDouble();
            eps.add(new Endpoint("ep" + e, "dev" + e, model.name(), Endpoint.periodic(requests, period,
                    0.01 * random.nextDouble()), List.of()));
        }
        return new PipelineInstance("random", "", nodes, links,
                Optional.of(new PipelineInstance.LinkSpec(2e7 * (1 + 4 * random.nextDouble()),
                        0.001 * random.nextDouble())),
                models, eps, mode, PipelineObjective.TOTAL_LATENCY, exclusive);
    }

    /** A random DAG: each layer reads a random subset of earlier layers; dangling layers feed the last one. */
    public static DnnGraph dag(SplittableRandom random, String name) {
        int layers = 1 + random.nextInt(6);
        List<List<String>> inputs = new ArrayList<>();
        boolean[] read = new boolean[layers];
        for (int v = 0; v < layers; v++) {
            List<String> in = new ArrayList<>();
            for (int u = 0; u < v; u++) {
                if (random.nextInt(3) == 0 || (u == v - 1 && random.nextBoolean())) {
                    in.add("l" + u);
                    read[u] = true;
                }
            }
            inputs.add(in);
        }
        for (int u = 0; u < layers - 1; u++) {
            if (!read[u]) {
                inputs.get(layers - 1).add("l" + u);
            }
        }
        List<DnnLayer> list = new ArrayList<>();
        for (int v = 0; v < layers; v++) {
            // Some zero-FLOP layers (concatenations) on purpose.
            double flops = random.nextInt(8) == 0 ? 0.0 : 1e7 * (1 + 99 * random.nextDouble());
            list.add(new DnnLayer("l" + v, flops, 1e3 * (1 + 999 * random.nextDouble()), 0, inputs.get(v)));
        }
        return new DnnGraph(name, 1e4 * (1 + 99 * random.nextDouble()), 100 * random.nextDouble(), list);
    }

    /** Each subtask on its device or an edge node; in static mode one choice per (endpoint, layer). */
    public static int[] placement(SplittableRandom random, PipelineInstance instance) {
        int[] nodeOf = new int[instance.subtaskCount()];
        int[][] staticChoice = new int[instance.endpointCount()][];
        for (int e = 0; e < instance.endpointCount(); e++) {
            staticChoice[e] = new int[instance.model(e).layerCount()];
            for (int v = 0; v < staticChoice[e].length; v++) {
                staticChoice[e][v] = randomAllowed(random, instance, e);
            }
        }
        for (int id = 0; id < nodeOf.length; id++) {
            int e = instance.subtaskEndpoint(id);
            nodeOf[id] = instance.mode() == PlacementMode.STATIC ? staticChoice[e][instance.subtaskLayer(id)]
                    : randomAllowed(random, instance, e);
        }
        return nodeOf;
    }

    private static int randomAllowed(SplittableRandom random, PipelineInstance instance, int e) {
        while (true) {
            int n = random.nextInt(instance.nodeCount());
            if (instance.allowed(e, n)) {
                return n;
            }
        }
    }

    /** Queues in the order of a random linear extension of the precedence, so they never deadlock. */
    public static PipelinePlan randomOrder(SplittableRandom random, PipelineInstance instance, int[] nodeOf) {
        int n = instance.subtaskCount();
        int[] remaining = new int[n];
        List<Integer> available = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            remaining[id] = instance.model(instance.subtaskEndpoint(id)).predecessorCount(instance.subtaskLayer(id));
            if (remaining[id] == 0) {
                available.add(id);
            }
        }
        List<List<Integer>> queues = new ArrayList<>();
        for (int node = 0; node < instance.nodeCount(); node++) {
            queues.add(new ArrayList<>());
        }
        while (!available.isEmpty()) {
            int id = available.remove(random.nextInt(available.size()));
            queues.get(nodeOf[id]).add(id);
            int e = instance.subtaskEndpoint(id);
            int k = instance.subtaskRequest(id);
            DnnGraph model = instance.model(e);
            int v = instance.subtaskLayer(id);
            for (int s = 0; s < model.successorCount(v); s++) {
                int succ = instance.subtaskId(e, k, model.successor(v, s));
                if (--remaining[succ] == 0) {
                    available.add(succ);
                }
            }
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> q : queues) {
            out.add(q.stream().mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(out);
    }
}
