package org.edgeplan.bench.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.pipeline.instances.StgOptima;

/**
 * Best known and proven optimal values per instance: {@code instances/best-known.json} (written by
 * {@link #update}) plus the published STG optima of {@code instances/stg/optima.csv}, which count as proven.
 * A run whose objective is below a proven optimum by more than {@link #TOLERANCE} (relative) is a bug somewhere
 * (evaluator, solver or optimum) and is reported, never recorded.
 */
public final class BestKnownStore {
    /** Relative tolerance for "beats" and "matches". */
    public static final double TOLERANCE = 1e-6;
    static final String FILE = "best-known.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path instancesRoot;
    private final Map<String, BestKnown> values;

    private BestKnownStore(Path instancesRoot, Map<String, BestKnown> values) {
        this.instancesRoot = instancesRoot;
        this.values = values;
    }

    /** Reads the file (if any) and the STG optima (if any) below {@code instancesRoot}. */
    public static BestKnownStore load(Path instancesRoot) {
        Map<String, BestKnown> values = new TreeMap<>();
        Path csv = instancesRoot.resolve("stg").resolve("optima.csv");
        if (Files.exists(csv)) {
            for (StgOptima.Entry e : StgOptima.read(csv)) {
                String name = stgName(e);
                values.put(name, new BestKnown(name, e.optimalMakespan(), true, e.optimalMakespan(), "published",
                        "instances/stg/optima.csv"));
            }
        }
        Path file = instancesRoot.resolve(FILE);
        if (Files.exists(file)) {
            JsonNode root;
            try {
                root = MAPPER.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new InvalidInputException(FILE + ": cannot read: " + e.getMessage());
            }
            JsonNode inst = root.path("instances");
            inst.fieldNames().forEachRemaining(name -> {
                JsonNode n = inst.get(name);
                if (!n.path("objective").isNumber()) {
                    throw new InvalidInputException(FILE + ": $.instances." + name + ".objective: expected a number");
                }
                values.putIfAbsent(name, new BestKnown(name, n.get("objective").asDouble(),
                        n.path("proven").asBoolean(false),
                        n.path("bound").isNumber() ? n.get("bound").asDouble() : Double.NaN,
                        n.path("solver").asText(""), n.path("source").asText("")));
            });
        }
        return new BestKnownStore(instancesRoot, values);
    }

    /** The STG importer's instance name for an optima row. */
    static String stgName(StgOptima.Entry e) {
        // Mirrors StgImporter's naming: stg-<folder>-<graph>-p<processors>.
        Path file = Path.of(e.file());
        String graph = file.getFileName().toString().replaceFirst("\\.stg$", "");
        return "stg-" + (file.getParent() == null ? "" : file.getParent().getFileName() + "-") + graph + "-p"
                + e.processors();
    }

    public Map<String, BestKnown> values() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** Records that claim a value below a proven optimum: each a one-line description. */
    public List<String> bugs(List<RunRecord> records) {
        List<String> out = new ArrayList<>();
        for (RunRecord r : records) {
            BestKnown b = values.get(r.instance());
            if (b != null && b.proven() && !Double.isNaN(r.objective())
                    && r.objective() < b.objective() - TOLERANCE * Math.max(1, Math.abs(b.objective()))) {
                out.add(String.format(Locale.ROOT, "%s: %s (seed %d) reports %.9g, below the proven optimum %.9g (%s)",
                        r.instance(), r.solver(), r.seed(), r.objective(), b.objective(), b.source()));
            }
        }
        return out;
    }

    /**
     * Merges the records into the best-known values and writes {@code best-known.json} (atomically). Returns
     * the instances whose entry changed, as one line each.
     */
    public List<String> update(List<RunRecord> records, String source) {
        List<String> changes = new ArrayList<>();
        Map<String, List<RunRecord>> byInstance = new LinkedHashMap<>();
        for (RunRecord r : records) {
            byInstance.computeIfAbsent(r.instance(), k -> new ArrayList<>()).add(r);
        }
        List<String> bugs = bugs(records);
        for (Map.Entry<String, List<RunRecord>> e : byInstance.entrySet()) {
            String name = e.getKey();
            if (bugs.stream().anyMatch(b -> b.startsWith(name + ":"))) {
                continue; // never record a value that contradicts a proof
            }
            BestKnown old = values.get(name);
            RunRecord best = null;
            double bound = old == null ? Double.NaN : old.bound();
            for (RunRecord r : e.getValue()) {
                if (r.hasPlan() && !Double.isNaN(r.objective()) && (best == null || r.objective() < best.objective())) {
                    best = r;
                }
                if (!r.scoped() && !Double.isNaN(r.bound()) && (Double.isNaN(bound) || r.bound() > bound)) {
                    bound = r.bound();
                }
            }
            double objective = old == null ? Double.POSITIVE_INFINITY : old.objective();
            String solver = old == null ? "" : old.solver();
            String from = old == null ? "" : old.source();
            if (best != null && (old == null
                    || best.objective() < objective - TOLERANCE * Math.max(1, Math.abs(objective)))) {
                objective = best.objective();
                solver = best.solver();
                from = source;
            }
            if (Double.isInfinite(objective)) {
                continue;
            }
            final double obj = objective;
            boolean proven = (old != null && old.proven())
                    || e.getValue().stream().anyMatch(r -> r.provenOptimal()
                    && Math.abs(r.objective() - obj) <= TOLERANCE * Math.max(1, Math.abs(obj)))
                    || (!Double.isNaN(bound) && bound >= obj - TOLERANCE * Math.max(1, Math.abs(obj)));
            BestKnown updated = new BestKnown(name, objective, proven, bound, solver, from);
            if (!updated.equals(old)) {
                values.put(name, updated);
                changes.add(String.format(Locale.ROOT, "%s: %s%.9g%s by %s", name, old == null ? ""
                        : String.format(Locale.ROOT, "%.9g -> ", old.objective()), objective, proven ? " (proven)" : "",
                        solver));
            }
        }
        write();
        return changes;
    }

    private void write() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("description", "Best known and proven optimal objective values per instance, updated by"
                + " 'edgeplan best-known --update' and 'edgeplan bench --update-best-known'. The published STG optima"
                + " live in stg/optima.csv and are not repeated here.");
        ObjectNode inst = root.putObject("instances");
        values.forEach((name, b) -> {
            if (b.solver().equals("published")) {
                return;
            }
            ObjectNode n = inst.putObject(name);
            n.put("objective", b.objective());
            n.put("proven", b.proven());
            if (!Double.isNaN(b.bound())) {
                n.put("bound", b.bound());
            }
            n.put("solver", b.solver());
            n.put("source", b.source());
        });
        try {
            AtomicFiles.write(instancesRoot.resolve(FILE),
                    MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
