package org.edgeplan.bench.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.pipeline.PipelineEvaluation;

/**
 * The report's pictures of schedules: for each problem-B instance of a batch, the Gantt chart of its best plan
 * (lowest evaluator objective of any run) next to that of the best heuristic's plan. The plans come from a
 * {@link Source} (the bench keeps them beside its records, see {@code RunPlans}); a plan that is missing or no longer
 * matches its record is named with the reason, never replaced by another.
 */
public final class GanttSection {
    /** Where the plan of a run comes from. */
    @FunctionalInterface
    public interface Source {
        /**
         * The evaluation of the run's plan.
         *
         * @throws InvalidInputException one line saying why there is none
         */
        PipelineEvaluation evaluation(RunRecord run);
    }

    /**
     * One drawn plan, or why it is not drawn.
     *
     * @param role    {@code best} or {@code heuristic}
     * @param run     the run whose plan it is
     * @param name    file name without extension ({@code plots/NAME.svg} and {@code .png}), empty when not drawn
     * @param caption what the picture shows
     * @param png     PNG bytes, empty when not drawn
     * @param svg     SVG bytes, empty when not drawn
     * @param missing why it is not drawn, empty when drawn
     */
    public record Picture(String role, RunRecord run, String name, String caption, byte[] png, byte[] svg,
                          String missing) {
        public boolean drawn() {
            return missing.isEmpty();
        }
    }

    /**
     * The pictures of one instance.
     *
     * @param instance the instance's name as the report shows it
     * @param pictures the best plan's, then the best heuristic's when it is another run; one when they coincide
     * @param note     one line about the pair (e.g. that the best plan is a heuristic's), may be empty
     */
    public record InstancePictures(String instance, List<Picture> pictures, String note) {
    }

    private GanttSection() {
    }

    /**
     * Whether a problem-B solver is a heuristic: a registered solver from the heuristics or baselines of
     * {@code org.edgeplan.pipeline} (HEFT, DADS, the pipeline paper's method, ...), not a search or exact model.
     */
    public static Predicate<String> registeredHeuristics() {
        List<Solver<?, ?>> solvers = SolverRegistry.load().forProblem(ProblemKind.PIPELINE);
        return name -> solvers.stream().anyMatch(s -> s.name().equals(name)
                && (s.getClass().getPackageName().startsWith("org.edgeplan.pipeline.heuristics")
                || s.getClass().getPackageName().startsWith("org.edgeplan.pipeline.baselines")));
    }

    /** The pictures of every problem-B instance of {@code stats} with a plan, in the report's instance order. */
    public static List<InstancePictures> render(Statistics stats, Source source, Predicate<String> heuristic) {
        Map<String, List<RunRecord>> byInstance = new LinkedHashMap<>();
        for (RunStats s : stats.runs()) {
            if (ProblemKind.PIPELINE.label().equals(s.run().problem()) && s.hasPlan()) {
                byInstance.computeIfAbsent(Statistics.instanceName(s.run()), k -> new ArrayList<>()).add(s.run());
            }
        }
        Comparator<RunRecord> better = Comparator.comparingDouble(RunRecord::objective)
                .thenComparing(RunRecord::solver).thenComparingLong(RunRecord::seed);
        List<InstancePictures> out = new ArrayList<>();
        byInstance.forEach((instance, runs) -> {
            RunRecord best = runs.stream().min(better).orElseThrow();
            Optional<RunRecord> bestHeuristic = runs.stream().filter(r -> heuristic.test(r.solver())).min(better);
            List<Picture> pictures = new ArrayList<>();
            pictures.add(picture("best", "best plan", instance, best, source));
            String note;
            if (bestHeuristic.isEmpty()) {
                note = "no heuristic ran on this instance";
            } else if (bestHeuristic.get() == best || heuristic.test(best.solver())) {
                note = "the best plan is a heuristic's (" + best.solver() + ")";
            } else {
                note = "";
                pictures.add(picture("heuristic", "best heuristic", instance, bestHeuristic.get(), source));
            }
            out.add(new InstancePictures(instance, List.copyOf(pictures), note));
        });
        return List.copyOf(out);
    }

    private static Picture picture(String role, String what, String instance, RunRecord run, Source source) {
        String caption = what + ": " + run.solver() + " (seed " + run.seed() + "), objective "
                + Format.number(run.objective());
        try {
            PipelineEvaluation evaluation = source.evaluation(run);
            GanttChart chart = GanttChart.of(evaluation, instance + " \u00b7 " + caption);
            String name = "gantt-" + Plots.fileName(instance) + "-" + role;
            return new Picture(role, run, name, caption, GanttPng.render(chart),
                    GanttSvg.render(chart).getBytes(StandardCharsets.UTF_8), "");
        } catch (InvalidInputException | IllegalArgumentException | LinkageError e) {
            // LinkageError: a JVM without AWT fonts; the rest of the report still matters.
            return new Picture(role, run, "", caption, new byte[0], new byte[0],
                    e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
