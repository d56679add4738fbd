package org.edgeplan.pipeline.bounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.TinyPipelines;

/**
 * The {@code lagrangian} method keeps the solver contract against enumeration: its plan is the evaluator's, never
 * below the optimum, its bound never above it, and {@code optimal} only where the bound meets the plan.
 */
class LagrangianSolverTest {
    private static final SolverSettings SETTINGS = new SolverSettings(20, 0, 1);

    @Test
    void keepsTheContractAgainstEnumerationOnTinyInstances() {
        LagrangianSolver solver = new LagrangianSolver();
        List<String> failures = new ArrayList<>();
        int feasible = 0;
        int optimal = 0;
        for (long seed = 1; seed <= 40; seed++) {
            PipelineInstance inst = TinyPipelines.random(7700 + seed, 6, TinyPipelines.Features.ALL);
            ExhaustiveOracle.Best best = ExhaustiveOracle.solve(inst);
            SolveResult<PipelinePlan> r = solver.solve(inst, SETTINGS);
            if (Double.isInfinite(best.objective())) {
                if (r.status().hasPlan()) {
                    failures.add("seed " + seed + ": no plan exists, got " + r.status());
                }
                continue;
            }
            feasible++;
            if (!r.status().hasPlan()) {
                continue; // the heuristics it starts from may find no plan (memory, queue limits)
            }
            double objective = PipelineEvaluator.objective(inst, r.plan());
            if (objective != r.solverObjective()) {
                failures.add("seed " + seed + ": reported " + r.solverObjective() + ", evaluator " + objective);
            }
            if (objective < best.objective()) {
                failures.add("seed " + seed + ": plan " + objective + " below the optimum " + best.objective());
            }
            if (r.bound() > best.objective()) {
                failures.add("seed " + seed + ": bound " + r.bound() + " above the optimum " + best.objective());
            }
            if (r.status() == SolveStatus.OPTIMAL) {
                optimal++;
                if (objective > best.objective()) {
                    failures.add("seed " + seed + ": optimal claimed at " + objective + " > " + best.objective());
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(feasible).isGreaterThan(25);
        assertThat(optimal).as("tiny instances the bound settles").isPositive();
    }

    /** The relaxation's per-request placements become one node per (endpoint, layer): a feasible static plan. */
    @Test
    void staticPlacementsFromThePricedSchedulesAreStatic() {
        PipelineInstance inst = ScaledPipelines.of("vgg5", 3, 2, 3, PlacementMode.STATIC,
                PipelineObjective.TOTAL_LATENCY);
        CompiledPipeline c = new CompiledPipeline(inst);
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int[] relaxed = new int[c.subtaskCount()];
            for (int id = 0; id < relaxed.length; id++) {
                int subtask = id;
                int[] allowed = IntStream.range(0, c.nodeCount()).filter(k -> c.allowed(subtask, k)).toArray();
                relaxed[id] = allowed[random.nextInt(allowed.length)];
            }
            int[] placement = LagrangianSolver.placement(c, relaxed);
            for (int id = 0; id < relaxed.length; id++) {
                assertThat(placement[id]).as("subtask %d", id)
                        .isEqualTo(placement[inst.subtaskId(c.endpointOf(id), 0, c.layerOf(id))]);
            }
            assertThat(PipelineEvaluator.evaluate(inst, ListScheduler.schedule(inst, placement)).feasible()).isTrue();
        }
        int[] incomplete = new int[c.subtaskCount()];
        incomplete[0] = -1;
        assertThat(LagrangianSolver.placement(c, incomplete)).isNull();
    }

    @Test
    void certifiesAContendedInstanceWithinOnePercent() {
        PipelineInstance inst = InstanceIo.readPipeline(ProjectRoot.instances()
                .resolve("pipeline/scaled/scaled-vgg5-e4-s2-r4-dynamic.json"));
        SolveResult<PipelinePlan> r = new LagrangianSolver().solve(inst, new SolverSettings(60, 0, 1));
        // 0.0612650 s: the best plan known (instances/best-known.json); the relaxations alone are 11 % below it.
        assertThat(r.bound()).isLessThanOrEqualTo(0.0612650).isGreaterThan(0.99 * 0.0612650);
        assertThat(r.statistics().get(LagrangianSolver.STOP)).asString().startsWith("converged");
    }

    @Test
    void aStartThatMeetsTheRelaxationBoundIsOptimalWithoutPricing() {
        PipelineInstance inst = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/small.json"));
        SolveResult<PipelinePlan> r = new LagrangianSolver().solve(inst, SETTINGS);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.bound()).isEqualTo(PipelineLowerBound.of(inst).seconds());
        assertThat(r.statistics().get(LagrangianSolver.STOP)).asString().startsWith("not priced");
        assertThat(r.statistics()).doesNotContainKey(LagrangianSolver.STEPS);
    }

    @Test
    void makespanKeepsTheRelaxationBound() {
        PipelineInstance inst = InstanceIo.readPipeline(ProjectRoot.instances()
                .resolve("pipeline/known/known-chain-e3-s2-r4-seed1.json"));
        SolveResult<PipelinePlan> r = new LagrangianSolver().solve(inst, SETTINGS);
        assertThat(r.bound()).isEqualTo(PipelineLowerBound.of(inst).seconds());
        assertThat(r.statistics()).doesNotContainKey(LagrangianSolver.STEPS);
    }
}
