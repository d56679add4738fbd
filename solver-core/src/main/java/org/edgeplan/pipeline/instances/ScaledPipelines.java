package org.edgeplan.pipeline.instances;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.profiles.LayerProfiles;

/**
 * A deterministic family of problem-B instances of any size, for scaling measurements (time to proof by size,
 * heuristic speed at 1 000 subtasks): {@code endpoints} Raspberry-Pi-class devices (4 GFLOP/s), each streaming
 * {@code requests} frames through one model, all endpoints starting together and each sending a frame every half of
 * the model's compute time on the device (so a device alone falls behind and contention decides the optimum); and
 * {@code edges} small edge servers (the {@code k}-th at 20·2^k GFLOP/s), reached over 100 Mbit/s, 1 ms links and
 * joined to each other by 1 Gbit/s, 0.5 ms. Offloading a VGG5 frame to an idle edge takes about as long as computing
 * it on the device, so good plans mix devices and edges, and list heuristics differ by 10-20 % on small sizes.
 * Subtasks: endpoints × requests × layers; nodes: endpoints + edges.
 *
 * <p>Optionally a cloud node ({@value #CLOUD_GFLOPS} GFLOP/s) joins them: far from the devices (20 Mbit/s,
 * 40 ms, a WAN uplink) and nearer the edges (1 Gbit/s, 15 ms), so it is fast to compute on but slow to reach.
 *
 * <p>Not a scenario of the seed paper: a size ladder on hardware like the shipped scenarios'. Names read
 * {@code scaled-<model>-e<E>-s<S>-r<R>-<mode>}, with {@code -cloud} appended when there is a cloud.
 */
public final class ScaledPipelines {
    private static final double GFLOPS = 1e9;
    private static final double MBITS = 1e6;
    private static final double DEVICE_FLOPS = 4 * GFLOPS;
    /** Speed of the optional cloud node, GFLOP/s. */
    public static final int CLOUD_GFLOPS = 1000;

    private ScaledPipelines() {
    }

    /**
     * One instance of the family.
     *
     * @param model     {@code vgg5} (7-layer chain), {@code resnet18} (31-layer DAG) or {@code vgg16} (13-layer chain)
     * @param endpoints devices, one endpoint each (at least 1)
     * @param edges     edge servers (at least 1)
     * @param requests  requests per endpoint (at least 1)
     * @param mode      static or dynamic placement
     * @param objective total latency or makespan
     */
    public static PipelineInstance of(String model, int endpoints, int edges, int requests, PlacementMode mode,
                                      PipelineObjective objective) {
        return of(model, endpoints, edges, requests, mode, objective, false);
    }

    /**
     * One instance of the family, with or without a cloud node (named {@code cloud}, after the edges).
     *
     * @param cloud whether a cloud node joins the edges
     * @see #of(String, int, int, int, PlacementMode, PipelineObjective)
     */
    public static PipelineInstance of(String model, int endpoints, int edges, int requests, PlacementMode mode,
                                      PipelineObjective objective, boolean cloud) {
        if (endpoints < 1 || edges < 1 || requests < 1) {
            throw new InvalidInputException("scaled pipeline: endpoints, edges and requests must be at least 1, got "
                    + endpoints + ", " + edges + ", " + requests);
        }
        String profile = switch (model) {
            case "vgg5" -> "vgg5-cifar10";
            case "resnet18" -> "resnet18-224";
            case "vgg16" -> "vgg16-224";
            default -> throw new InvalidInputException("scaled pipeline: unknown model '" + model
                    + "', expected vgg5, resnet18 or vgg16");
        };
        Map<String, DnnGraph> models = new LinkedHashMap<>();
        models.put(model, LayerProfiles.dag(profile));
        List<Node> nodes = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        List<Endpoint> eps = new ArrayList<>();
        List<String> edgeNames = new ArrayList<>();
        for (int k = 0; k < edges; k++) {
            edgeNames.add("edge-" + (k + 1));
        }
        // Half the device time, rounded to the microsecond so that release times stay short decimals.
        double period = Math.max(1e-6, Math.round(models.get(model).totalFlops() / DEVICE_FLOPS / 2 * 1e6) / 1e6);
        for (int i = 0; i < endpoints; i++) {
            String device = "dev-" + (i + 1);
            nodes.add(Node.of(device, NodeKind.DEVICE, DEVICE_FLOPS));
            eps.add(new Endpoint(device + "-cam", device, model,
                    Endpoint.periodic(requests, period, 0), List.of()));
            for (String edge : edgeNames) {
                PipelineScenarios.bothWays(links, device, edge, 100 * MBITS, 0.001);
            }
            if (cloud) {
                PipelineScenarios.bothWays(links, device, "cloud", 20 * MBITS, 0.040);
            }
        }
        for (int k = 0; k < edges; k++) {
            nodes.add(Node.of(edgeNames.get(k), NodeKind.EDGE, 20 * GFLOPS * (1L << Math.min(k, 20))));
            for (int j = k + 1; j < edges; j++) {
                PipelineScenarios.bothWays(links, edgeNames.get(k), edgeNames.get(j), 1000 * MBITS, 0.0005);
            }
            if (cloud) {
                PipelineScenarios.bothWays(links, edgeNames.get(k), "cloud", 1000 * MBITS, 0.015);
            }
        }
        if (cloud) {
            nodes.add(Node.of("cloud", NodeKind.CLOUD, CLOUD_GFLOPS * GFLOPS));
        }
        String name = name(model, endpoints, edges, requests, mode) + (cloud ? "-cloud" : "");
        int subtasks = endpoints * requests * models.get(model).layers().size();
        return new PipelineInstance(name, String.format(Locale.ROOT, "Scaling family (EdgePlan, not published "
                        + "data): %d Pi-class devices (4 GFLOP/s) each stream %d %s requests, one per %.6f s (half the "
                        + "model's time on the device), to %d edge server(s) (20 GFLOP/s doubling) over 100 Mbit/s, "
                        + "1 ms; %s%s placement, %s. %d subtasks, %d nodes.",
                endpoints, requests, model, period, edges, cloud ? String.format(Locale.ROOT, "a cloud (%d GFLOP/s) "
                        + "over 20 Mbit/s, 40 ms from the devices and 1 Gbit/s, 15 ms from the edges; ", CLOUD_GFLOPS)
                        : "", mode.label(), objective.label(), subtasks, endpoints + edges + (cloud ? 1 : 0)),
                nodes, links, Optional.empty(), models, eps, mode, objective, false);
    }

    /**
     * Prints one instance as JSON: {@code java -cp <solver-core classpath> org.edgeplan.pipeline.instances.ScaledPipelines MODEL
     * ENDPOINTS EDGES REQUESTS [static|dynamic] [total-latency|makespan]}.
     */
    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: ScaledPipelines MODEL ENDPOINTS EDGES REQUESTS [static|dynamic] "
                    + "[total-latency|makespan] [cloud]");
            System.exit(2);
        }
        try {
            PipelineInstance p = of(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Integer.parseInt(args[3]), PlacementMode.fromLabel(args.length > 4 ? args[4] : "dynamic"),
                    PipelineObjective.fromLabel(args.length > 5 ? args[5] : "total-latency"),
                    args.length > 6 && args[6].equals("cloud"));
            System.out.print(InstanceIo.toJson(p));
        } catch (NumberFormatException | InvalidInputException e) {
            System.err.println("ScaledPipelines: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The family's instance name. */
    public static String name(String model, int endpoints, int edges, int requests, PlacementMode mode) {
        return "scaled-" + model + "-e" + endpoints + "-s" + edges + "-r" + requests + "-"
                + mode.label();
    }
}
