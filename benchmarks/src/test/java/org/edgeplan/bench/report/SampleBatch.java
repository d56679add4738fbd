package org.edgeplan.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;

/**
 * A small batch over both problems: a multi-exit bandwidth sweep (cam-bw5/20/80, an exact and a greedy solver) and
 * three pipeline sizes (an exact and a list-scheduling solver), two seeds each.
 */
final class SampleBatch {
    private static final double NaN = Double.NaN;

    private SampleBatch() {
    }

    static List<RunRecord> records() {
        List<RunRecord> out = new ArrayList<>();
        for (double bw : new double[] {5, 20, 80}) {
            double opt = 1 + 100 / bw;
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("devices", 3.0);
            f.put("layers", 10.0);
            f.put("bandwidthMbits", bw);
            for (long seed = 1; seed <= 2; seed++) {
                out.add(Runs.run("cam-bw" + (int) bw, "multi-exit", f, "exhaustive", seed, "optimal", opt, opt, 0.2,
                        10, List.of(new double[] {0.2, opt, opt})));
                double greedy = opt * (seed == 1 ? 1.1 : 1.005);
                out.add(Runs.run("cam-bw" + (int) bw, "multi-exit", f, "greedy", seed, "feasible", greedy, NaN, 0.05,
                        10, List.of(new double[] {0.01, opt * 1.3, NaN}, new double[] {0.05, greedy, NaN})));
            }
        }
        int[] sizes = {5, 10, 20};
        for (int size : sizes) {
            Map<String, Double> f = new LinkedHashMap<>();
            f.put("subtasks", (double) size);
            f.put("nodes", 3.0);
            f.put("requests", 2.0);
            double opt = 10 * size;
            for (long seed = 1; seed <= 2; seed++) {
                boolean solved = size < 20;
                double wall = solved ? 0.01 * size * size : 10;
                out.add(Runs.run("p" + size, "pipeline", f, "cpsat", seed, solved ? "optimal" : "feasible",
                        solved ? opt : opt * 1.02, solved ? opt : opt * 0.9, wall, 10,
                        List.of(new double[] {wall / 2, opt * 1.2, NaN},
                                new double[] {wall, solved ? opt : opt * 1.02, NaN})));
                out.add(Runs.run("p" + size, "pipeline", f, "list", seed, "feasible", opt * 1.05, NaN, 0.001, 10,
                        List.of(new double[] {0.001, opt * 1.05, NaN})));
            }
        }
        // One run that failed outright.
        out.add(Runs.run("p5", "pipeline", Map.of("subtasks", 5.0), "broken", 1, "failed", NaN, NaN, 0.5, 10,
                List.of()));
        return out;
    }

    static Map<String, BestKnown> bestKnown() {
        return Map.of(Runs.hash("cam-bw5"), new BestKnown("cam-bw5", Runs.hash("cam-bw5"), 21, true, 21, "exhaustive",
                        "test"),
                Runs.hash("p20"), new BestKnown("p20", Runs.hash("p20"), 201, false, NaN, "cpsat", "test"));
    }
}
