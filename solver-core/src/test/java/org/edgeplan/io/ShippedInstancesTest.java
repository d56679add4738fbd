package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Instance;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.instances.NetworkFamilies;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.testing.ProjectRoot;

class ShippedInstancesTest {

    @Test
    void generatedFilesAreByteIdenticalToTheirGenerator() throws IOException {
        Path dir = ProjectRoot.instances();
        Map<String, Instance> generated = ShippedInstances.generate(dir);
        assertThat(generated).hasSize(16 + NetworkFamilies.shipped().size() + 3 + ShippedInstances.SCALED.size() + ShippedInstances.KNOWN.size());
        for (Map.Entry<String, Instance> e : generated.entrySet()) {
            Path file = dir.resolve(e.getKey());
            assertThat(file).as("run ShippedInstances to create " + e.getKey()).exists();
            assertThat(Files.readString(file)).as(e.getKey() + " drifted from ShippedInstances; regenerate it")
                    .isEqualTo(InstanceIo.toJson(e.getValue()));
        }
    }

    @Test
    void seedInstancesHaveTheSeedTables() {
        MultiExitInstance image = InstanceIo.readMultiExit(ProjectRoot.instances().resolve("multi-exit/ma2025-image.json"));
        MultiExitInstance video = InstanceIo.readMultiExit(ProjectRoot.instances().resolve("multi-exit/ma2025-video.json"));
        assertThat(image.deviceCount()).isEqualTo(5);
        assertThat(video.deviceCount()).isEqualTo(7);
        assertThat(image.layerCount()).isEqualTo(13);
        assertThat(image.devices().get(0).exitProbability(11)).isEqualTo(0.28);
        // video row 1 is printed as 15 10 5 20 ... summing to 126 percent: normalised by division by the sum
        Device first = video.devices().get(0);
        assertThat(first.exitProbability(1)).isEqualTo(15.0 / 126);
        assertThat(first.speedFlopsPerSecond()).isEqualTo(30e9);
        for (Device d : video.devices()) {
            double sum = 0;
            for (double q : d.exitProbabilities()) {
                sum += q;
            }
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void pipelineScenariosHaveTheAdvertisedSizes() {
        PipelineInstance small = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/small.json"));
        PipelineInstance medium = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/medium.json"));
        PipelineInstance large = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/large.json"));
        assertThat(small.subtaskCount()).isEqualTo(42);
        assertThat(small.endpointCount()).isEqualTo(2);
        assertThat(medium.subtaskCount()).isEqualTo(450);
        assertThat(medium.endpointCount()).isEqualTo(4);
        assertThat(large.subtaskCount()).isEqualTo(5260);
        assertThat(large.endpointCount()).isEqualTo(12);
        // every endpoint can reach every edge node it is allowed on
        for (PipelineInstance x : new PipelineInstance[] {small, medium, large}) {
            for (int e = 0; e < x.endpointCount(); e++) {
                for (int n = 0; n < x.nodeCount(); n++) {
                    if (x.allowed(e, n)) {
                        assertThat(x.connected(x.deviceOf(e), n)).as(x.name() + " endpoint " + e + " node " + n).isTrue();
                    }
                }
            }
        }
    }
}
