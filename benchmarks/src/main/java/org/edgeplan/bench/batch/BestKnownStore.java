package org.edgeplan.bench.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.io.JsonIn;
import org.edgeplan.io.JsonOut;
import org.edgeplan.pipeline.instances.StgImporter;
import org.edgeplan.pipeline.instances.StgOptima;

/**
 * Best known and proven optimal values per instance: {@code instances/best-known.json} (written by {@link #update})
 * plus the published STG optima of {@code instances/stg/optima.csv}, which count as proven.
 *
 * <p>Entries are found by the instance's content hash ({@link InstanceIo#contentHash}), never by name alone: a copy of
 * {@code pipeline-medium} with faster nodes is another instance, gets no reference value from the shipped one and
 * cannot overwrite it. The name stays in the file for people. An entry without a hash (written by hand, or by a
 * version before hashes) is kept but never used. A file in the older format (an object keyed by name) is read, each
 * entry given the hash of the one instance file of that name below the instances folder (none when the name is
 * missing or ambiguous), and written in the current format by the next update.
 *
 * <p>A run whose objective is below a proven optimum by more than {@link #TOLERANCE} (relative) is a bug somewhere
 * (evaluator, solver or optimum): it is reported ({@link #bugs}) and never merged.
 */
public final class BestKnownStore {
    /**
     * Relative tolerance for "beats" and "matches", the report's {@code Statistics.BEAT_TOLERANCE}: relative to the
     * value itself, also below 1 (problem-B objectives are often hundredths of a second, where an absolute 1e-6 would
     * let a plan 2e-5 above a bound pass for proven).
     */
    public static final double TOLERANCE = 1e-6;
    static final String FILE = "best-known.json";
    static final List<String> FIELDS = List.of("description", "instances");
    static final List<String> ENTRY_FIELDS = List.of("instance", "hash", "objective", "proven", "bound", "solver",
            "source");
    private static final Pattern HASH = Pattern.compile(Pattern.quote(InstanceIo.HASH_PREFIX) + "[0-9a-f]{64}");
    private static final String DESCRIPTION = "Best known and proven optimal objective values per instance, updated by"
            + " 'edgeplan best-known --update' and 'edgeplan bench --update-best-known'. Entries are found by \"hash\","
            + " the instance's content hash (InstanceIo.contentHash); \"instance\" is its name, for people. The"
            + " published STG optima live in stg/optima.csv and are not repeated here.";

    private final Path instancesRoot;
    private Map<String, BestKnown> byHash;
    private List<BestKnown> unusable;
    private List<StgOptima.Entry> published;
    private Map<String, List<StgOptima.Entry>> publishedByName;
    private List<StgOptima.Entry> publishedNamesOf;
    private final Map<StgOptima.Entry, BestKnown> publishedHashed = new HashMap<>();

    private BestKnownStore(Path instancesRoot, Map<String, BestKnown> byHash, List<BestKnown> unusable,
                           List<StgOptima.Entry> published) {
        this.instancesRoot = instancesRoot;
        this.byHash = byHash;
        this.unusable = unusable;
        this.published = published;
    }

    /** Reads the file (if any) and the STG optima (if any) below {@code instancesRoot}. */
    public static BestKnownStore load(Path instancesRoot) {
        Path csv = instancesRoot.resolve("stg").resolve("optima.csv");
        List<StgOptima.Entry> published = Files.exists(csv) ? StgOptima.read(csv) : List.of();
        Map<String, BestKnown> byHash = new TreeMap<>();
        List<BestKnown> unusable = new ArrayList<>();
        Path file = instancesRoot.resolve(FILE);
        if (Files.exists(file)) {
            read(JsonOut.readFile(file), instancesRoot, byHash, unusable);
        }
        return new BestKnownStore(instancesRoot, byHash, unusable, published);
    }

    private static void read(String text, Path instancesRoot, Map<String, BestKnown> byHash,
                             List<BestKnown> unusable) {
        JsonIn in = new JsonIn(FILE);
        JsonNode root = in.object(in.parse(text), "$");
        in.allowOnly(root, "$", FIELDS);
        JsonNode instances = in.required(root, "$", "instances");
        List<BestKnown> entries = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        if (instances.isObject()) {
            // The format before content hashes: {"name": {...}}. Each name gets the hash of its instance file.
            Map<String, String> hashes = hashesByName(instancesRoot);
            instances.fieldNames().forEachRemaining(name -> {
                String path = JsonIn.child("$.instances", name);
                JsonNode n = in.object(instances.get(name), path);
                entries.add(entry(in, n, path, name, hashes.getOrDefault(name, "")));
                paths.add(path);
            });
        } else if (instances.isArray()) {
            for (int i = 0; i < instances.size(); i++) {
                String path = JsonIn.index("$.instances", i);
                JsonNode n = in.object(instances.get(i), path);
                String hash = in.text(n, path, "hash", "");
                if (!hash.isEmpty() && !HASH.matcher(hash).matches()) {
                    throw in.error(JsonIn.child(path, "hash"), "expected \"" + InstanceIo.HASH_PREFIX
                            + "\" and 64 hex digits, got \"" + hash + "\"");
                }
                entries.add(entry(in, n, path, in.text(n, path, "instance"), hash));
                paths.add(path);
            }
        } else {
            throw in.error("$.instances", "expected an array of entries, got " + JsonIn.typeOf(instances));
        }
        Map<String, String> pathByHash = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            BestKnown b = entries.get(i);
            if (!b.usable()) {
                unusable.add(b);
                continue;
            }
            String earlier = pathByHash.putIfAbsent(b.hash(), paths.get(i));
            if (earlier != null) {
                throw in.error(paths.get(i), "the same instance (hash " + b.shortHash() + ") as " + earlier);
            }
            byHash.put(b.hash(), b);
        }
    }

    private static BestKnown entry(JsonIn in, JsonNode n, String path, String name, String hash) {
        in.allowOnly(n, path, ENTRY_FIELDS);
        return new BestKnown(name, hash, in.number(n, path, "objective"), in.bool(n, path, "proven", false),
                in.has(n, "bound") ? in.number(n, path, "bound") : Double.NaN, in.text(n, path, "solver", ""),
                in.text(n, path, "source", ""));
    }

    /** Name to hash of every JSON instance below the root whose name no other instance file has. */
    private static Map<String, String> hashesByName(Path instancesRoot) {
        Map<String, String> out = new HashMap<>();
        Set<String> ambiguous = new java.util.HashSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(instancesRoot)) {
            files = s.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                    .filter(p -> !p.getFileName().toString().equals(FILE))
                    .filter(p -> !instancesRoot.relativize(p).startsWith("suites")
                            && !instancesRoot.relativize(p).startsWith("schema"))
                    .sorted().toList();
        } catch (IOException e) {
            return out;
        }
        for (Path p : files) {
            Instance x;
            try {
                x = InstanceIo.read(p);
            } catch (RuntimeException e) {
                continue; // not an instance: not a candidate
            }
            String hash = InstanceIo.contentHash(x);
            String before = out.putIfAbsent(x.name(), hash);
            if (before != null && !before.equals(hash)) {
                ambiguous.add(x.name());
            }
        }
        ambiguous.forEach(out::remove);
        return out;
    }

    /** The STG importer's instance name for an optima row. */
    static String stgName(StgOptima.Entry e) {
        // Mirrors StgImporter's naming: stg-<folder>-<graph>-p<processors>.
        Path file = Path.of(e.file());
        String graph = file.getFileName().toString().replaceFirst("\\.stg$", "");
        return "stg-" + (file.getParent() == null ? "" : file.getParent().getFileName() + "-") + graph + "-p"
                + e.processors();
    }

    /**
     * The published optima of an instance name: looked up for every record of a batch, so the names are computed once
     * per list of optima (a batch of 10 000 runs would otherwise compute every name 10 000 times).
     */
    private List<StgOptima.Entry> publishedNamed(String name) {
        if (publishedByName == null || publishedNamesOf != published) {
            Map<String, List<StgOptima.Entry>> byName = new HashMap<>();
            published.forEach(e -> byName.computeIfAbsent(stgName(e), n -> new ArrayList<>()).add(e));
            publishedByName = byName;
            publishedNamesOf = published;
        }
        return publishedByName.getOrDefault(name, List.of());
    }

    /** A published optimum with the hash of its graph on its processors (computed once, when first needed). */
    private BestKnown published(StgOptima.Entry e) {
        return publishedHashed.computeIfAbsent(e, k -> {
            String hash;
            try {
                hash = InstanceIo.contentHash(StgImporter.read(instancesRoot.resolve("stg").resolve(k.file()),
                        k.processors()));
            } catch (RuntimeException ex) {
                hash = ""; // the graph is missing: the optimum cannot be matched with any run
            }
            return new BestKnown(stgName(k), hash, k.optimalMakespan(), true, k.optimalMakespan(), "published",
                    "instances/stg/optima.csv");
        });
    }

    /**
     * The entry of an instance: a published STG optimum (looked up by name, confirmed by hash) or a file entry with
     * this hash; null when there is none or {@code hash} is empty.
     */
    public synchronized BestKnown find(String name, String hash) {
        if (hash == null || hash.isEmpty()) {
            return null;
        }
        for (StgOptima.Entry e : publishedNamed(name)) {
            BestKnown b = published(e);
            if (b.hash().equals(hash)) {
                return b;
            }
        }
        return byHash.get(hash);
    }

    /** The entry of a record's instance ({@link #find(String, String)}). */
    public BestKnown find(RunRecord r) {
        return find(r.instance(), r.instanceHash());
    }

    /** The entries of the records' instances, by hash: the reference values of a report. */
    public Map<String, BestKnown> references(Collection<RunRecord> records) {
        Map<String, BestKnown> out = new TreeMap<>();
        for (RunRecord r : records) {
            BestKnown b = find(r);
            if (b != null) {
                out.putIfAbsent(b.hash(), b);
            }
        }
        return out;
    }

    /** Every entry: the published optima, the file's entries and its unusable ones (no hash), by name. */
    public synchronized List<BestKnown> entries() {
        List<BestKnown> out = new ArrayList<>();
        published.forEach(e -> out.add(published(e)));
        out.addAll(byHash.values());
        out.addAll(unusable);
        out.sort(Comparator.comparing(BestKnown::instance).thenComparing(BestKnown::hash));
        return out;
    }

    private static double slack(double value) {
        return TOLERANCE * Math.abs(value);
    }

    /** The one-line bug report of a record below its instance's proven optimum, or null. */
    public String bug(RunRecord r) {
        BestKnown b = find(r);
        if (b != null && b.proven() && !Double.isNaN(r.objective())
                && r.objective() < b.objective() - slack(b.objective())) {
            return String.format(Locale.ROOT, "%s: %s (seed %d) reports %.9g, below the proven optimum %.9g (%s)",
                    r.instance(), r.solver(), r.seed(), r.objective(), b.objective(), b.source());
        }
        return null;
    }

    /** Records that claim a value below a proven optimum: each a one-line description. */
    public List<String> bugs(List<RunRecord> records) {
        List<String> out = new ArrayList<>();
        for (RunRecord r : records) {
            String bug = bug(r);
            if (bug != null) {
                out.add(bug);
            }
        }
        return out;
    }

    /**
     * Merges the records into the best-known values and writes {@code best-known.json} (atomically, holding the
     * file's lock and re-reading it first, so that concurrent updates add up). Records without an instance hash are
     * not merged (their instance is not known for sure), nor are the instances with a record below a proven
     * optimum. Returns the entries that changed, one line each.
     */
    public synchronized List<String> update(List<RunRecord> records, String source) {
        Path file = instancesRoot.resolve(FILE);
        try (RecordLock lock = RecordLock.acquireWaiting(file)) {
            BestKnownStore current = load(instancesRoot);
            byHash = current.byHash;
            unusable = current.unusable;
            published = current.published;
            publishedHashed.clear();
            List<String> changes = merge(records, source);
            write(file);
            return changes;
        }
    }

    private List<String> merge(List<RunRecord> records, String source) {
        List<String> changes = new ArrayList<>();
        Map<String, List<RunRecord>> byInstance = new LinkedHashMap<>();
        for (RunRecord r : records) {
            if (!r.instanceHash().isEmpty()) {
                byInstance.computeIfAbsent(r.instanceHash(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Map.Entry<String, List<RunRecord>> e : byInstance.entrySet()) {
            String hash = e.getKey();
            List<RunRecord> runs = e.getValue();
            String name = runs.get(0).instance();
            if (runs.stream().anyMatch(r -> bug(r) != null)) {
                continue; // never record a value that contradicts a proof
            }
            BestKnown old = find(name, hash);
            RunRecord best = null;
            double bound = old == null ? Double.NaN : old.bound();
            for (RunRecord r : runs) {
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
            // A better plan replaces the old one when it is better by more than the tolerance, or at all when its run
            // proved it optimal: the value recorded as proven is then the proof's own plan, not one within the
            // tolerance above it (which a later run would find "below the proven optimum").
            if (best != null && (old == null || best.objective() < objective - slack(objective)
                    || (best.provenOptimal() && best.objective() < objective))) {
                objective = best.objective();
                solver = best.solver();
                from = source;
            }
            if (Double.isInfinite(objective)) {
                continue;
            }
            final double obj = objective;
            boolean proven = (old != null && old.proven())
                    || runs.stream().anyMatch(r -> r.provenOptimal()
                    && Math.abs(r.objective() - obj) <= slack(obj))
                    || (!Double.isNaN(bound) && bound >= obj - slack(obj));
            BestKnown updated = new BestKnown(old == null ? name : old.instance(), hash, objective, proven, bound,
                    solver, from);
            if (!updated.equals(old)) {
                if (!updated.solver().equals("published")) {
                    byHash.put(hash, updated);
                }
                changes.add(String.format(Locale.ROOT, "%s (%s): %s%.9g%s by %s", updated.instance(),
                        updated.shortHash(), old == null ? "" : String.format(Locale.ROOT, "%.9g -> ",
                                old.objective()), objective, proven ? " (proven)" : "", solver));
            }
        }
        return changes;
    }

    private void write(Path file) {
        ObjectNode root = JsonOut.object();
        root.put("description", DESCRIPTION);
        ArrayNode instances = root.putArray("instances");
        List<BestKnown> all = new ArrayList<>(byHash.values());
        all.addAll(unusable);
        all.sort(Comparator.comparing(BestKnown::instance).thenComparing(BestKnown::hash));
        for (BestKnown b : all) {
            ObjectNode n = instances.addObject();
            n.put("instance", b.instance());
            if (b.usable()) {
                n.put("hash", b.hash());
            }
            n.set("objective", JsonOut.number(b.objective()));
            n.put("proven", b.proven());
            if (!Double.isNaN(b.bound())) {
                n.set("bound", JsonOut.number(b.bound()));
            }
            n.put("solver", b.solver());
            n.put("source", b.source());
        }
        AtomicFiles.write(file, JsonOut.pretty(root));
    }
}
