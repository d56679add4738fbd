package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.core.Instance;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineInstance.LinkSpec;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.testing.ProjectRoot;

class InstanceIoRoundTripTest {

    @Test
    void everyShippedInstanceRoundTripsExactly(@TempDir Path tmp) {
        List<Path> files = ProjectRoot.instanceFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(2 + 16 + 3);
        for (Path file : files) {
            Instance x = InstanceIo.read(file);
            String json = InstanceIo.toJson(x);
            Instance back = InstanceIo.parse(json, file.getFileName().toString());
            assertThat(back).as(file.toString()).isEqualTo(x);
            assertThat(InstanceIo.toJson(back)).as("stable text of " + file).isEqualTo(json);
            Path out = tmp.resolve(file.getFileName());
            InstanceIo.write(x, out);
            assertThat(InstanceIo.read(out)).isEqualTo(x);
        }
    }

    @Test
    void awkwardNumbersAndInlineModelsRoundTrip() {
        MultiExitDnn dnn = new MultiExitDnn("tiny", 0.1 + 0.2, List.of("a", "b", "c"),
                new double[] {1e-300, 12345.678901234567, 3e20}, new double[] {1.0 / 3, 7, 0},
                new double[] {Math.PI, Math.E, 0});
        double third = 1.0 / 3;
        MultiExitInstance x = new MultiExitInstance("tiny-x", "inline model, odd numbers", dnn,
                List.of(new Device("d/1 \"q\"", 1.5e9, 0.1, 0.7, 0, new double[] {third, third, 1 - 2 * third})),
                9.87654321e11, 0.25, 0.75, ExitSet.of(3, 1));
        assertThat(InstanceIo.parse(InstanceIo.toJson(x), "t")).isEqualTo(x);

        DnnGraph g = new DnnGraph("diamond", 10.5, 4, List.of(
                new DnnLayer("in", 1, 2, 0, List.of()),
                new DnnLayer("left", 3.25, 4, 8, List.of("in")),
                new DnnLayer("right", 5, 6, 0, List.of("in")),
                new DnnLayer("out", 7, 8, 0, List.of("left", "right"))));
        PipelineInstance p = new PipelineInstance("p", "", List.of(
                new Node("dev", NodeKind.DEVICE, 1e9, OptionalLong.of(1024), OptionalInt.of(3)),
                Node.of("edge", NodeKind.EDGE, 2.5e11)),
                List.of(new Link("dev", "edge", 1e7, 0.001), new Link("edge", "dev", 2e7, 0.001)),
                Optional.of(new LinkSpec(1e6, 0.1)), Map.of("m", g),
                List.of(new Endpoint("e", "dev", "m", List.of(0.0, 0.1, 0.35), List.of("dev", "edge")),
                        new Endpoint("f", "dev", "m", Endpoint.periodic(4, 0.033, 0.01), List.of())),
                PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN, true);
        assertThat(InstanceIo.parse(InstanceIo.toJson(p), "t")).isEqualTo(p);
    }

    @Test
    void writingOverAnExistingFileIsAtomicAndLeavesNoTemporaryFiles(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("x.json");
        Files.writeString(file, "old");
        Instance x = InstanceIo.read(ProjectRoot.instances().resolve("pipeline/small.json"));
        InstanceIo.write(x, file);
        assertThat(InstanceIo.read(file)).isEqualTo(x);
        try (var s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactly(file);
        }
    }
}
