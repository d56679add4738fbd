package org.edgeplan.bench.batch;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.io.JsonIn;
import org.edgeplan.io.JsonOut;
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
 * the instances of every problem it is registered for. {@code "policies"} adds solvers that act from a policy file
 * (e.g. a PPO agent you trained): {@code [{"solver": "ppo", "policy": "my-policy.json", "label": "ppo-mine"}]}, the
 * path relative to the suite file's folder, the label (default {@code <solver>@<file name without .json>}) the
 * solver's name in the records and the report; each runs on the instances its policy applies to.
 *
 * <p>Read as strictly as an instance file ({@link JsonIn}): unknown fields, duplicate keys, trailing content,
 * duplicate seeds, solvers, processor counts or instance files, unknown solver names, a name that is not a safe
 * folder name and a suite without any run are errors, each one line with the file and the JSON path.
 *
 * @param name             suite name (also the default output folder name)
 * @param description      one paragraph
 * @param instances        instance selections
 * @param solvers          solver names or {@code *}
 * @param excludeSolvers   names removed from the expansion of {@code *}
 * @param policies         solvers acting from policy files, each under its own label
 * @param seeds            seeds, each run once per seed
 * @param timeLimitSeconds per-run time limit
 * @param threads          threads per run
 * @param parallel         runs at once
 * @param isolation        {@code process}: each run in its own JVM (a native crash cannot end the batch, per-run
 *                         memory and CPU are measured); {@code in-process}: faster start, shared JVM
 * @param source           the suite file's name, which starts every error message about the suite
 */
public record Suite(String name, String description, List<Selection> instances, List<String> solvers,
                    List<String> excludeSolvers, List<PolicyEntry> policies, List<Long> seeds,
                    double timeLimitSeconds, int threads, int parallel, Isolation isolation, String source) {
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

    /**
     * A solver acting from a policy file.
     *
     * @param solver a registered solver that takes a policy ({@code edgeplan solve --policy})
     * @param policy the policy file (resolved against the suite file's folder)
     * @param label  the run's solver name in records and reports
     * @param at     the entry's JSON path, for errors found when the policy is loaded
     */
    public record PolicyEntry(String solver, Path policy, String label, String at) {
    }

    /** One instance file of the batch, with the processor count for an STG graph (0 otherwise). */
    public record InstanceRef(Path file, String relative, int processors) {
        /** Reads the instance: an STG graph on its processor count, else a JSON instance. */
        public Instance load() {
            return processors > 0 ? StgImporter.read(file, processors) : InstanceIo.read(file);
        }
    }

    public Suite {
        source = source == null || source.isBlank() ? "<suite>" : source;
        instances = List.copyOf(instances);
        solvers = List.copyOf(solvers);
        excludeSolvers = List.copyOf(excludeSolvers);
        policies = List.copyOf(policies);
        seeds = List.copyOf(seeds);
    }

    /**
     * Every instance file the selections match, in selection order, each file once per processor count. A selection
     * that matches nothing, an STG graph without processor counts, processor counts for a JSON instance, and a file
     * (with its processor count) selected twice are errors naming the selection's JSON path.
     */
    public List<InstanceRef> resolve(Path instancesRoot) {
        List<InstanceRef> out = new ArrayList<>();
        Map<String, Integer> selectedBy = new HashMap<>();
        for (int s = 0; s < instances.size(); s++) {
            Selection sel = instances.get(s);
            String at = JsonIn.index("$.instances", s);
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
                throw error(at, "'" + sel.glob() + "' matches no file below " + instancesRoot);
            }
            for (Path p : matched) {
                String rel = instancesRoot.relativize(p).toString().replace('\\', '/');
                boolean stg = rel.endsWith(".stg");
                if (stg && sel.processors().isEmpty()) {
                    throw error(at, "'" + rel + "' is an STG graph: give \"processors\": [...]");
                }
                if (!stg && !sel.processors().isEmpty()) {
                    throw error(JsonIn.child(at, "processors"), "'" + rel + "' is not an STG graph; processor counts"
                            + " apply to .stg files only");
                }
                for (int k : stg ? sel.processors() : List.of(0)) {
                    String key = rel + "@" + k;
                    Integer earlier = selectedBy.putIfAbsent(key, s);
                    if (earlier != null) {
                        throw error(at, "'" + rel + "'" + (k > 0 ? " on " + k + " processors" : "")
                                + " is already selected by " + JsonIn.index("$.instances", earlier)
                                + "; each run would be run twice");
                    }
                    out.add(new InstanceRef(p, rel, k));
                }
            }
        }
        return out;
    }

    /** An error about this suite: {@code <source>: <JSON path>: <message>}. */
    public InvalidInputException error(String path, String message) {
        return new InvalidInputException(source + ": " + path + ": " + message);
    }

    /** Fields of a suite; anything else is an error (a typo never passes silently). */
    static final List<String> FIELDS = List.of("name", "description", "instances", "solvers", "excludeSolvers",
            "policies", "seeds", "timeLimitSeconds", "threads", "parallel", "isolation");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    /** A policy's label: a safe name that may also hold '@' (the default label is solver@file). */
    private static final Pattern SAFE_LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Reads a suite file (JSON, or YAML for {@code .yaml}/{@code .yml}) as strictly as an instance file: unknown
     * fields, duplicate keys, trailing content, duplicate seeds, solvers or instances, unknown solver names and an
     * unsafe name are errors, each one line naming the file, the JSON path and the value.
     */
    public static Suite read(Path file) {
        String source = String.valueOf(file.getFileName());
        String lower = source.toLowerCase(Locale.ROOT);
        String text = JsonOut.readFile(file);
        Path folder = file.toAbsolutePath().getParent();
        JsonNode root = lower.endsWith(".yaml") || lower.endsWith(".yml") ? parseYaml(text, source)
                : new JsonIn(source).parse(text);
        return parse(root, source, knownSolvers(), folder);
    }

    /**
     * Parses a JSON suite; {@code source} starts every error message; policy paths are relative to the working
     * folder.
     */
    public static Suite parse(String json, String source) {
        return parse(new JsonIn(source).parse(json), source);
    }

    private static JsonNode parseYaml(String text, String source) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new InvalidInputException(source + ": empty input, expected a suite");
            }
            return root;
        } catch (JsonProcessingException e) {
            String what = JsonIn.describe(e);
            throw new InvalidInputException(source + ": malformed YAML" + (e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr())
                    + ": " + what);
        }
    }

    /** Checks a parsed suite against the registered solvers; {@code source} starts every error message. */
    static Suite parse(JsonNode root, String source) {
        return parse(root, source, knownSolvers(), Path.of(""));
    }

    private static Set<String> knownSolvers() {
        Set<String> known = new TreeSet<>();
        SolverRegistry.load().all().forEach(solver -> known.add(solver.name()));
        return known;
    }

    static Suite parse(JsonNode node, String source, Set<String> knownSolvers) {
        return parse(node, source, knownSolvers, Path.of(""));
    }

    static Suite parse(JsonNode node, String source, Set<String> knownSolvers, Path folder) {
        JsonIn in = new JsonIn(source);
        JsonNode root = in.object(node, "$");
        in.allowOnly(root, "$", FIELDS);
        String name = in.text(root, "$", "name");
        if (!SAFE_NAME.matcher(name).matches()) {
            throw in.error("$.name", "\"" + name + "\" is not a safe folder name: 1 to 100 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit");
        }
        String description = in.text(root, "$", "description", "");
        JsonNode inst = in.array(root, "$", "instances");
        if (inst.isEmpty()) {
            throw in.error("$.instances", "expected at least one glob");
        }
        List<Selection> selections = new ArrayList<>();
        for (int i = 0; i < inst.size(); i++) {
            JsonNode e = inst.get(i);
            String at = JsonIn.index("$.instances", i);
            if (e.isTextual()) {
                selections.add(new Selection(glob(in, e, at), List.of()));
            } else if (e.isObject()) {
                in.allowOnly(e, at, List.of("glob", "processors"));
                String glob = glob(in, in.required(e, at, "glob"), JsonIn.child(at, "glob"));
                List<Integer> processors = new ArrayList<>();
                if (in.has(e, "processors")) {
                    String pat = JsonIn.child(at, "processors");
                    int[] counts = in.integers(e, at, "processors");
                    if (counts.length == 0) {
                        throw in.error(pat, "expected at least one processor count");
                    }
                    for (int k = 0; k < counts.length; k++) {
                        if (counts[k] < 1) {
                            throw in.error(JsonIn.index(pat, k), "must be a positive integer, got " + counts[k]);
                        }
                        int first = processors.indexOf(counts[k]);
                        if (first >= 0) {
                            throw in.error(JsonIn.index(pat, k), "duplicate processor count " + counts[k] + " (also "
                                    + JsonIn.index(pat, first) + ")");
                        }
                        processors.add(counts[k]);
                    }
                }
                selections.add(new Selection(glob, processors));
            } else {
                throw in.error(at, "expected a glob string or {\"glob\", \"processors\"}, got " + JsonIn.typeOf(e) + " "
                        + JsonIn.show(e));
            }
        }
        List<String> solvers = in.has(root, "solvers") ? names(in, root, "solvers", knownSolvers, true)
                : List.of("*");
        List<PolicyEntry> policies = in.has(root, "policies") ? policies(in, root, knownSolvers, solvers, folder)
                : List.of();
        if (solvers.isEmpty() && policies.isEmpty()) {
            throw in.error("$.solvers", "expected at least one solver name or \"*\" (or a policy in $.policies)");
        }
        List<String> exclude = in.has(root, "excludeSolvers")
                ? names(in, root, "excludeSolvers", knownSolvers, false) : List.of();
        if (!exclude.isEmpty() && !solvers.contains("*")) {
            throw in.error("$.excludeSolvers", "removes names from \"*\" only, and $.solvers has no \"*\"");
        }
        for (int k = 0; k < exclude.size(); k++) {
            if (solvers.contains(exclude.get(k))) {
                throw in.error(JsonIn.index("$.excludeSolvers", k), "'" + exclude.get(k)
                        + "' is also listed in $.solvers");
            }
        }
        List<Long> seeds = new ArrayList<>();
        if (in.has(root, "seeds")) {
            JsonNode sd = in.array(root, "$", "seeds");
            if (sd.isEmpty()) {
                throw in.error("$.seeds", "expected at least one seed");
            }
            for (int k = 0; k < sd.size(); k++) {
                long seed = in.integerValue(sd.get(k), JsonIn.index("$.seeds", k));
                int first = seeds.indexOf(seed);
                if (first >= 0) {
                    throw in.error(JsonIn.index("$.seeds", k), "duplicate seed " + seed + " (also "
                            + JsonIn.index("$.seeds", first) + "): each seed runs once");
                }
                seeds.add(seed);
            }
        } else {
            seeds.add(0L);
        }
        double timeLimit = in.has(root, "timeLimitSeconds") ? in.positive(root, "$", "timeLimitSeconds") : 10;
        int threads = positiveInt(in, root, "threads");
        int parallel = positiveInt(in, root, "parallel");
        String iso = in.choice(root, "$", "isolation", "process", List.of("process", "in-process"));
        Isolation isolation = iso.equals("process") ? Isolation.PROCESS : Isolation.IN_PROCESS;
        return new Suite(name, description, selections, solvers, exclude, policies, seeds, timeLimit, threads,
                parallel, isolation, source);
    }

    private static String glob(JsonIn in, JsonNode v, String path) {
        String glob = in.textValue(v, path);
        if (glob.isBlank()) {
            throw in.error(path, "expected a glob, got an empty string");
        }
        return glob;
    }

    /** Solver names: registered ones (or {@code *} where allowed), each once. */
    private static List<String> names(JsonIn in, JsonNode root, String field, Set<String> known, boolean star) {
        List<String> names = in.texts(root, "$", field);
        String path = JsonIn.child("$", field);
        for (int k = 0; k < names.size(); k++) {
            String n = names.get(k);
            if (!(known.contains(n) || (star && n.equals("*")))) {
                throw in.error(JsonIn.index(path, k), "unknown solver '" + n + "'; see 'edgeplan solvers'");
            }
            int first = names.indexOf(n);
            if (first < k) {
                throw in.error(JsonIn.index(path, k), "duplicate solver '" + n + "' (also " + JsonIn.index(path, first)
                        + ")");
            }
        }
        return names;
    }

    /** The policy entries: a registered solver, an existing file, a safe label used once and by no solver. */
    private static List<PolicyEntry> policies(JsonIn in, JsonNode root, Set<String> known, List<String> solvers,
                                              Path folder) {
        JsonNode list = in.array(root, "$", "policies");
        List<PolicyEntry> out = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            String at = JsonIn.index("$.policies", k);
            JsonNode e = in.object(list.get(k), at);
            in.allowOnly(e, at, List.of("solver", "policy", "label"));
            String solver = in.text(e, at, "solver");
            if (!known.contains(solver)) {
                throw in.error(JsonIn.child(at, "solver"), "unknown solver '" + solver + "'; see 'edgeplan solvers'");
            }
            String file = in.text(e, at, "policy");
            Path policy = folder.resolve(file).normalize();
            if (!Files.isRegularFile(policy)) {
                throw in.error(JsonIn.child(at, "policy"), "no policy file " + policy);
            }
            String stem = policy.getFileName().toString().replaceFirst("(?i)\\.json$", "");
            String label = in.has(e, "label") ? in.text(e, at, "label") : solver + "@" + stem;
            String labelAt = JsonIn.child(at, "label");
            if (!SAFE_LABEL.matcher(label).matches()) {
                throw in.error(labelAt, "\"" + label + "\" is not a safe name: 1 to 100 letters, digits, '.', '_', '@'"
                        + " or '-', starting with a letter or digit" + (in.has(e, "label") ? ""
                        : " (the default label solver@file; give a \"label\")"));
            }
            if (known.contains(label) || solvers.contains(label)) {
                throw in.error(labelAt, "'" + label + "' is the name of a solver; give the policy another label");
            }
            for (int j = 0; j < out.size(); j++) {
                if (out.get(j).label().equals(label)) {
                    throw in.error(labelAt, "duplicate label '" + label + "' (also " + out.get(j).at() + ")");
                }
            }
            out.add(new PolicyEntry(solver, policy, label, at));
        }
        return out;
    }

    private static int positiveInt(JsonIn in, JsonNode root, String field) {
        if (!in.has(root, field)) {
            return 1;
        }
        int v = in.integer(root, "$", field);
        if (v < 1) {
            throw in.error(JsonIn.child("$", field), "must be a positive integer, got " + v);
        }
        return v;
    }
}
