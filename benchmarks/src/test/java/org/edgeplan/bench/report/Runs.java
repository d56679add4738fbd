package org.edgeplan.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeplan.bench.batch.RunRecord;

/** Hand-made run records for the report tests. */
final class Runs {
    private Runs() {
    }

    static RunRecord run(String instance, String solver, long seed, String status, double objective,
                         double wallSeconds) {
        return run(instance, "multi-exit", Map.of(), solver, seed, status, objective, Double.NaN, wallSeconds,
                10, Double.isFinite(objective) ? List.of(new double[] {wallSeconds, objective, Double.NaN}) : List.of());
    }

    static RunRecord run(String instance, String problem, Map<String, Double> features, String solver, long seed,
                         String status, double objective, double bound, double wallSeconds, double timeLimitSeconds,
                         List<double[]> trajectory) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("os", "Linux");
        machine.put("cpus", "2");
        return new RunRecord("test-suite", problem + "/" + instance + ".json", 0, instance, problem, features, solver,
                seed, timeLimitSeconds, 1, status, objective, objective, bound, wallSeconds, wallSeconds, Double.NaN,
                trajectory, "", "0.1.0-SNAPSHOT abc1234", machine, "2026-01-01T00:00:00Z", "", hash(instance));
    }

    /** The made-up content hash of a made-up instance: one per name. */
    static String hash(String instance) {
        return "test:" + instance;
    }

    static RunRecord withBound(RunRecord r, double bound) {
        return new RunRecord(r.suite(), r.instanceFile(), r.processors(), r.instance(), r.problem(), r.features(),
                r.solver(), r.seed(), r.timeLimitSeconds(), r.threads(), r.status(), r.objective(),
                r.solverObjective(), bound, r.wallSeconds(), r.cpuSeconds(), r.peakMemoryBytes(), r.trajectory(),
                r.message(), r.codeVersion(), r.machine(), r.startedAt(), r.scope(), r.instanceHash());
    }
}
