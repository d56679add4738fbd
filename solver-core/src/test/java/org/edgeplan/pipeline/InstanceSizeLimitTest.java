package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineInstance.LinkSpec;
import org.edgeplan.pipeline.instances.StgImporter;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, item 6: instances whose tables cannot fit in the heap are refused with one line before the tables are
 * allocated. The sizes are far beyond any test JVM's heap: without the checks these tests would run out of memory
 * (or fail on a different message), not pass.
 */
class InstanceSizeLimitTest {
    private static List<Node> nodes(int count) {
        List<Node> nodes = new ArrayList<>(count);
        nodes.add(Node.of("dev", NodeKind.DEVICE, 1e9));
        for (int n = 1; n < count; n++) {
            nodes.add(Node.of("e" + n, NodeKind.EDGE, 4e9));
        }
        return nodes;
    }

    @Test
    void aHundredThousandNodesAreRefusedBeforeTheirLinkTables() {
        DnnGraph model = PipelineFixtures.chain3(60);
        assertThatThrownBy(() -> new PipelineInstance("big", "", nodes(100_000), List.of(),
                Optional.of(new LinkSpec(1e9, 0.001)), Map.of("m", model),
                List.of(new Endpoint("cam", "dev", "m", List.of(0.0), List.of())), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, false))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("instance 'big': 100000 nodes need two 100000 x 100000 link tables, about 160 GB;"
                        + " this JVM can spare ")
                .hasMessageEndingWith("(set EDGEPLAN_JAVA_OPTS=-Xmx<size> to give it more)");
    }

    @Test
    void anStgGraphOnAHundredThousandProcessorsIsRefusedBeforeItsNodesAreMade() {
        StgImporter.TaskGraph graph = new StgImporter.TaskGraph("stg-test", new long[] {0, 3, 0},
                new int[][] {{}, {0}, {1}}, java.util.OptionalLong.empty(), false);
        assertThat(StgImporter.toInstance(graph, 4).nodeCount()).isEqualTo(4);
        assertThatThrownBy(() -> StgImporter.toInstance(graph, 100_000))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("stg-test: 100000 processors need two 100000 x 100000 link tables, about 160 GB");
        assertThatThrownBy(() -> StgImporter.toInstance(graph, Integer.MAX_VALUE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("stg-test: 2147483647 processors need two");
    }

    private static String pipeline(String requests) {
        return """
                {"problem": "pipeline", "name": "many",
                 "nodes": [{"name": "dev", "kind": "device", "speedFlopsPerSecond": 1e9},
                           {"name": "edge", "kind": "edge", "speedFlopsPerSecond": 4e9}],
                 "links": [{"from": "dev", "to": "edge", "bandwidthBitsPerSecond": 8e6, "latencySeconds": 0.01}],
                 "models": {"vgg5": {"profile": "vgg5-cifar10"}},
                 "endpoints": [{"name": "cam", "device": "dev", "model": "vgg5", "requests": %s}]}
                """.formatted(requests);
    }

    /** (Seven million requests of this 7-layer model stay below the cap; ReliabilityTest refuses them by the heap.) */
    @Test
    void eightMillionRequestsAreRefusedBeforeTheirReleaseTimesAreMade() {
        int layers = ((PipelineInstance) InstanceIo.parse(pipeline("{\"count\": 2, \"periodSeconds\": 0.1}"), "ok.json"))
                .subtaskCount() / 2;
        assertThat(8_000_000L * layers).isGreaterThan(PipelineInstance.MAX_SUBTASKS);
        assertThatThrownBy(() -> InstanceIo.parse(pipeline("{\"count\": 8000000, \"periodSeconds\": 0.01}"), "many.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("many.json: $.endpoints[0].requests.count: 8000000 requests of a " + layers + "-layer model"
                        + " make " + 8_000_000L * layers + " subtasks, more than the 50 million an instance may have");
    }

    @Test
    void theEstimateCountsSubtasksEdgesRequestsAndNodePairs() {
        // Two endpoints of 1000 requests of a 3-layer chain on 3 nodes, exclusive channels.
        DnnGraph model = PipelineFixtures.chain3(60);
        long subtasks = 2 * 1000 * 3;
        long edges = 2 * 1000 * 2;
        long expected = 9 * (PipelineInstance.BYTES_PER_NODE_PAIR + PipelineInstance.BYTES_PER_EXCLUSIVE_CHANNEL)
                + 2 * 3 + subtasks * PipelineInstance.BYTES_PER_SUBTASK + edges * PipelineInstance.BYTES_PER_DATA_EDGE
                + 2000 * PipelineInstance.BYTES_PER_REQUEST;
        assertThat(PipelineInstance.estimatedBytes(3, List.of(
                new Endpoint("a", "dev", "m", Endpoint.periodic(1000, 0.1, 0), List.of()),
                new Endpoint("b", "dev", "m", Endpoint.periodic(1000, 0.1, 0), List.of())), Map.of("m", model), true))
                .isEqualTo(expected);
    }
}
