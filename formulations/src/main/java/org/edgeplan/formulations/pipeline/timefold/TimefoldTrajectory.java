package org.edgeplan.formulations.pipeline.timefold;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * Measures Timefold's best objective over time against its warm start: one run per instance with the time limit set
 * to the last checkpoint, recording every new best solution; the objective at a checkpoint is the best feasible
 * score reached by then (seconds since {@code solve} began, warm start included), converted from nanoseconds. Not a
 * test: wall-clock figures depend on the machine.
 *
 * <p>Usage: {@code TimefoldTrajectory [--seed S] [--checkpoints 1,2,5,10] [--baseline-start] instance.json...}; prints a
 * Markdown table. {@code --baseline-start} warm-starts from device-only and edge-only only (not the heuristics), to
 * see what the local search itself does.
 */
public final class TimefoldTrajectory {
    private TimefoldTrajectory() {
    }

    /** One instance's measurement. */
    public record Row(String instance, int subtasks, String warmStart, double warmStartObjective, double[] atCheckpoint,
                      double finalObjective, String bestScore) {
    }

    public static Row measure(PipelineInstance instance, double[] checkpoints, long seed) {
        return measure(instance, checkpoints, seed, false);
    }

    public static Row measure(PipelineInstance instance, double[] checkpoints, long seed, boolean baselineStart) {
        List<TimefoldPipelineSolver.Progress> progress = new ArrayList<>();
        TimefoldPipelineOptions options = TimefoldPipelineOptions.defaults().withUnimprovedStepCount(0).withUnimprovedSeconds(0);
        if (baselineStart) {
            options = options.withWarmStart(List.of(new org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver(),
                    new org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver()));
        }
        TimefoldPipelineSolver solver = new TimefoldPipelineSolver(options, progress::add);
        double limit = checkpoints[checkpoints.length - 1];
        SolveResult<PipelinePlan> result = solver.solve(instance, new SolverSettings(limit, seed, 1));
        double warm = ((Number) result.statistics().get(StatisticKeys.WARM_START_OBJECTIVE)).doubleValue();
        double[] at = new double[checkpoints.length];
        for (int c = 0; c < checkpoints.length; c++) {
            double best = warm;
            for (TimefoldPipelineSolver.Progress p : progress) {
                if (p.seconds() <= checkpoints[c] && p.hardScore() == 0) {
                    best = Math.min(best, -p.softScore() / ScoreUnits.NANOS_PER_SECOND);
                }
            }
            at[c] = best;
        }
        double last = result.plan() == null ? Double.NaN : PipelineEvaluator.objective(instance, result.plan());
        return new Row(instance.name(), instance.subtaskCount(), String.valueOf(result.statistics().get(StatisticKeys.WARM_START)),
                warm, at, last, String.valueOf(result.statistics().get(TimefoldPipelineSolver.BEST_SCORE)));
    }

    public static String table(List<Row> rows, double[] checkpoints) {
        StringBuilder out = new StringBuilder("| instance | subtasks | warm start | warm-start objective (s) |");
        for (double c : checkpoints) {
            out.append(String.format(Locale.ROOT, " %g s |", c));
        }
        out.append(" final (evaluator) | gain over warm start |\n|---|---:|---|---:|");
        out.append("---:|".repeat(checkpoints.length)).append("---:|---:|\n");
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %.6f |", row.instance(), row.subtasks(),
                    row.warmStart(), row.warmStartObjective()));
            for (double v : row.atCheckpoint()) {
                out.append(String.format(Locale.ROOT, " %.6f |", v));
            }
            out.append(String.format(Locale.ROOT, " %.6f | %.2f %% |%n", row.finalObjective(),
                    100.0 * (row.warmStartObjective() - row.finalObjective()) / row.warmStartObjective()));
        }
        return out.toString();
    }

    public static void main(String[] args) {
        long seed = 0;
        double[] checkpoints = {1, 2, 5, 10};
        List<Path> files = new ArrayList<>();
        boolean baselineStart = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--baseline-start" -> baselineStart = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--checkpoints" -> checkpoints = java.util.Arrays.stream(args[++i].split(","))
                        .mapToDouble(Double::parseDouble).toArray();
                default -> files.add(Path.of(args[i]));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (Path file : files) {
            rows.add(measure(InstanceIo.readPipeline(file), checkpoints, seed, baselineStart));
        }
        System.out.print(table(rows, checkpoints));
    }
}
