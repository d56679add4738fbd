package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.TinyPipelines;

/**
 * Two nodes, one chain request (Neurosurgeon's problem): CP-SAT's optimum equals the best single split point
 * found by scoring every split with the evaluator, and that split is also the best of all 2^L placements.
 */
class PipelineCpSatSplitTest {
    @Test
    void optimumIsTheBestSingleSplit() {
        PipelineCpSatSolver solver = new PipelineCpSatSolver().alwaysSearch();
        int splitsOnEdge = 0;
        for (long seed = 1; seed <= 12; seed++) {
            int layers = 3 + (int) (seed % 5);
            PipelineInstance inst = TinyPipelines.twoNodeChain(seed, layers);
            double bestSplit = Double.POSITIVE_INFINITY;
            int bestK = -1;
            for (int k = 0; k <= layers; k++) {
                double value = PipelineEvaluator.objective(inst, split(layers, k));
                if (value < bestSplit) {
                    bestSplit = value;
                    bestK = k;
                }
            }
            double bestPlacement = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < 1 << layers; mask++) {
                int[] nodeOf = new int[layers];
                for (int v = 0; v < layers; v++) {
                    nodeOf[v] = (mask >> v) & 1;
                }
                bestPlacement = Math.min(bestPlacement, ExhaustiveOracle.bestForPlacement(inst, nodeOf));
            }
            assertThat(bestPlacement).as("seed %d: some split is optimal", seed).isCloseTo(bestSplit, within(1e-12));

            SolveResult<PipelinePlan> r = solver.solve(inst, new SolverSettings(30, seed, 1));
            assertThat(r.status()).as("seed %d: %s", seed, r.message()).isEqualTo(SolveStatus.OPTIMAL);
            double tol = (double) r.statistics().get("roundingToleranceSeconds") + 1e-9 * bestSplit;
            assertThat(r.solverObjective()).as("seed %d", seed).isCloseTo(bestSplit, within(tol));
            assertThat(PipelineEvaluator.objective(inst, r.plan())).as("seed %d", seed)
                    .isCloseTo(bestSplit, within(tol));
            assertThat(r.bound()).isLessThanOrEqualTo(bestSplit + 1e-12);
            if (bestK > 0 && bestK < layers) {
                splitsOnEdge++;
            }
        }
        // The generator must produce genuine splits, not only all-device or all-edge optima.
        assertThat(splitsOnEdge).isGreaterThanOrEqualTo(2);
    }

    /** Layers 0..k-1 on the device (node 0), k..L-1 on the edge (node 1). */
    private static PipelinePlan split(int layers, int k) {
        int[] device = new int[k];
        int[] edge = new int[layers - k];
        for (int v = 0; v < layers; v++) {
            if (v < k) {
                device[v] = v;
            } else {
                edge[v - k] = v;
            }
        }
        return new PipelinePlan(List.of(device, edge));
    }
}
