package org.edgeplan.pipeline.instances;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineInstance.LinkSpec;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.profiles.LayerProfiles;

/**
 * The three hand-designed problem-B scenarios shipped in {@code instances/pipeline/} ({@code small}, {@code medium},
 * {@code large}), built in code; {@link org.edgeplan.io.ShippedInstances} writes them and a test keeps the files equal.
 *
 * <p>Parameters (not published by Yan et al.; chosen as realistic values): Raspberry-Pi-4-class devices at
 * 4 GFLOP/s, Jetson-Nano-class at 25 GFLOP/s, Jetson-Xavier-class at 60 GFLOP/s; edge GPU servers at 300 GFLOP/s
 * to 2 TFLOP/s effective; a cloud at 10 TFLOP/s; Wi-Fi uplinks 10-20 Mbit/s with 5-8 ms latency, 4G 30 Mbit/s with
 * 20 ms, 5G 100 Mbit/s with 10 ms; edge-to-edge 1 Gbit/s with 0.5 ms, edge-to-cloud 1 Gbit/s with 15 ms; requests
 * every 33-200 ms.
 */
public final class PipelineScenarios {
    private static final double GFLOPS = 1e9;
    private static final double MBITS = 1e6;

    private PipelineScenarios() {
    }

    /** The scenario {@code small}, {@code medium} or {@code large} (the same instance as its file). */
    public static PipelineInstance of(String name) {
        return switch (name) {
            case "small" -> small();
            case "medium" -> medium();
            case "large" -> large();
            default -> throw new InvalidInputException("unknown pipeline scenario '" + name
                    + "', expected small, medium or large");
        };
    }

    /** 2 Raspberry-Pi-class cameras running VGG5 and one edge GPU server: 2 × 3 × 7 = 42 subtasks. */
    public static PipelineInstance small() {
        List<Node> nodes = List.of(
                Node.of("pi-a", NodeKind.DEVICE, 4 * GFLOPS),
                Node.of("pi-b", NodeKind.DEVICE, 4 * GFLOPS),
                Node.of("edge-gpu", NodeKind.EDGE, 500 * GFLOPS));
        List<Link> links = new ArrayList<>();
        bothWays(links, "pi-a", "edge-gpu", 20 * MBITS, 0.005);
        bothWays(links, "pi-b", "edge-gpu", 10 * MBITS, 0.008);
        List<Endpoint> endpoints = List.of(
                new Endpoint("cam-a", "pi-a", "vgg5", Endpoint.periodic(3, 0.1, 0), List.of()),
                new Endpoint("cam-b", "pi-b", "vgg5", Endpoint.periodic(3, 0.1, 0.05), List.of()));
        return new PipelineInstance("pipeline-small",
                "Problem B (the pipeline model as reconstructed in EdgePlan, not published data), small: 2 "
                        + "Raspberry-Pi-class cameras (4 GFLOP/s) each run VGG5 on CIFAR-10 frames (3 requests every "
                        + "100 ms, the second camera offset by 50 ms) with one edge GPU server (500 GFLOP/s) over Wi-Fi "
                        + "(20 and 10 Mbit/s, 5 and 8 ms). Static placement, total latency. 42 subtasks.",
                nodes, links, Optional.empty(), models("vgg5"), endpoints, PlacementMode.STATIC,
                PipelineObjective.TOTAL_LATENCY, false);
    }

    /** 2 Pi-class VGG5 + 2 Jetson-class ResNet-18 endpoints, 2 edge servers: 140 + 310 = 450 subtasks. */
    public static PipelineInstance medium() {
        List<Node> nodes = List.of(
                new Node("pi-1", NodeKind.DEVICE, 4 * GFLOPS, OptionalLong.of(512L << 20), OptionalInt.empty()),
                new Node("pi-2", NodeKind.DEVICE, 4 * GFLOPS, OptionalLong.of(512L << 20), OptionalInt.empty()),
                new Node("jetson-1", NodeKind.DEVICE, 25 * GFLOPS, OptionalLong.of(2L << 30), OptionalInt.empty()),
                new Node("jetson-2", NodeKind.DEVICE, 25 * GFLOPS, OptionalLong.of(2L << 30), OptionalInt.empty()),
                Node.of("edge-1", NodeKind.EDGE, 300 * GFLOPS),
                Node.of("edge-2", NodeKind.EDGE, 1500 * GFLOPS));
        List<Link> links = new ArrayList<>();
        for (String edge : List.of("edge-1", "edge-2")) {
            bothWays(links, "pi-1", edge, 20 * MBITS, 0.005);
            bothWays(links, "pi-2", edge, 20 * MBITS, 0.005);
            bothWays(links, "jetson-1", edge, 100 * MBITS, 0.010);
            bothWays(links, "jetson-2", edge, 100 * MBITS, 0.010);
        }
        bothWays(links, "edge-1", "edge-2", 1000 * MBITS, 0.0005);
        List<Endpoint> endpoints = List.of(
                new Endpoint("pi-1-cam", "pi-1", "vgg5", Endpoint.periodic(10, 0.05, 0), List.of()),
                new Endpoint("pi-2-cam", "pi-2", "vgg5", Endpoint.periodic(10, 0.05, 0.025), List.of()),
                new Endpoint("jetson-1-cam", "jetson-1", "resnet18", Endpoint.periodic(5, 0.2, 0), List.of()),
                new Endpoint("jetson-2-cam", "jetson-2", "resnet18", Endpoint.periodic(5, 0.2, 0.1), List.of()));
        return new PipelineInstance("pipeline-medium",
                "Problem B (the pipeline model as reconstructed in EdgePlan, not published data), medium: 2 "
                        + "Raspberry-Pi-class devices (4 GFLOP/s, 512 MiB for weights) run VGG5, 10 requests every 50 ms, "
                        + "over Wi-Fi (20 Mbit/s, 5 ms); 2 Jetson-Nano-class devices (25 GFLOP/s, 2 GiB) run ResNet-18 "
                        + "at 224x224, 5 requests every 200 ms, over 5G (100 Mbit/s, 10 ms); 2 edge servers (300 GFLOP/s "
                        + "and 1.5 TFLOP/s) joined by 1 Gbit/s, 0.5 ms. Dynamic placement, total latency. 450 subtasks.",
                nodes, links, Optional.empty(), models("vgg5", "resnet18"), endpoints, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, false);
    }

    /**
     * 12 endpoints (4 × VGG5, 4 × ResNet-18, 4 × VGG16), 3 edge servers and a cloud:
     * 4·40·7 + 4·25·31 + 4·20·13 = 1120 + 3100 + 1040 = 5260 subtasks.
     */
    public static PipelineInstance large() {
        List<Node> nodes = new ArrayList<>();
        List<Endpoint> endpoints = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        List<String> edges = List.of("edge-1", "edge-2", "edge-3");
        for (int i = 1; i <= 4; i++) {
            String pi = "pi-" + i;
            nodes.add(new Node(pi, NodeKind.DEVICE, 4 * GFLOPS, OptionalLong.of(512L << 20), OptionalInt.empty()));
            endpoints.add(new Endpoint(pi + "-cam", pi, "vgg5", Endpoint.periodic(40, 0.033, 0.008 * (i - 1)),
                    List.of()));
        }
        for (int i = 1; i <= 4; i++) {
            String nano = "nano-" + i;
            nodes.add(new Node(nano, NodeKind.DEVICE, 25 * GFLOPS, OptionalLong.of(2L << 30), OptionalInt.empty()));
            endpoints.add(new Endpoint(nano + "-cam", nano, "resnet18", Endpoint.periodic(25, 0.1, 0.025 * (i - 1)),
                    List.of()));
        }
        for (int i = 1; i <= 4; i++) {
            String xavier = "xavier-" + i;
            nodes.add(new Node(xavier, NodeKind.DEVICE, 60 * GFLOPS, OptionalLong.of(4L << 30), OptionalInt.empty()));
            endpoints.add(new Endpoint(xavier + "-cam", xavier, "vgg16", Endpoint.periodic(20, 0.2, 0.05 * (i - 1)),
                    List.of()));
        }
        nodes.add(Node.of("edge-1", NodeKind.EDGE, 400 * GFLOPS));
        nodes.add(Node.of("edge-2", NodeKind.EDGE, 800 * GFLOPS));
        nodes.add(Node.of("edge-3", NodeKind.EDGE, 2000 * GFLOPS));
        nodes.add(Node.of("cloud", NodeKind.CLOUD, 10000 * GFLOPS));
        for (String edge : edges) {
            for (int i = 1; i <= 4; i++) {
                bothWays(links, "pi-" + i, edge, 20 * MBITS, 0.005);
                bothWays(links, "nano-" + i, edge, 100 * MBITS, 0.010);
                bothWays(links, "xavier-" + i, edge, 30 * MBITS, 0.020);
            }
        }
        for (int a = 0; a < edges.size(); a++) {
            for (int b = a + 1; b < edges.size(); b++) {
                bothWays(links, edges.get(a), edges.get(b), 1000 * MBITS, 0.0005);
            }
            bothWays(links, edges.get(a), "cloud", 1000 * MBITS, 0.015);
        }
        return new PipelineInstance("pipeline-large",
                "Problem B (the pipeline model as reconstructed in EdgePlan, not published data), large: 4 "
                        + "Raspberry-Pi-class devices (4 GFLOP/s) run VGG5, 40 requests every 33 ms, over Wi-Fi "
                        + "(20 Mbit/s, 5 ms); 4 Jetson-Nano-class (25 GFLOP/s) run ResNet-18, 25 requests every 100 ms, "
                        + "over 5G (100 Mbit/s, 10 ms); 4 Jetson-Xavier-class (60 GFLOP/s) run VGG16, 20 requests every "
                        + "200 ms, over 4G (30 Mbit/s, 20 ms); 3 edge servers (400, 800, 2000 GFLOP/s) joined by "
                        + "1 Gbit/s, 0.5 ms; a cloud (10 TFLOP/s) 1 Gbit/s, 15 ms behind each edge and reachable "
                        + "from devices over the default link (4G, 20 Mbit/s, 40 ms). Dynamic placement, total "
                        + "latency. 5260 subtasks.",
                nodes, links, Optional.of(new LinkSpec(20 * MBITS, 0.040)), models("vgg5", "resnet18", "vgg16"),
                endpoints, PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY, false);
    }

    private static Map<String, DnnGraph> models(String... keys) {
        Map<String, DnnGraph> out = new LinkedHashMap<>();
        for (String key : keys) {
            out.put(key, LayerProfiles.dag(switch (key) {
                case "vgg5" -> "vgg5-cifar10";
                case "resnet18" -> "resnet18-224";
                case "vgg16" -> "vgg16-224";
                default -> throw new IllegalArgumentException(key);
            }));
        }
        return out;
    }

    /** A link in each direction. */
    public static void bothWays(List<Link> links, String a, String b, double bitsPerSecond, double latencySeconds) {
        links.add(new Link(a, b, bitsPerSecond, latencySeconds));
        links.add(new Link(b, a, bitsPerSecond, latencySeconds));
    }
}
