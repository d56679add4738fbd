package org.edgeplan.bench.batch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.instances.StgImporter;

/**
 * A batch: which instances (globs below the instances folder), which solvers, seeds, time limit, threads, how many
 * runs at once and how runs are isolated. Read from JSON, or YAML ({@code .yaml}/{@code .yml}) with the same fields:
 *
 * <pre>{@code
 * {"name": "quick", "description": "...",
 *  "instances": ["multi-exit/*.json", {"glob": "stg/50/rand000[0-2].stg", "processors": [2, 4]}],
 *  "solvers": ["*"], "excludeSolvers": ["brute-force"], "seeds": [0], "timeLimitSeconds": 10,
 *  "threads": 1, "parallel": 2, "isolation": "process"}
 * }</pre>
 *
 * {@code "*"} among the solvers means every registered solver of the instance's problem; a named solver runs on
 * the instances of every problem it is registered for.
 *
 * @param name             suite name (also the default output folder name)
 * @param description      one paragraph
 * @param instances        instance selections
 * @param solvers          solver names or {@code *}
 * @param excludeSolvers   names removed from the expansion of {@code *}
 * @param seeds            seeds, each run once per seed
 * @param timeLimitSeconds per-run time limit
 * @param threads          threads per run
 * @param parallel         runs at once
 * @param isolation        {@code process}: each run in its own JVM (a native crash cannot end the batch, per-run
 *                         memory and CPU are measured); {@code in-process}: faster start, shared JVM
 */
public record Suite(String name, String description, List<Selection> instances, List<String> solvers,
                    List<String> excludeSolvers, List<Long> seeds, double timeLimitSeconds, int threads,
                    int parallel, Isolation isolation) {
    /** How runs are separated from each other. */
    public enum Isolation {
        PROCESS, IN_PROCESS;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * Instance files matched by a glob relative to the instances folder; STG graphs need processor counts.
     *
     * @param glob       e.g. {@code pipeline/*.json}
     * @param processors processor counts for {@code .stg} files (each graph runs once per count); empty otherwise
     */
    public record Selection(String glob, List<Integer> processors) {
        public Selection {
            processors = List.copyOf(processors);
        }
    }

    /** One instance file of the batch, with the processor count for an STG graph (0 otherwise). */
    public record InstanceRef(Path file, String relative, int processors) {
        /** Reads the instance: an STG graph on its processor count, else a JSON instance. */
        public Instance load() {
            return processors > 0 ? StgImporter.read(file, processors) : InstanceIo.read(file);
        }
    }

    public Suite {
        instances = List.copyOf(instances);
        solvers = List.copyOf(solvers);
        excludeSolvers = List.copyOf(excludeSolvers);
        seeds = List.copyOf(seeds);
    }

    /** Every instance file the selections match, in selection order, each file once per processor count. */
    public List<InstanceRef> resolve(Path instancesRoot) {
        List<InstanceRef> out = new ArrayList<>();
        for (int s = 0; s < instances.size(); s++) {
            Selection sel = instances.get(s);
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + sel.glob());
            List<Path> matched;
            try (Stream<Path> files = Files.walk(instancesRoot)) {
                matched = files.filter(Files::isRegularFile)
                        .filter(p -> matcher.matches(instancesRoot.relativize(p)))
                        .sorted().toList();
            } catch (IOException e) {
                throw new InvalidInputException("cannot list " + instancesRoot + ": " + e.getMessage());
            }
            if (matched.isEmpty()) {
                throw new InvalidInputException("suite '" + name + "': $.instances[" + s + "]: '" + sel.glob()
                        + "' matches no file below " + instancesRoot);
            }
            for (Path p : matched) {
                String rel = instancesRoot.relativize(p).toString().replace('\\', '/');
                boolean stg = rel.endsWith(".stg");
                if (stg && sel.processors().isEmpty()) {
                    throw new InvalidInputException("suite '" + name + "': $.instances[" + s + "]: '" + rel
                            + "' is an STG graph: give \"processors\": [...]");
                }
                if (stg) {
                    sel.processors().forEach(k -> out.add(new InstanceRef(p, rel, k)));
                } else {
                    out.add(new InstanceRef(p, rel, 0));
                }
            }
        }
        return out;
    }

    /** Reads a suite file; errors name the file, the JSON path and the value. */
    public static Suite read(Path file) {
        String source = String.valueOf(file.getFileName());
        String lower = source.toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".yaml") || lower.endsWith(".yml")
                ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper();
        JsonNode root;
        try {
            root = mapper.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("no such file: " + file);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(source + ": malformed " + (mapper.getFactory() instanceof YAMLFactory
                    ? "YAML" : "JSON") + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(root, source);
    }

    static Suite parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(source + ": $: expected an object");
        }
        String name = text(root, "name", source, null);
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new InvalidInputException(source + ": $.name: '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        String description = text(root, "description", source, "");
        JsonNode inst = root.get("instances");
        if (inst == null || !inst.isArray() || inst.isEmpty()) {
            throw new InvalidInputException(source + ": $.instances: expected a non-empty array of globs");
        }
        List<Selection> selections = new ArrayList<>();
        for (int i = 0; i < inst.size(); i++) {
            JsonNode e = inst.get(i);
            String at = "$.instances[" + i + "]";
            if (e.isTextual()) {
                selections.add(new Selection(e.asText(), List.of()));
            } else if (e.isObject() && e.hasNonNull("glob")) {
                List<Integer> processors = new ArrayList<>();
                JsonNode p = e.path("processors");
                if (!p.isMissingNode() && !p.isArray()) {
                    throw new InvalidInputException(source + ": " + at + ".processors: expected an array of integers");
                }
                for (int k = 0; k < p.size(); k++) {
                    if (!p.get(k).canConvertToInt() || !p.get(k).isIntegralNumber() || p.get(k).asInt() < 1) {
                        throw new InvalidInputException(source + ": " + at + ".processors[" + k + "]: expected a"
                                + " positive integer, got " + p.get(k));
                    }
                    processors.add(p.get(k).asInt());
                }
                selections.add(new Selection(e.get("glob").asText(), processors));
            } else {
                throw new InvalidInputException(source + ": " + at + ": expected a glob string or {\"glob\", \"processors\"},"
                        + " got " + e);
            }
        }
        List<String> solvers = strings(root, "solvers", source, List.of("*"));
        if (solvers.isEmpty()) {
            throw new InvalidInputException(source + ": $.solvers: expected at least one solver name or \"*\"");
        }
        List<String> exclude = strings(root, "excludeSolvers", source, List.of());
        List<Long> seeds = new ArrayList<>();
        JsonNode sd = root.get("seeds");
        if (sd == null) {
            seeds.add(0L);
        } else if (!sd.isArray() || sd.isEmpty()) {
            throw new InvalidInputException(source + ": $.seeds: expected a non-empty array of integers");
        } else {
            for (int k = 0; k < sd.size(); k++) {
                if (!sd.get(k).isIntegralNumber()) {
                    throw new InvalidInputException(source + ": $.seeds[" + k + "]: expected an integer, got " + sd.get(k));
                }
                seeds.add(sd.get(k).asLong());
            }
        }
        double timeLimit = number(root, "timeLimitSeconds", source, 10);
        if (!(timeLimit > 0) || Double.isInfinite(timeLimit)) {
            throw new InvalidInputException(source + ": $.timeLimitSeconds: must be positive, got " + timeLimit);
        }
        int threads = integer(root, "threads", source, 1);
        int parallel = integer(root, "parallel", source, 1);
        String iso = text(root, "isolation", source, "process");
        Isolation isolation = switch (iso) {
            case "process" -> Isolation.PROCESS;
            case "in-process" -> Isolation.IN_PROCESS;
            default -> throw new InvalidInputException(source + ": $.isolation: '" + iso
                    + "', expected process or in-process");
        };
        return new Suite(name, description, selections, solvers, exclude, seeds, timeLimit, threads, parallel,
                isolation);
    }

    private static String text(JsonNode root, String field, String source, String fallback) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new InvalidInputException(source + ": $." + field + ": required field is missing");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new InvalidInputException(source + ": $." + field + ": expected a string, got " + v);
        }
        return v.asText();
    }

    private static List<String> strings(JsonNode root, String field, String source, List<String> fallback) {
        JsonNode v = root.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isArray()) {
            throw new InvalidInputException(source + ": $." + field + ": expected an array of names, got " + v);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new InvalidInputException(source + ": $." + field + "[" + i + "]: expected a name, got " + v.get(i));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    private static double number(JsonNode root, String field, String source, double fallback) {
        JsonNode v = root.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new InvalidInputException(source + ": $." + field + ": expected a number, got " + v);
        }
        return v.asDouble();
    }

    private static int integer(JsonNode root, String field, String source, int fallback) {
        JsonNode v = root.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asInt() < 1) {
            throw new InvalidInputException(source + ": $." + field + ": expected a positive integer, got " + v);
        }
        return v.asInt();
    }
}
