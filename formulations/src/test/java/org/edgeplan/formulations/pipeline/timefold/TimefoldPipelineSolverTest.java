package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;

/**
 * The solver end to end, with move-count limits so that runs are short and reproducible: registered by name, never
 * worse than its warm start, the evaluator's objective reported, same seed same plan, infeasible baselines
 * repaired, and an honest UNKNOWN when nothing is feasible.
 */
class TimefoldPipelineSolverTest {
    private static final SolverSettings SETTINGS = new SolverSettings(60, 3, 1);

    private static TimefoldPipelineSolver solver(long moves) {
        return new TimefoldPipelineSolver(TimefoldPipelineOptions.defaults().reproducible(moves));
    }

    private static double baseline(PipelineInstance instance) {
        double best = Double.POSITIVE_INFINITY;
        for (SolveResult<PipelinePlan> r : List.of(new PipelineDeviceOnlySolver().solve(instance, SETTINGS),
                new PipelineEdgeOnlySolver().solve(instance, SETTINGS))) {
            if (r.plan() != null) {
                best = Math.min(best, PipelineEvaluator.objective(instance, r.plan()));
            }
        }
        return best;
    }

    private static void assertHonest(PipelineInstance instance, SolveResult<PipelinePlan> result) {
        assertThat(result.status()).as(result.message()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(result.hasBound()).isFalse();
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, result.plan());
        assertThat(evaluation.feasible()).as(evaluation.violations().toString()).isTrue();
        assertThat(result.solverObjective()).isEqualTo(evaluation.objective());
    }

    @Test
    void isRegisteredAsTimefold() {
        assertThat(SolverRegistry.load().find(ProblemKind.PIPELINE, "timefold"))
                .isInstanceOf(TimefoldPipelineSolver.class);
    }

    @Test
    void neverWorseThanItsWarmStart() {
        for (PipelineInstance instance : List.of(TimefoldFixtures.pipeline("small"),
                TimefoldFixtures.variant(TimefoldFixtures.pipeline("small"), PlacementMode.DYNAMIC,
                        PipelineObjective.MAKESPAN, -1, -1))) {
            SolveResult<PipelinePlan> result = solver(2000).solve(instance, SETTINGS);
            assertHonest(instance, result);
            double warm = ((Number) result.statistics().get("warmStartObjective")).doubleValue();
            assertThat(warm).isEqualTo(baseline(instance));
            assertThat(result.solverObjective()).isLessThanOrEqualTo(warm);
        }
    }

    @Test
    void improvesOnTheMediumInstance() {
        PipelineInstance medium = TimefoldFixtures.pipeline("medium");
        SolveResult<PipelinePlan> result = solver(1500).solve(medium, SETTINGS);
        assertHonest(medium, result);
        // Moving a whole VGG5 request back to its Raspberry Pi beats the edge-only start; 1500 moves find some.
        assertThat(result.solverObjective()).isLessThan(baseline(medium));
    }

    @Test
    void sameSeedSamePlan() {
        PipelineInstance dynamic = TimefoldFixtures.variant(TimefoldFixtures.pipeline("small"), PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, -1, -1);
        SolveResult<PipelinePlan> first = solver(3000).solve(dynamic, SETTINGS);
        SolveResult<PipelinePlan> second = solver(3000).solve(dynamic, SETTINGS);
        assertThat(second.plan()).isEqualTo(first.plan());
        assertThat(second.solverObjective()).isEqualTo(first.solverObjective());
    }

    @Test
    void sameSeedSamePlanWithoutRequestPriorityMoves() {
        // The neighborhood then has group moves only (PipelineNeighborhood.GroupsOnly).
        PipelineInstance small = TimefoldFixtures.pipeline("small");
        TimefoldPipelineSolver solver = new TimefoldPipelineSolver(TimefoldPipelineOptions.defaults()
                .withRequestPriorityMoves(false).reproducible(2000));
        SolveResult<PipelinePlan> first = solver.solve(small, SETTINGS);
        SolveResult<PipelinePlan> second = solver.solve(small, SETTINGS);
        assertHonest(small, first);
        assertThat(second.plan()).isEqualTo(first.plan());
        assertThat(first.statistics().get(TimefoldPipelineSolver.MOVE_EVALUATIONS)).isEqualTo(2000L);
    }

    @Test
    void repairsWhenNoBaselineIsFeasible() {
        // Handmade chain a (2 MiB) -> b (1.5 MiB); the device holds 2.5 MiB, the edge 2 MiB: neither holds both,
        // so device-only and edge-only break memory; a and b on different nodes fit.
        PipelineInstance tight = PipelineConstraintProviderTest.instance(PlacementMode.STATIC,
                PipelineObjective.TOTAL_LATENCY, true, List.of(), (long) (2.5 * 1024 * 1024), -1, List.of(0.0, 0.5));
        tight = withEdgeMemory(tight, 2L * 1024 * 1024);
        assertThat(baseline(tight)).isInfinite();
        // Only the two baselines as warm starts (the memory-aware heuristics would find a feasible start here).
        TimefoldPipelineOptions baselinesOnly = new TimefoldPipelineOptions(List.of(new PipelineDeviceOnlySolver(),
                new PipelineEdgeOnlySolver()), 0L, 0, 0.0, 2000, 0.0,
                TimefoldPipelineOptions.defaults().environmentMode(), 0, true, true);
        SolveResult<PipelinePlan> result = new TimefoldPipelineSolver(baselinesOnly).solve(tight, SETTINGS);
        assertHonest(tight, result);
        assertThat(result.statistics().get("warmStart")).isEqualTo("device placement (infeasible)");
    }

    /**
     * No node has memory for any layer: proven infeasible before any search (the placement candidates, as in CP-SAT
     * and the MILPs), with the layer and the memory named; before issue 15 Timefold searched and said "unknown".
     */
    @Test
    void infeasibleWithReasonWhenNothingFits() {
        PipelineInstance none = TimefoldFixtures.variant(TimefoldFixtures.pipeline("small"), PlacementMode.STATIC,
                PipelineObjective.TOTAL_LATENCY, 0, -1);
        SolveResult<PipelinePlan> result = solver(500).solve(none, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.INFEASIBLE);
        assertThat(result.plan()).isNull();
        assertThat(result.message()).contains("can run on no node").contains("bytes of memory");
    }

    private static PipelineInstance withEdgeMemory(PipelineInstance base, long bytes) {
        List<org.edgeplan.pipeline.Node> nodes = new java.util.ArrayList<>(base.nodes());
        org.edgeplan.pipeline.Node edge = nodes.get(1);
        nodes.set(1, new org.edgeplan.pipeline.Node(edge.name(), edge.kind(), edge.speedFlopsPerSecond(),
                java.util.OptionalLong.of(bytes), edge.queueLimit()));
        return new PipelineInstance(base.name(), base.description(), nodes, base.links(), base.defaultLink(),
                base.models(), base.endpoints(), base.mode(), base.objective(), base.linkExclusive());
    }
}
