package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.testing.LongTest;

/**
 * Time to proven optimum by size for the problem-B exact solvers (opt-in, {@code -Dedgeplan.longTests=true}):
 * two ladders of {@link ScaledPipelines} instances (VGG5 chains and ResNet-18 DAGs, dynamic placement, total
 * latency), each climbed by CP-SAT with 1 and with 2 workers, SCIP and HiGHS under a per-run limit
 * ({@code edgeplan.scalingLimitSeconds}, default 60). A configuration stops climbing a ladder after two sizes in a
 * row without a proof. Writes {@code target/pipeline-scaling.csv} and {@code .md}.
 *
 * <p>Checks what can be checked: every plan re-scored by the evaluator equals the solver's objective; where two
 * configurations prove optimality they agree; no bound exceeds a known plan.
 */
class PipelineScalingTest {
    record Size(String model, int endpoints, int edges, int requests) {
        PipelineInstance instance() {
            return ScaledPipelines.of(model, endpoints, edges, requests, PlacementMode.DYNAMIC,
                    PipelineObjective.TOTAL_LATENCY);
        }
    }

    record Config(String label, String solver, int threads) {
    }

    static final List<List<Size>> LADDERS = List.of(
            List.of(new Size("vgg5", 1, 1, 1), new Size("vgg5", 1, 1, 2), new Size("vgg5", 1, 1, 3),
                    new Size("vgg5", 2, 1, 2), new Size("vgg5", 1, 1, 4), new Size("vgg5", 2, 1, 3),
                    new Size("vgg5", 2, 2, 3), new Size("vgg5", 2, 1, 4), new Size("vgg5", 2, 2, 4),
                    new Size("vgg5", 4, 2, 4)),
            List.of(new Size("resnet18", 1, 1, 1), new Size("resnet18", 1, 1, 2), new Size("resnet18", 2, 1, 1),
                    new Size("resnet18", 2, 1, 2), new Size("resnet18", 2, 2, 2)));

    static final List<Config> CONFIGS = List.of(new Config("cp-sat 1 worker", "cp-sat", 1),
            new Config("cp-sat 2 workers", "cp-sat", 2), new Config("milp-scip", "milp-scip", 1),
            new Config("milp-highs", "milp-highs", 1));

    @LongTest
    @Test
    void timeToProofBySize() {
        double limit = Double.parseDouble(System.getProperty("edgeplan.scalingLimitSeconds", "60"));
        SolverRegistry registry = SolverRegistry.load();
        // Load the native libraries and warm the JVM before anything is timed.
        for (Config c : CONFIGS) {
            registry.find(ProblemKind.PIPELINE, c.solver()).solveAny(LADDERS.get(0).get(0).instance(),
                    new SolverSettings(limit, 0, c.threads()));
        }
        List<String> rows = new ArrayList<>();
        rows.add("instance,subtasks,nodes,requests,config,status,objective,bound,gap,seconds");
        List<String> failures = new ArrayList<>();
        Map<String, Double> proven = new HashMap<>();
        Map<String, Double> bestPlan = new HashMap<>();
        Map<String, Map<String, String>> cells = new LinkedHashMap<>();
        for (List<Size> ladder : LADDERS) {
            for (Config c : CONFIGS) {
                // CP-SAT's own search, without the shortcut of a heuristic plan meeting the relaxation bound.
                @SuppressWarnings("unchecked")
                Solver<PipelineInstance, PipelinePlan> solver = c.solver().equals("cp-sat")
                        ? new PipelineCpSatSolver().alwaysSearch()
                        : (Solver<PipelineInstance, PipelinePlan>) registry.find(ProblemKind.PIPELINE, c.solver());
                int misses = 0;
                for (Size size : ladder) {
                    PipelineInstance inst = size.instance();
                    String key = inst.name();
                    Map<String, String> row = cells.computeIfAbsent(key, k -> new LinkedHashMap<>());
                    if (misses >= 2) {
                        row.put(c.label(), "not run");
                        continue;
                    }
                    SolveResult<PipelinePlan> r = solver.solve(inst, new SolverSettings(limit, 0, c.threads()));
                    double gap = SolveResult.relativeGap(r.solverObjective(), r.bound());
                    rows.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%s,%s,%.9g,%.9g,%.4g,%.2f", key,
                            inst.subtaskCount(), inst.nodes().size(), size.endpoints() * size.requests(), c.label(),
                            r.status().label(), r.solverObjective(), r.bound(), gap, r.wallSeconds()));
                    System.out.println(rows.get(rows.size() - 1));
                    if (r.status() == SolveStatus.OPTIMAL) {
                        misses = 0;
                        row.put(c.label(), String.format(Locale.ROOT, "%.2f", r.wallSeconds()));
                        // Proven optima agree as the evaluator scores them (a MIP may stop at its own objective a
                        // hair above a plan the evaluator scores at the bound).
                        double optimum = PipelineEvaluator.objective(inst, r.plan());
                        Double other = proven.putIfAbsent(key, optimum);
                        if (other != null && Math.abs(other - optimum) > 1e-6 * Math.abs(other)) {
                            failures.add(key + ": " + c.label() + " proves " + optimum + ", another "
                                    + "configuration " + other);
                        }
                    } else {
                        misses++;
                        row.put(c.label(), r.plan() == null ? "no plan" : Double.isNaN(gap) ? "no bound"
                                : String.format(Locale.ROOT, "gap %.1f %%", 100 * gap));
                    }
                    if (r.plan() != null) {
                        double eval = PipelineEvaluator.objective(inst, r.plan());
                        // The evaluator may only close idle gaps the solver left (never score worse).
                        if (eval > r.solverObjective() + 1e-6 * Math.abs(eval)) {
                            failures.add(key + ": " + c.label() + " objective " + r.solverObjective()
                                    + ", evaluator " + eval);
                        }
                        bestPlan.merge(key, eval, Math::min);
                    }
                    if (!Double.isNaN(r.bound()) && bestPlan.containsKey(key)
                            && r.bound() > bestPlan.get(key) + 1e-6 * Math.abs(bestPlan.get(key))) {
                        failures.add(key + ": " + c.label() + " bound " + r.bound() + " above a known plan "
                                + bestPlan.get(key));
                    }
                }
            }
        }
        write(rows, cells, limit);
        assertThat(failures).isEmpty();
        assertThat(proven).as("at least the smallest sizes are proven").isNotEmpty();
    }

    private static void write(List<String> rows, Map<String, Map<String, String>> cells, double limit) {
        try {
            Path dir = Path.of("target");
            Files.createDirectories(dir);
            Files.write(dir.resolve("pipeline-scaling.csv"), rows);
            List<String> md = new ArrayList<>();
            md.add(String.format(Locale.ROOT, "Seconds to a proven optimum (limit %.0f s; otherwise the final gap)",
                    limit));
            md.add("");
            StringBuilder head = new StringBuilder("| instance | subtasks | nodes | requests |");
            StringBuilder rule = new StringBuilder("|---|---:|---:|---:|");
            for (Config c : CONFIGS) {
                head.append(' ').append(c.label()).append(" |");
                rule.append("---:|");
            }
            md.add(head.toString());
            md.add(rule.toString());
            for (List<Size> ladder : LADDERS) {
                for (Size s : ladder) {
                    PipelineInstance inst = s.instance();
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %d | %d | %d |",
                            inst.name(), inst.subtaskCount(), inst.nodes().size(), s.endpoints() * s.requests()));
                    for (Config c : CONFIGS) {
                        line.append(' ').append(cells.getOrDefault(inst.name(), Map.of()).getOrDefault(c.label(), ""))
                                .append(" |");
                    }
                    md.add(line.toString());
                }
            }
            Files.write(dir.resolve("pipeline-scaling.md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
