package org.edgeplan.bench.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.InstanceIo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Best-known values are found by content hash: the shipped file, its migration, and concurrent updates. */
class BestKnownStoreTest {
    private static final Path ROOT = BatchRunnerTest.instancesRoot();

    @TempDir
    Path tmp;

    private static String hashOf(Path file) {
        return InstanceIo.contentHash(InstanceIo.read(file));
    }

    @Test
    void everyShippedEntryHasTheHashOfTheShippedInstanceOfItsName() throws IOException {
        Map<String, String> shipped = new TreeMap<>();
        for (String folder : List.of("pipeline", "multi-exit")) {
            try (Stream<Path> s = Files.walk(ROOT.resolve(folder))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
                    Instance x = InstanceIo.read(p);
                    shipped.put(x.name(), InstanceIo.contentHash(x));
                }
            }
        }
        JsonNode file = new ObjectMapper().readTree(ROOT.resolve("best-known.json").toFile());
        assertThat(file.get("instances").isArray()).isTrue();
        assertThat(file.get("instances")).hasSizeGreaterThanOrEqualTo(11);
        for (JsonNode e : file.get("instances")) {
            assertThat(e.get("hash").asText()).as(e.get("instance").asText())
                    .isEqualTo(shipped.get(e.get("instance").asText()));
        }
        BestKnownStore store = BestKnownStore.load(ROOT);
        assertThat(store.entries()).filteredOn(b -> !b.solver().equals("published")).hasSize(file.get("instances").size())
                .allSatisfy(b -> assertThat(b.usable()).isTrue());
        // The published STG optima are found by name and confirmed by hash.
        String p2 = InstanceIo.contentHash(org.edgeplan.pipeline.instances.StgImporter.read(
                ROOT.resolve("stg/50/rand0000.stg"), 2));
        assertThat(store.find("stg-50-rand0000-p2", p2).objective()).isEqualTo(131);
        assertThat(store.find("stg-50-rand0000-p2", "sha256:" + "0".repeat(64))).isNull();
        // The hash decides, the name is for people.
        assertThat(store.find("my-name", hashOf(ROOT.resolve("pipeline/small.json"))).instance())
                .isEqualTo("pipeline-small");
    }

    @Test
    void aFileInTheFormatBeforeHashesIsMigratedByName() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("instances"));
        Files.createDirectories(root.resolve("pipeline"));
        Files.copy(ROOT.resolve("pipeline/small.json"), root.resolve("pipeline/small.json"));
        // Two different instances named pipeline-medium: the name is ambiguous.
        Files.copy(ROOT.resolve("pipeline/medium.json"), root.resolve("pipeline/medium.json"));
        Files.writeString(root.resolve("pipeline/medium-copy.json"), Files.readString(ROOT.resolve("pipeline/medium.json"))
                .replaceFirst("\"speedFlopsPerSecond\": (\\d+)", "\"speedFlopsPerSecond\": 9$1"));
        Files.writeString(root.resolve("best-known.json"), """
                {"description": "old", "instances": {
                  "pipeline-small": {"objective": 0.025, "proven": true, "bound": 0.025, "solver": "cp-sat", "source": "s"},
                  "pipeline-medium": {"objective": 0.79, "proven": false, "solver": "dads", "source": "s"},
                  "gone": {"objective": 1, "proven": false, "solver": "x", "source": "s"}}}
                """);
        BestKnownStore store = BestKnownStore.load(root);
        String small = hashOf(root.resolve("pipeline/small.json"));
        assertThat(store.find("pipeline-small", small).objective()).isEqualTo(0.025);
        assertThat(store.find("pipeline-medium", hashOf(root.resolve("pipeline/medium.json")))).isNull();
        assertThat(store.entries()).filteredOn(b -> !b.usable()).extracting(BestKnown::instance)
                .containsExactly("gone", "pipeline-medium");
        // The next update writes the current format and keeps the entries it could not place.
        store.update(List.of(), "t");
        JsonNode written = new ObjectMapper().readTree(root.resolve("best-known.json").toFile());
        assertThat(written.get("instances").isArray()).isTrue();
        assertThat(written.get("instances")).extracting(e -> e.get("instance").asText() + " " + e.path("hash").asText("-"))
                .containsExactly("gone -", "pipeline-medium -", "pipeline-small " + small);
        assertThat(BestKnownStore.load(root).find("pipeline-small", small).proven()).isTrue();
    }

    @Test
    void faultsInTheFileAreOneLineWithTheirPath() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("instances"));
        String h = "sha256:" + "a".repeat(64);
        Files.writeString(root.resolve("best-known.json"), "{\"instances\": [{\"instance\": \"a\", \"hash\": \"" + h
                + "\", \"objective\": 1}, {\"instance\": \"b\", \"hash\": \"" + h + "\", \"objective\": 2}]}");
        assertThatThrownBy(() -> BestKnownStore.load(root)).isInstanceOf(InvalidInputException.class)
                .hasMessage("best-known.json: $.instances[1]: the same instance (hash aaaaaaaa) as $.instances[0]");
        Files.writeString(root.resolve("best-known.json"), "{\"instances\": [{\"instance\": \"a\", \"hash\": \"md5:1\","
                + " \"objective\": 1}]}");
        assertThatThrownBy(() -> BestKnownStore.load(root))
                .hasMessage("best-known.json: $.instances[0].hash: expected \"sha256:\" and 64 hex digits, got \"md5:1\"");
        Files.writeString(root.resolve("best-known.json"), "{\"instances\": [{\"instance\": \"a\", \"objectiv\": 1}]}");
        assertThatThrownBy(() -> BestKnownStore.load(root)).hasMessageStartingWith(
                "best-known.json: $.instances[0]: unknown field \"objectiv\"");
    }

    @Test
    void aProvenValueIsTheProofsOwnPlanAndMatchesAreRelativeBelowOne() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("instances"));
        String h = BatchRunnerTest.hash("e4");
        Files.writeString(root.resolve("best-known.json"), "{\"instances\": [{\"instance\": \"e4\", \"hash\": \"" + h
                + "\", \"objective\": 0.0612651, \"proven\": false, \"solver\": \"timefold\", \"source\": \"old\"}]}");
        // A plan 0.2e-6 (relative 3e-6) below the old one, and a proof of a plan 0.1e-6 below that: the proof's plan is
        // recorded, not the one within an absolute 1e-6 above it.
        BestKnownStore.load(root).update(List.of(BatchRunnerTest.record("e4", "timefold", "feasible", 0.0612649, Double.NaN),
                BatchRunnerTest.record("e4", "cp-sat-lns", "optimal", 0.0612648, 0.0612648)), "new");
        BestKnown b = BestKnownStore.load(root).find("e4", h);
        assertThat(b.objective()).isEqualTo(0.0612648);
        assertThat(b.proven()).isTrue();
        assertThat(b.solver()).isEqualTo("cp-sat-lns");
        // A bound 0.5e-6 below a plan of 0.06 (relative 8e-6) does not prove it.
        String g = BatchRunnerTest.hash("g");
        BestKnownStore.load(root).update(List.of(BatchRunnerTest.record("g", "timefold", "feasible", 0.0613, 0.0612995)),
                "new");
        assertThat(BestKnownStore.load(root).find("g", g).proven()).isFalse();
    }

    @Test
    void concurrentUpdatesAddUp() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("instances"));
        int writers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<String>>> futures = new ArrayList<>();
            for (int k = 0; k < writers; k++) {
                // Each writer loaded the file before any of them wrote it.
                BestKnownStore store = BestKnownStore.load(root);
                RunRecord r = BatchRunnerTest.record("i" + k, "h", "feasible", 10 + k, Double.NaN);
                Callable<List<String>> update = () -> store.update(List.of(r), "writer");
                futures.add(pool.submit(update));
            }
            for (Future<List<String>> f : futures) {
                assertThat(f.get()).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        BestKnownStore merged = BestKnownStore.load(root);
        for (int k = 0; k < writers; k++) {
            assertThat(merged.find("i" + k, BatchRunnerTest.hash("i" + k)).objective()).isEqualTo(10 + k);
        }
        try (Stream<Path> s = Files.list(root)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly(".best-known.json.lock", "best-known.json");
        }
    }
}
