package org.edgeplan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;

/** The shipped instances whose optimum {@code instances/best-known.json} records as proven, for bound tests. */
public final class ProvenOptima {
    private ProvenOptima() {
    }

    /** Every shipped problem-B instance with the given objective and a proven optimum, with it, in file order. */
    public static Map<PipelineInstance, Double> pipelines(PipelineObjective objective) {
        Map<String, Double> proven = byName();
        Map<PipelineInstance, Double> out = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(ProjectRoot.instances().resolve("pipeline"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            PipelineInstance inst = InstanceIo.readPipeline(file);
            Double optimum = proven.get(inst.name());
            if (optimum != null && inst.objective() == objective) {
                out.put(inst, optimum);
            }
        }
        return out;
    }

    /** Instance name to proven optimum. */
    public static Map<String, Double> byName() {
        try {
            JsonNode root = new ObjectMapper().readTree(ProjectRoot.instances().resolve("best-known.json").toFile());
            Map<String, Double> out = new HashMap<>();
            for (JsonNode e : root.get("instances")) {
                if (e.get("proven").asBoolean()) {
                    out.put(e.get("instance").asText(), e.get("objective").asDouble());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
