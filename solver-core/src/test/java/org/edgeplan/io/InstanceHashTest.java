package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.edgeplan.core.Instance;
import org.edgeplan.pipeline.instances.StgImporter;
import org.edgeplan.testing.ProjectRoot;
import org.junit.jupiter.api.Test;

/** Content hashes: equal for the same problem however it is written, different for any other problem. */
class InstanceHashTest {
    private static String hashOf(String relative) {
        return InstanceIo.contentHash(InstanceIo.read(ProjectRoot.instances().resolve(relative)));
    }

    @Test
    void aShippedInstanceHasAPinnedHash() {
        // Pinned: a change of this value orphans every entry of instances/best-known.json (see its README section).
        assertThat(hashOf("pipeline/small.json"))
                .isEqualTo("sha256:84709d4e438b4686f7cb1aca7b7940ea6faa98bdebb183b1fec8ed0b566eadf1");
    }

    @Test
    void shippedInstancesShareAHashOnlyWhenTheyPoseTheSameProblem() {
        Map<String, List<String>> byHash = new TreeMap<>();
        for (Path file : ProjectRoot.instanceFiles()) {
            Instance x = InstanceIo.read(file);
            String hash = InstanceIo.contentHash(x);
            assertThat(hash).matches("sha256:[0-9a-f]{64}");
            assertThat(InstanceIo.contentHash(InstanceIo.parse(InstanceIo.toJson(x), "again"))).isEqualTo(hash);
            byHash.computeIfAbsent(hash, k -> new ArrayList<>())
                    .add(ProjectRoot.instances().relativize(file).toString());
        }
        // The two paper scenarios are their own 10 Mbit/s sweep points, under other names.
        assertThat(byHash.values().stream().filter(files -> files.size() > 1).map(List::toString).sorted())
                .containsExactly("[multi-exit/ma2025-image.json, multi-exit/sweep/ma2025-image-bw10.json]",
                        "[multi-exit/ma2025-video.json, multi-exit/sweep/ma2025-video-bw10.json]");
    }

    @Test
    void nameAndDescriptionDoNotCountNumbersDo() throws Exception {
        String json = Files.readString(ProjectRoot.instances().resolve("pipeline/medium.json"));
        String original = InstanceIo.contentHash(InstanceIo.parse(json, "m"));
        String renamed = json.replace("\"name\": \"pipeline-medium\"", "\"name\": \"my-copy\"")
                .replaceFirst("\"description\": \"[^\"]*\"", "\"description\": \"edited\"");
        assertThat(renamed).contains("my-copy", "edited");
        assertThat(InstanceIo.contentHash(InstanceIo.parse(renamed, "m"))).isEqualTo(original);
        // A copy with the shipped name and faster nodes (issue 15's case) is another instance.
        String faster = json.replaceFirst("\"speedFlopsPerSecond\": (\\d+)", "\"speedFlopsPerSecond\": 9$1");
        assertThat(faster).isNotEqualTo(json);
        assertThat(InstanceIo.contentHash(InstanceIo.parse(faster, "m"))).isNotEqualTo(original);
    }

    @Test
    void theSameProblemWrittenDifferentlyHasOneHash() {
        // The video scenario is stored in percent with "normalize"; its sweep point at 10 Mbit/s as fractions.
        assertThat(hashOf("multi-exit/sweep/ma2025-video-bw10.json")).isEqualTo(hashOf("multi-exit/ma2025-video.json"));
        assertThat(hashOf("multi-exit/sweep/ma2025-video-bw20.json")).isNotEqualTo(hashOf("multi-exit/ma2025-video.json"));
    }

    @Test
    void anStgGraphsHashIncludesItsProcessors() {
        Path graph = ProjectRoot.instances().resolve("stg/50/rand0000.stg");
        List<String> hashes = List.of(2, 4, 8).stream()
                .map(k -> InstanceIo.contentHash(StgImporter.read(graph, k))).toList();
        assertThat(hashes).doesNotHaveDuplicates();
        assertThat(InstanceIo.contentHash(StgImporter.read(graph, 2))).isEqualTo(hashes.get(0));
    }
}
