package org.edgeplan.formulations.pipeline.timefold;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;
import org.edgeplan.pipeline.instances.StgImporter;

/**
 * Runs Timefold with a fixed move count, the reproducible way to compare two versions or configurations: for a seed
 * and a move count the plan is the same on every machine, so the objectives compare exactly, while the move
 * evaluation speed ({@code moveEvaluationsPerSecond}) is a wall-clock figure of the machine at that moment. Not a
 * test. Default options otherwise, without the unimproved-step and unimproved-time stops; the time limit is only a
 * safety cap.
 *
 * <p>Usage: {@code TimefoldMoveCountRuns [--moves N] [--seeds 0,1,2] [--baseline-start] [--tag T] INSTANCE...},
 * where an instance is a JSON file or {@code graph.stg:P} (an STG graph on P processors), optionally followed by
 * {@code @N} for its own move count. {@code --baseline-start} warm-starts from device-only and edge-only only.
 * Prints one tab-separated line per instance and seed: tag, instance, seed, moves, objective (evaluator),
 * warm-start objective, moves evaluated, moves per second of search (wall clock), wall seconds of the solve,
 * improvements of the best solution, CPU seconds of the process during the search (from the first best solution,
 * the start plan, to the end of the solve) and moves per such CPU second. On a machine shared with other work the
 * CPU figure varies much less than the wall-clock one (it still includes the JIT compiler and the garbage collector).
 */
public final class TimefoldMoveCountRuns {
    private TimefoldMoveCountRuns() {
    }

    /** An instance given as {@code file.json} or {@code graph.stg:P}. */
    static PipelineInstance read(String spec) {
        int colon = spec.lastIndexOf(':');
        if (spec.contains(".stg:") && colon > 0) {
            return StgImporter.read(Path.of(spec.substring(0, colon)), Integer.parseInt(spec.substring(colon + 1)));
        }
        return InstanceIo.readPipeline(Path.of(spec));
    }

    public static void main(String[] args) {
        long moves = 20_000;
        List<Long> seeds = List.of(0L);
        boolean baselineStart = false;
        String tag = "timefold";
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--moves" -> moves = Long.parseLong(args[++i]);
                case "--seeds" -> {
                    seeds = new ArrayList<>();
                    for (String seed : args[++i].split(",")) {
                        seeds.add(Long.parseLong(seed.trim()));
                    }
                }
                case "--baseline-start" -> baselineStart = true;
                case "--tag" -> tag = args[++i];
                default -> specs.add(args[i]);
            }
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (String spec : specs) {
            long count = moves;
            String file = spec;
            int at = spec.lastIndexOf('@');
            if (at > 0) {
                count = Long.parseLong(spec.substring(at + 1));
                file = spec.substring(0, at);
            }
            PipelineInstance instance = read(file);
            for (long seed : seeds) {
                TimefoldPipelineOptions options = TimefoldPipelineOptions.defaults().reproducible(count);
                if (baselineStart) {
                    options = options.withWarmStart(List.of(new PipelineDeviceOnlySolver(),
                            new PipelineEdgeOnlySolver()));
                }
                // The first best solution Timefold reports is its start plan: the search begins there.
                long[] searchCpu = {-1};
                long start = System.nanoTime();
                SolveResult<PipelinePlan> result = new TimefoldPipelineSolver(options, progress -> {
                    if (searchCpu[0] < 0) {
                        searchCpu[0] = os.getProcessCpuTime();
                    }
                }).solve(instance, new SolverSettings(3_600, seed, 1));
                double wall = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (os.getProcessCpuTime() - searchCpu[0]) / 1e9;
                Map<String, Object> statistics = result.statistics();
                long evaluated = ((Number) statistics.get(TimefoldPipelineSolver.MOVE_EVALUATIONS)).longValue();
                System.out.printf(Locale.ROOT, "%s\t%s\t%d\t%d\t%.9g\t%.9g\t%d\t%s\t%.2f\t%s\t%.2f\t%.0f%n",
                        tag, instance.name(), seed, count, result.solverObjective(),
                        ((Number) statistics.get(StatisticKeys.WARM_START_OBJECTIVE)).doubleValue(), evaluated,
                        statistics.get(TimefoldPipelineSolver.MOVE_EVALUATIONS_PER_SECOND), wall,
                        statistics.get(TimefoldPipelineSolver.IMPROVEMENTS), cpuSeconds, evaluated / cpuSeconds);
            }
        }
    }
}
