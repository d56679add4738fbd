package org.edgeplan.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.edgeplan.core.InvalidInputException;
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
 * {@code requests} frames every 50 ms (endpoint {@code i} offset by {@code i·50/endpoints} ms) through one model,
 * and {@code edges} edge servers (the {@code k}-th at 300·2^k GFLOP/s) reached over 20 Mbit/s, 5 ms links and
 * joined to each other by 1 Gbit/s, 0.5 ms. Subtasks: endpoints × requests × layers; nodes: endpoints + edges.
 *
 * <p>Not a scenario of the seed paper: a size ladder on the shipped scenarios' hardware. Names read
 * {@code scaled-<model>-e<E>-s<S>-r<R>-<mode>}.
 */
public final class ScaledPipelines {
    private static final double GFLOPS = 1e9;
    private static final double MBITS = 1e6;
    private static final double PERIOD_SECONDS = 0.05;

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
        for (int i = 0; i < endpoints; i++) {
            String device = "dev-" + (i + 1);
            nodes.add(Node.of(device, NodeKind.DEVICE, 4 * GFLOPS));
            eps.add(new Endpoint(device + "-cam", device, model,
                    Endpoint.periodic(requests, PERIOD_SECONDS, PERIOD_SECONDS * i / endpoints), List.of()));
            for (String edge : edgeNames) {
                both(links, device, edge, 20 * MBITS, 0.005);
            }
        }
        for (int k = 0; k < edges; k++) {
            nodes.add(Node.of(edgeNames.get(k), NodeKind.EDGE, 300 * GFLOPS * (1L << Math.min(k, 20))));
            for (int j = k + 1; j < edges; j++) {
                both(links, edgeNames.get(k), edgeNames.get(j), 1000 * MBITS, 0.0005);
            }
        }
        String name = name(model, endpoints, edges, requests, mode);
        int subtasks = endpoints * requests * models.get(model).layers().size();
        return new PipelineInstance(name, String.format(Locale.ROOT, "Scaling family (EdgePlan, not published "
                        + "data): %d Pi-class devices (4 GFLOP/s) each stream %d %s requests every 50 ms to %d edge "
                        + "server(s) over 20 Mbit/s, 5 ms; %s placement, %s. %d subtasks, %d nodes.",
                endpoints, requests, model, edges, mode.label(),
                objective.label(), subtasks, endpoints + edges),
                nodes, links, Optional.empty(), models, eps, mode, objective, false);
    }

    /** The family's instance name. */
    public static String name(String model, int endpoints, int edges, int requests, PlacementMode mode) {
        return "scaled-" + model + "-e" + endpoints + "-s" + edges + "-r" + requests + "-"
                + mode.label();
    }

    private static void both(List<Link> links, String a, String b, double bitsPerSecond, double latencySeconds) {
        links.add(new Link(a, b, bitsPerSecond, latencySeconds));
        links.add(new Link(b, a, bitsPerSecond, latencySeconds));
    }
}
