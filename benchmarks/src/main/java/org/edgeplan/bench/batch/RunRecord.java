package org.edgeplan.bench.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.edgeplan.core.InvalidInputException;

/**
 * One finished run of a batch: one line of {@code runs.jsonl}. Numbers that do not exist (no plan, no bound, not
 * measured) are {@code NaN} here and {@code null} in JSON.
 *
 * @param suite             the suite's name
 * @param instanceFile      the instance file as named in the suite (relative to the instances folder)
 * @param processors        processors for an STG graph, else 0
 * @param instance          the instance's own name
 * @param problem           {@code multi-exit} or {@code pipeline}
 * @param features          size figures for plots and tables (devices, layers, bandwidthMbits; subtasks, nodes,
 *                          requests), insertion-ordered
 * @param solver            solver name
 * @param seed              seed
 * @param timeLimitSeconds  the time limit given
 * @param threads           threads given
 * @param status            {@code optimal}, {@code feasible}, {@code infeasible}, {@code unknown} or {@code failed}
 * @param objective         the evaluator's score of the plan
 * @param solverObjective   the solver's own objective
 * @param bound             the solver's proven lower bound
 * @param wallSeconds       wall-clock seconds of the solve (without JVM start-up and instance loading)
 * @param cpuSeconds        CPU seconds of the solving process (child-JVM isolation) or thread (in-process)
 * @param peakMemoryBytes   peak resident memory of the child JVM (Linux VmHWM), NaN in-process
 * @param trajectory        incumbent trajectory: (seconds, objective, bound) points in time order; at least the
 *                          final point when a plan exists
 * @param message           the solver's or the runner's one-line note
 * @param codeVersion       EdgePlan version and git commit
 * @param machine           os, arch, cpus, java version
 * @param startedAt         ISO-8601 instant the run started
 * @param scope             the restriction under which {@code optimal} and the bound are proven (see
 *                          {@link org.edgeplan.core.SolveResult#SCOPE}); empty when they hold for the whole problem
 * @param instanceHash      the content hash of the instance that ran ({@link org.edgeplan.io.InstanceIo#contentHash});
 *                          empty in records written before hashes existed. Best-known values are matched by it, and
 *                          two instances of one name with different hashes are different instances.
 */
public record RunRecord(String suite, String instanceFile, int processors, String instance, String problem,
                        Map<String, Double> features, String solver, long seed, double timeLimitSeconds, int threads,
                        String status, double objective, double solverObjective, double bound, double wallSeconds,
                        double cpuSeconds, double peakMemoryBytes, List<double[]> trajectory, String message,
                        String codeVersion, Map<String, String> machine, String startedAt, String scope,
                        String instanceHash) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public RunRecord {
        features = features == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(features));
        trajectory = trajectory == null ? List.of() : List.copyOf(trajectory);
        machine = machine == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        message = message == null ? "" : message;
        scope = scope == null ? "" : scope;
        instanceHash = instanceHash == null ? "" : instanceHash;
    }

    /** A record without an instance hash (as written before hashes existed). */
    public RunRecord(String suite, String instanceFile, int processors, String instance, String problem,
                     Map<String, Double> features, String solver, long seed, double timeLimitSeconds, int threads,
                     String status, double objective, double solverObjective, double bound, double wallSeconds,
                     double cpuSeconds, double peakMemoryBytes, List<double[]> trajectory, String message,
                     String codeVersion, Map<String, String> machine, String startedAt, String scope) {
        this(suite, instanceFile, processors, instance, problem, features, solver, seed, timeLimitSeconds, threads,
                status, objective, solverObjective, bound, wallSeconds, cpuSeconds, peakMemoryBytes, trajectory,
                message, codeVersion, machine, startedAt, scope, "");
    }

    /** A record whose status and bound hold for the whole problem (no scope). */
    public RunRecord(String suite, String instanceFile, int processors, String instance, String problem,
                     Map<String, Double> features, String solver, long seed, double timeLimitSeconds, int threads,
                     String status, double objective, double solverObjective, double bound, double wallSeconds,
                     double cpuSeconds, double peakMemoryBytes, List<double[]> trajectory, String message,
                     String codeVersion, Map<String, String> machine, String startedAt) {
        this(suite, instanceFile, processors, instance, problem, features, solver, seed, timeLimitSeconds, threads,
                status, objective, solverObjective, bound, wallSeconds, cpuSeconds, peakMemoryBytes, trajectory,
                message, codeVersion, machine, startedAt, "", "");
    }

    /** This record with another instance hash (for records written before hashes existed). */
    public RunRecord withInstanceHash(String hash) {
        return new RunRecord(suite, instanceFile, processors, instance, problem, features, solver, seed,
                timeLimitSeconds, threads, status, objective, solverObjective, bound, wallSeconds, cpuSeconds,
                peakMemoryBytes, trajectory, message, codeVersion, machine, startedAt, scope, hash);
    }

    /** Whether the status and bound are proven only for a restricted problem. */
    public boolean scoped() {
        return !scope.isEmpty();
    }

    /** An optimality proof for the instance's whole problem. */
    public boolean provenOptimal() {
        return status.equals("optimal") && !scoped();
    }

    /** What identifies a run for resuming: the same key is not run twice. */
    public RunKey key() {
        return new RunKey(instanceFile, processors, solver, seed, timeLimitSeconds, threads);
    }

    public boolean hasPlan() {
        return status.equals("optimal") || status.equals("feasible");
    }

    /** Relative gap of the solver's own proof, (objective − bound) / |objective|; NaN without both. */
    public double provenGap() {
        if (Double.isNaN(objective) || Double.isNaN(bound)) {
            return Double.NaN;
        }
        return objective == 0 ? 0 : Math.max(0, (objective - bound) / Math.abs(objective));
    }

    public ObjectNode toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("suite", suite);
        n.put("instanceFile", instanceFile);
        if (processors > 0) {
            n.put("processors", processors);
        }
        n.put("instance", instance);
        if (!instanceHash.isEmpty()) {
            n.put("instanceHash", instanceHash);
        }
        n.put("problem", problem);
        ObjectNode f = n.putObject("features");
        features.forEach((k, v) -> putNumber(f, k, v));
        n.put("solver", solver);
        n.put("seed", seed);
        n.put("timeLimitSeconds", timeLimitSeconds);
        n.put("threads", threads);
        n.put("status", status);
        putNumber(n, "objective", objective);
        putNumber(n, "solverObjective", solverObjective);
        putNumber(n, "bound", bound);
        putNumber(n, "wallSeconds", wallSeconds);
        putNumber(n, "cpuSeconds", cpuSeconds);
        putNumber(n, "peakMemoryBytes", peakMemoryBytes);
        ArrayNode t = n.putArray("trajectory");
        for (double[] p : trajectory) {
            ArrayNode point = t.addArray();
            for (double v : p) {
                if (Double.isFinite(v)) {
                    point.add(v);
                } else {
                    point.addNull();
                }
            }
        }
        n.put("message", message);
        n.put("codeVersion", codeVersion);
        ObjectNode m = n.putObject("machine");
        machine.forEach(m::put);
        n.put("startedAt", startedAt);
        if (scoped()) {
            n.put("scope", scope);
        }
        return n;
    }

    /** One JSON line (no line breaks inside). */
    public String toJsonLine() {
        return toJson().toString();
    }

    /** The incumbent trajectory of a record or of {@code solve --json}: [seconds, objective, bound] points, NaN for null. */
    static List<double[]> trajectory(JsonNode n) {
        List<double[]> trajectory = new ArrayList<>();
        for (JsonNode p : n.path("trajectory")) {
            double[] point = new double[p.size()];
            for (int i = 0; i < point.length; i++) {
                point[i] = p.get(i).isNumber() ? p.get(i).asDouble() : Double.NaN;
            }
            trajectory.add(point);
        }
        return trajectory;
    }

    public static RunRecord fromJson(JsonNode n) {
        require(n, "instanceFile");
        require(n, "solver");
        require(n, "status");
        Map<String, Double> features = new LinkedHashMap<>();
        JsonNode f = n.path("features");
        f.fieldNames().forEachRemaining(k -> features.put(k, number(f, k)));
        List<double[]> trajectory = trajectory(n);
        Map<String, String> machine = new LinkedHashMap<>();
        JsonNode m = n.path("machine");
        m.fieldNames().forEachRemaining(k -> machine.put(k, m.get(k).asText()));
        return new RunRecord(n.path("suite").asText(""), n.get("instanceFile").asText(), n.path("processors").asInt(0),
                n.path("instance").asText(""), n.path("problem").asText(""), features, n.get("solver").asText(),
                n.path("seed").asLong(0), number(n, "timeLimitSeconds"), n.path("threads").asInt(1),
                n.get("status").asText(), number(n, "objective"), number(n, "solverObjective"), number(n, "bound"),
                number(n, "wallSeconds"), number(n, "cpuSeconds"), number(n, "peakMemoryBytes"), trajectory,
                n.path("message").asText(""), n.path("codeVersion").asText(""), machine, n.path("startedAt").asText(""),
                n.path("scope").asText(""), n.path("instanceHash").asText(""));
    }

    public static RunRecord fromJsonLine(String line) {
        try {
            return fromJson(MAPPER.readTree(line));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidInputException("not a run record: " + e.getOriginalMessage());
        }
    }

    private static void require(JsonNode n, String field) {
        if (!n.hasNonNull(field)) {
            throw new InvalidInputException("run record without '" + field + "'");
        }
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static void putNumber(ObjectNode n, String field, double value) {
        if (Double.isFinite(value)) {
            n.put(field, value);
        } else {
            n.putNull(field);
        }
    }
}
