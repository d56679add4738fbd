package org.edgeplan.pipeline.instances;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.profiles.LayerProfiles;

/**
 * Problem-B makespan instances whose optimum T is known by construction: a plan that keeps every node busy from 0
 * to T is built together with the instance, and no plan can finish before total work / total speed = T. They measure
 * search quality at sizes (100-550 subtasks) where no exact solver closes its gap: a method's distance to T is its
 * own, not the bound's.
 *
 * <h2>Construction</h2>
 * {@code endpoints} devices (one endpoint each, its own model) and {@code edges} edge servers, every request released
 * at 0, objective makespan, dynamic placement. Models: {@code chain} (each endpoint its own synthetic chain of 6-12
 * layers, 50-1000 MFLOP and 256 KiB-4 MiB of output per layer), {@code vgg16} (the 13-layer chain of
 * {@link LayerProfiles}) or {@code resnet18} (the 31-layer ResNet-18 DAG of {@link LayerProfiles}). Model inputs and
 * results are 0 bytes and links have no latency (100 Mbit/s device-edge, 1 Gbit/s edge-edge), so a request may start
 * on any node at 0 and completes when its sink finishes; intermediate outputs keep their bytes, so moving a request
 * between nodes mid-way costs transfer time.
 * <ol>
 *   <li>Each node gets a target speed (devices 2-8 GFLOP/s, edges 10-40 GFLOP/s, drawn from the seed) and so a target
 *   load: its share of the total work at those speeds.</li>
 *   <li>Each device takes whole requests of its own endpoint while they fit its target, then, for the rest of its
 *   target, the first layers (in topological order) of one more request, which open the device's queue (their last
 *   layers will end an edge's queue), and the last layers of another, which close it (their first layers will open an
 *   edge's queue), each cut at the layer boundary nearest its share; an edge with the most room left takes each
 *   counterpart. The remaining whole requests of all endpoints, shuffled, fill the edges one after the other by
 *   McNaughton's wrap-around rule: the request that overflows an edge's target is cut at the layer boundary nearest
 *   it, its last layers end that edge's queue and its first layers open the next edge's queue.</li>
 *   <li>The loads fix the speeds: with T the target makespan rounded to 3 significant digits, node n gets speed
 *   {@code W_n / T}, where {@code W_n} is the FLOPs of the work assigned to it. So every node needs exactly T of
 *   compute, and the speeds stay near their targets, heterogeneous and unknown to a solver as loads.</li>
 *   <li>Each node's queue: the first parts of cut requests, then its whole requests (each in topological order), then
 *   the last parts of cut requests, earliest ready first. A first part starts at 0 and a last part runs at the end of
 *   another node's queue, so its data has usually arrived when its turn comes; the generator checks this with
 *   {@link PipelineEvaluator} (the plan must score T, to a relative 1e-9) and draws the cuts again when a transfer
 *   would make a node wait. Tiny instances, where no cut leaves time for the transfers, fall back to devices with
 *   whole requests only and at last to no cut at all. Every node needs a request that starts at 0 and one that ends
 *   at T, so at least as many requests as nodes are required.</li>
 * </ol>
 *
 * <h2>Why T is the optimum</h2>
 * <i>Upper bound:</i> the constructed plan is accepted by the evaluator and every node computes without a gap from
 * 0 to T, so its makespan is T (up to floating-point rounding of the summed durations). <i>Lower bound:</i> in any
 * plan the evaluator accepts, node n computes the subtasks placed on it one at a time, each for {@code flops / f_n},
 * all after 0 (every release is 0) and before the makespan (every subtask precedes its request's sink, and a request
 * completes after its sink finishes). So {@code W_n / f_n <= C_max} for every node, and summing
 * {@code W = sum W_n <= C_max * sum f_n}: {@code C_max >= W / S = T}, with S the total speed of the nodes any endpoint
 * may use (all of them). This is the makespan load bound of
 * {@link org.edgeplan.pipeline.bounds.PipelineLowerBound} (all subtasks, threshold 0, tail 0), which reports it
 * lowered by its safety margin of 1e-9 relative.
 *
 * <h2>Why it is hard</h2>
 * Reaching T needs loads that leave no node idle, as the hidden assignment does with requests cut at the right
 * layers. The speeds are real numbers, not multiples of a common unit, so a packing of whole requests generally leaves
 * some node past T; a list scheduler that balances greedily keeps its last requests' imbalance as idle time, and moving
 * a request between nodes mid-way costs a transfer of its activations. None of the heuristics comes within 1 % of T
 * on the shipped members (a test), so CP-SAT's shortcut (optimal when a hint meets the bound) does not fire there.
 *
 * <p>Not a scenario of the seed paper: a benchmark family of EdgePlan. Names read
 * {@code known-<model>-e<E>-s<S>-r<R>-seed<seed>}.
 */
public final class KnownOptimumPipelines {
    /** The model families. */
    public static final List<String> MODELS = List.of("chain", "vgg16", "resnet18");
    /** Relative tolerance of the check that the constructed plan scores T. */
    public static final double TOLERANCE = 1e-9;
    /** Draws of the cuts before giving up (none of the tested parameters needs more than a few). */
    static final int MAX_ATTEMPTS = 100;
    private static final int CUT_ALL = 0;
    private static final int CUT_EDGES = 1;
    private static final int CUT_NONE = 2;

    private static final double GFLOPS = 1e9;
    private static final double MBITS = 1e6;

    private KnownOptimumPipelines() {
    }

    /**
     * An instance, its optimal plan and the optimum.
     *
     * @param instance       the makespan instance
     * @param plan           a plan that keeps every node busy from 0 to T
     * @param optimumSeconds T, the total work over the total speed (its proof: the class comment)
     * @param planSeconds    the evaluator's makespan of {@code plan} (T up to rounding)
     */
    public record Construction(PipelineInstance instance, PipelinePlan plan, double optimumSeconds,
                               double planSeconds) {
    }

    /**
     * One instance of the family, with chains of 6-12 layers for {@code chain}.
     *
     * @param model     {@code chain}, {@code vgg16} or {@code resnet18}
     * @param endpoints devices, one endpoint each (at least 1)
     * @param edges     edge servers (at least 1)
     * @param requests  requests per endpoint (at least 1)
     * @param seed      the seed of every random draw
     */
    public static Construction of(String model, int endpoints, int edges, int requests, long seed) {
        return of(model, endpoints, edges, requests, seed, ChainShape.DEFAULT);
    }

    /**
     * The synthetic chains of model {@code chain}: layers per chain and KiB of output per layer, each drawn uniformly
     * from its range (FLOPs per layer are log-uniform in 50-1000 MFLOP).
     */
    public record ChainShape(int minLayers, int maxLayers, int minOutputKib, int maxOutputKib) {
        /** 6-12 layers of 256 KiB to 4 MiB output (convolution activations): the shipped instances. */
        public static final ChainShape DEFAULT = new ChainShape(6, 12, 256, 4096);

        public ChainShape {
            if (minLayers < 1 || maxLayers < minLayers || minOutputKib < 0 || maxOutputKib < minOutputKib) {
                throw new InvalidInputException("known-optimum pipeline: chain layers and output KiB need 1 <= min <="
                        + " max and 0 <= min <= max, got layers " + minLayers + ".." + maxLayers + ", output "
                        + minOutputKib + ".." + maxOutputKib);
            }
        }
    }

    /** As {@link #of(String, int, int, int, long)}, with chains of another shape (tiny instances for tests). */
    public static Construction of(String model, int endpoints, int edges, int requests, long seed, ChainShape shape) {
        if (!MODELS.contains(model)) {
            throw new InvalidInputException("known-optimum pipeline: unknown model '" + model + "', expected one of "
                    + MODELS);
        }
        if (endpoints < 1 || edges < 1 || requests < 1) {
            throw new InvalidInputException("known-optimum pipeline: endpoints, edges and requests must be at least 1,"
                    + " got " + endpoints + ", " + edges + ", " + requests);
        }
        if ((long) endpoints * requests < endpoints + edges) {
            // Each request has one source and one sink layer: fewer requests than nodes leave a node idle at 0.
            throw new InvalidInputException("known-optimum pipeline: " + endpoints + " x " + requests + " requests "
                    + "cannot keep " + (endpoints + edges) + " nodes busy from the start; give at least as many "
                    + "requests as nodes");
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, DnnGraph> models = new LinkedHashMap<>();
        List<String> modelOf = new ArrayList<>();
        if (model.equals("chain")) {
            for (int e = 0; e < endpoints; e++) {
                DnnGraph g = randomChain(random, "chain-" + (e + 1), shape);
                models.put(g.name(), g);
                modelOf.add(g.name());
            }
        } else {
            DnnGraph profile = LayerProfiles.dag(model.equals("vgg16") ? "vgg16-224" : "resnet18-224");
            models.put(model, new DnnGraph(model, 0, 0, profile.layers()));
            for (int e = 0; e < endpoints; e++) {
                modelOf.add(model);
            }
        }
        int nodes = endpoints + edges;
        double[] targetSpeed = new double[nodes];
        for (int e = 0; e < endpoints; e++) {
            targetSpeed[e] = GFLOPS * (2 + 6 * random.nextDouble());
        }
        for (int s = 0; s < edges; s++) {
            targetSpeed[endpoints + s] = GFLOPS * (10 + 30 * random.nextDouble());
        }
        double work = 0;
        for (int e = 0; e < endpoints; e++) {
            work += requests * models.get(modelOf.get(e)).totalFlops();
        }
        double speedSum = 0;
        for (double f : targetSpeed) {
            speedSum += f;
        }
        double makespan = new BigDecimal(work / speedSum).round(new MathContext(3)).doubleValue();
        String name = name(model, endpoints, edges, requests, seed)
                + (model.equals("chain") && !shape.equals(ChainShape.DEFAULT) ? "-l" + shape.minLayers() + "-"
                + shape.maxLayers() + "-o" + shape.minOutputKib() + "-" + shape.maxOutputKib() : "");
        Builder builder = new Builder(name, models, modelOf, endpoints, edges, requests, targetSpeed, work / speedSum,
                makespan);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            // Tiny instances may have no idle-free cuts: then devices keep whole requests, and at last nothing is cut.
            int level = attempt < MAX_ATTEMPTS / 2 ? CUT_ALL : attempt < MAX_ATTEMPTS * 4 / 5 ? CUT_EDGES : CUT_NONE;
            Construction c = builder.attempt(random, level);
            if (c != null) {
                return c;
            }
        }
        throw new IllegalStateException(name + ": no cut of the requests gave an idle-free plan in " + MAX_ATTEMPTS
                + " draws");
    }

    private static DnnGraph randomChain(SplittableRandom random, String name, ChainShape shape) {
        int layers = shape.minLayers() + random.nextInt(shape.maxLayers() - shape.minLayers() + 1);
        List<String> names = new ArrayList<>();
        double[] flops = new double[layers];
        double[] out = new double[layers];
        for (int v = 0; v < layers; v++) {
            names.add("L" + (v + 1));
            // Log-uniform in [50, 1000] MFLOP, whole MFLOPs; outputs uniform in whole KiB.
            flops[v] = 1e6 * Math.round(Math.exp(Math.log(50) + Math.log(20) * random.nextDouble()));
            out[v] = 1024.0 * (shape.minOutputKib() + random.nextInt(shape.maxOutputKib() - shape.minOutputKib() + 1));
        }
        return DnnGraph.chain(name, 0, 0, names, flops, out, null);
    }

    /** The family's instance name. */
    public static String name(String model, int endpoints, int edges, int requests, long seed) {
        return "known-" + model + "-e" + endpoints + "-s" + edges + "-r" + requests + "-seed" + seed;
    }

    /** A run of layers {@code [from, to)} (topological indices) of one request. */
    private record Segment(int endpoint, int request, int from, int to) {
    }

    /** One draw of the cuts, then the speeds, the instance and the check. */
    private static final class Builder {
        private final String name;
        private final Map<String, DnnGraph> models;
        private final List<String> modelOf;
        private final int endpoints;
        private final int edges;
        private final int requests;
        private final double[] targetLoad;
        private final double[] targetSpeed;
        private final double makespan;

        Builder(String name, Map<String, DnnGraph> models, List<String> modelOf, int endpoints, int edges,
                int requests, double[] targetSpeed, double targetMakespan, double makespan) {
            this.name = name;
            this.models = models;
            this.modelOf = modelOf;
            this.endpoints = endpoints;
            this.edges = edges;
            this.requests = requests;
            this.targetSpeed = targetSpeed;
            this.makespan = makespan;
            targetLoad = new double[targetSpeed.length];
            for (int n = 0; n < targetSpeed.length; n++) {
                targetLoad[n] = targetSpeed[n] * targetMakespan;
            }
        }

        private DnnGraph model(int e) {
            return models.get(modelOf.get(e));
        }

        /** FLOPs of layers {@code [0, j)} of endpoint e's model. */
        private double prefix(int e, int j) {
            double s = 0;
            for (int v = 0; v < j; v++) {
                s += model(e).layer(v).flops();
            }
            return s;
        }

        private double flops(Segment g) {
            return prefix(g.endpoint, g.to) - prefix(g.endpoint, g.from);
        }

        /**
         * A cut {@code j} in 1..L-1 with work on both sides whose {@code side} part (prefix when {@code true}) is
         * nearest {@code amount}, choosing at random between the two nearest; -1 when the model has no such cut.
         */
        private int cut(SplittableRandom random, int e, double amount, boolean prefixSide) {
            int layers = model(e).layerCount();
            double total = prefix(e, layers);
            List<Integer> cuts = new ArrayList<>();
            for (int j = 1; j < layers; j++) {
                double p = prefix(e, j);
                if (p > 0 && p < total) {
                    cuts.add(j);
                }
            }
            if (cuts.isEmpty()) {
                return -1;
            }
            cuts.sort(Comparator.comparingDouble(j -> Math.abs((prefixSide ? prefix(e, j) : total - prefix(e, j))
                    - amount)));
            return cuts.get(cuts.size() > 1 ? random.nextInt(2) : 0);
        }

        Construction attempt(SplittableRandom random, int level) {
            int nn = endpoints + edges;
            double[] load = new double[nn];
            List<List<Segment>> heads = new ArrayList<>();
            List<List<Segment>> bodies = new ArrayList<>();
            List<List<Segment>> tails = new ArrayList<>();
            for (int n = 0; n < nn; n++) {
                heads.add(new ArrayList<>());
                bodies.add(new ArrayList<>());
                tails.add(new ArrayList<>());
            }
            List<Segment> edgeHeads = new ArrayList<>();
            List<Segment> edgeTails = new ArrayList<>();
            List<Segment> forEdges = new ArrayList<>();
            for (int e = 0; e < endpoints; e++) {
                int layers = model(e).layerCount();
                double whole = prefix(e, layers);
                List<Integer> order = shuffled(random, requests);
                // Whole requests while they fit, at least one when the device could not start and end with parts.
                int wholes = (int) Math.min(requests, Math.floor(targetLoad[e] / whole));
                if (level != CUT_ALL) {
                    // Leave every edge a request of some endpoint.
                    int reserve = edges / endpoints + (e < edges % endpoints ? 1 : 0);
                    wholes = (int) Math.max(1, Math.min(requests - reserve, Math.round(targetLoad[e] / whole)));
                } else if (wholes == 0 && requests == 1) {
                    wholes = 1;
                }
                double rest = targetLoad[e] - wholes * whole;
                int i = 0;
                for (; i < wholes; i++) {
                    bodies.get(e).add(new Segment(e, order.get(i), 0, layers));
                    load[e] += whole;
                }
                int left = requests - wholes;
                // The rest of the target: the first layers of one request (opening the device's queue, its last
                // layers closing an edge's) and the last layers of another (closing the device's queue, its first
                // layers opening an edge's); with one request left, only one of the two.
                boolean head = level == CUT_ALL && (left >= 2 || (left == 1 && wholes > 0 && random.nextBoolean()));
                boolean tail = level == CUT_ALL && (left >= 2 || (left == 1 && !head && wholes > 0));
                double headShare = head && tail ? 0.3 + 0.4 * random.nextDouble() : head ? 1 : 0;
                if (head) {
                    int j = cut(random, e, headShare * rest, true);
                    if (j > 0) {
                        heads.get(e).add(new Segment(e, order.get(i), 0, j));
                        load[e] += prefix(e, j);
                        rest -= prefix(e, j);
                        edgeTails.add(new Segment(e, order.get(i), j, layers));
                    } else {
                        forEdges.add(new Segment(e, order.get(i), 0, layers));
                    }
                    i++;
                }
                if (tail) {
                    int j = cut(random, e, rest, false);
                    if (j > 0) {
                        tails.get(e).add(new Segment(e, order.get(i), j, layers));
                        load[e] += whole - prefix(e, j);
                        edgeHeads.add(new Segment(e, order.get(i), 0, j));
                    } else {
                        forEdges.add(new Segment(e, order.get(i), 0, layers));
                    }
                    i++;
                }
                for (; i < requests; i++) {
                    forEdges.add(new Segment(e, order.get(i), 0, layers));
                }
            }
            // The devices' cut-off parts go to the edges with the largest remaining target.
            for (Segment part : concat(edgeHeads, edgeTails)) {
                int best = endpoints;
                for (int s = endpoints; s < nn; s++) {
                    if (targetLoad[s] - load[s] > targetLoad[best] - load[best]) {
                        best = s;
                    }
                }
                (part.from == 0 ? heads : tails).get(best).add(part);
                load[best] += flops(part);
            }
            // McNaughton's wrap-around over the edges for the whole requests, cut at layer boundaries.
            List<Segment> items = new ArrayList<>();
            for (int i : shuffled(random, forEdges.size())) {
                items.add(forEdges.get(i));
            }
            int s = endpoints;
            if (level == CUT_NONE) {
                // One request for each edge, then each to the edge furthest below its target.
                for (int i = 0; i < items.size(); i++) {
                    int best = endpoints + i;
                    if (i >= edges) {
                        best = endpoints;
                        for (int k = endpoints; k < nn; k++) {
                            if (targetLoad[k] - load[k] > targetLoad[best] - load[best]) {
                                best = k;
                            }
                        }
                    }
                    bodies.get(best).add(items.get(i));
                    load[best] += flops(items.get(i));
                }
                items.clear();
            }
            for (Segment item : items) {
                while (s < nn - 1 && load[s] >= targetLoad[s]) {
                    s++;
                }
                double room = targetLoad[s] - load[s];
                double work = flops(item);
                int j = level != CUT_NONE && s < nn - 1 && work > room ? cut(random, item.endpoint, room, false) : -1;
                if (j < 0) {
                    bodies.get(s).add(item);
                    load[s] += work;
                } else {
                    Segment first = new Segment(item.endpoint, item.request, 0, j);
                    Segment last = new Segment(item.endpoint, item.request, j, item.to);
                    tails.get(s).add(last);
                    load[s] += flops(last);
                    heads.get(s + 1).add(first);
                    load[s + 1] += flops(first);
                    s++;
                }
            }
            for (int n = 0; n < nn; n++) {
                if (!(load[n] > 0)) {
                    return null; // a node without work would need speed 0
                }
            }
            PipelineInstance instance = instance(load);
            PipelinePlan plan = plan(instance, heads, bodies, tails);
            PipelineEvaluation ev = PipelineEvaluator.evaluate(instance, plan);
            if (!ev.feasible() || Math.abs(ev.objective() - makespan) > TOLERANCE * makespan) {
                return null;
            }
            return new Construction(instance, plan, makespan, ev.objective());
        }

        private static List<Segment> concat(List<Segment> a, List<Segment> b) {
            List<Segment> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        private static List<Integer> shuffled(SplittableRandom random, int n) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
            for (int i = n - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                Integer t = out.get(i);
                out.set(i, out.get(k));
                out.set(k, t);
            }
            return out;
        }

        private PipelineInstance instance(double[] load) {
            int nn = endpoints + edges;
            List<Node> nodes = new ArrayList<>();
            List<Link> links = new ArrayList<>();
            List<Endpoint> eps = new ArrayList<>();
            double minDevice = Double.POSITIVE_INFINITY;
            double maxDevice = 0;
            double minEdge = Double.POSITIVE_INFINITY;
            double maxEdge = 0;
            for (int n = 0; n < nn; n++) {
                double speed = load[n] / makespan;
                boolean device = n < endpoints;
                String nodeName = device ? "dev-" + (n + 1) : "edge-" + (n - endpoints + 1);
                nodes.add(Node.of(nodeName, device ? NodeKind.DEVICE : NodeKind.EDGE, speed));
                if (device) {
                    minDevice = Math.min(minDevice, speed);
                    maxDevice = Math.max(maxDevice, speed);
                } else {
                    minEdge = Math.min(minEdge, speed);
                    maxEdge = Math.max(maxEdge, speed);
                }
            }
            for (int e = 0; e < endpoints; e++) {
                String device = nodes.get(e).name();
                eps.add(new Endpoint(device + "-cam", device, modelOf.get(e), Endpoint.periodic(requests, 0, 0),
                        List.of()));
                for (int s = endpoints; s < nn; s++) {
                    PipelineScenarios.bothWays(links, device, nodes.get(s).name(), 100 * MBITS, 0);
                }
            }
            for (int a = endpoints; a < nn; a++) {
                for (int b = a + 1; b < nn; b++) {
                    PipelineScenarios.bothWays(links, nodes.get(a).name(), nodes.get(b).name(), 1000 * MBITS, 0);
                }
            }
            int subtasks = 0;
            for (int e = 0; e < endpoints; e++) {
                subtasks += requests * model(e).layerCount();
            }
            String description = String.format(Locale.ROOT, "Optimum known by construction (EdgePlan, not published "
                            + "data; org.edgeplan.pipeline.instances.KnownOptimumPipelines): %d devices (%.3g-%.3g "
                            + "GFLOP/s) each run %d %s requests, all released at 0, with %d edge server(s) "
                            + "(%.3g-%.3g GFLOP/s) over 100 Mbit/s device-edge and 1 Gbit/s edge-edge links without "
                            + "latency; model inputs and results 0 bytes. Speeds were set so that a plan keeps "
                            + "every node busy from 0 to T = %s s = total FLOPs / total speed, the load lower bound: "
                            + "the optimal makespan is T. Dynamic placement, makespan. %d subtasks, %d nodes.",
                    endpoints, minDevice / GFLOPS, maxDevice / GFLOPS, requests,
                    models.size() == 1 ? modelOf.get(0) : "chain (one per endpoint)", edges, minEdge / GFLOPS,
                    maxEdge / GFLOPS, BigDecimal.valueOf(makespan).toPlainString(), subtasks, nn);
            return new PipelineInstance(name, description, nodes, links, Optional.empty(), models, eps,
                    PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN, false);
        }

        /** Queues: first parts, whole requests, then last parts by the time their data arrives. */
        private static PipelinePlan plan(PipelineInstance instance, List<List<Segment>> heads,
                                         List<List<Segment>> bodies, List<List<Segment>> tails) {
            int nn = instance.nodeCount();
            // First parts whose last part is longest first: that last part must start earliest.
            Map<Segment, Double> lastSeconds = new LinkedHashMap<>(); // key: the matching first part
            for (int n = 0; n < nn; n++) {
                for (Segment g : tails.get(n)) {
                    lastSeconds.put(new Segment(g.endpoint, g.request, 0, g.from), seconds(instance, g, n));
                }
            }
            List<List<Segment>> firsts = new ArrayList<>();
            for (int n = 0; n < nn; n++) {
                List<Segment> sorted = new ArrayList<>(heads.get(n));
                sorted.sort(Comparator.comparingDouble(g -> -lastSeconds.getOrDefault(g, 0.0)));
                firsts.add(sorted);
            }
            // When each first part finishes (it opens its node's queue, so its finish is a prefix sum).
            Map<Segment, double[]> firstDone = new LinkedHashMap<>(); // key: the matching last part
            for (int n = 0; n < nn; n++) {
                double t = 0;
                for (Segment g : firsts.get(n)) {
                    for (int v = g.from; v < g.to; v++) {
                        t += instance.computeSeconds(instance.subtaskId(g.endpoint, g.request, v), n);
                    }
                    firstDone.put(new Segment(g.endpoint, g.request, g.to, -1), new double[] {t, n});
                }
            }
            List<int[]> queues = new ArrayList<>();
            for (int n = 0; n < nn; n++) {
                List<Segment> order = new ArrayList<>(firsts.get(n));
                order.addAll(bodies.get(n));
                List<Segment> last = new ArrayList<>(tails.get(n));
                int node = n;
                last.sort(Comparator.comparingDouble(g -> arrival(instance, firstDone, g, node)));
                order.addAll(last);
                List<Integer> ids = new ArrayList<>();
                for (Segment g : order) {
                    for (int v = g.from; v < g.to; v++) {
                        ids.add(instance.subtaskId(g.endpoint, g.request, v));
                    }
                }
                queues.add(ids.stream().mapToInt(Integer::intValue).toArray());
            }
            return new PipelinePlan(queues);
        }

        private static double seconds(PipelineInstance instance, Segment g, int n) {
            double t = 0;
            for (int v = g.from; v < g.to; v++) {
                t += instance.computeSeconds(instance.subtaskId(g.endpoint, g.request, v), n);
            }
            return t;
        }

        /** Latest arrival at node n of the data a last part reads from its first part (an estimate for ordering). */
        private static double arrival(PipelineInstance instance, Map<Segment, double[]> firstDone, Segment g, int n) {
            double[] done = firstDone.get(new Segment(g.endpoint, g.request, g.from, -1));
            if (done == null) {
                return 0;
            }
            DnnGraph model = instance.model(g.endpoint);
            double bytes = 0;
            for (int v = g.from; v < g.to; v++) {
                for (int u : model.predecessors(v)) {
                    if (u < g.from) {
                        bytes = Math.max(bytes, model.layer(u).outputBytes());
                    }
                }
            }
            return done[0] + instance.transferSeconds((int) done[1], n, bytes);
        }
    }

    /**
     * Prints one instance as JSON: {@code KnownOptimumPipelines MODEL ENDPOINTS EDGES REQUESTS SEED}; its optimum is on
     * standard error.
     */
    public static void main(String[] args) {
        if (args.length < 5) {
            System.err.println("usage: KnownOptimumPipelines MODEL ENDPOINTS EDGES REQUESTS SEED");
            System.exit(2);
        }
        try {
            Construction c = of(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), Long.parseLong(args[4]));
            System.out.print(InstanceIo.toJson(c.instance()));
            System.err.println(c.instance().name() + ": optimal makespan " + c.optimumSeconds() + " s");
        } catch (NumberFormatException | InvalidInputException e) {
            System.err.println("KnownOptimumPipelines: " + e.getMessage());
            System.exit(2);
        }
    }
}
