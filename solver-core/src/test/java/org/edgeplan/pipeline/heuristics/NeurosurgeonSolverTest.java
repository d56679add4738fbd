package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.edgeplan.pipeline.PipelineFixtures.EPS;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineFixtures;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.junit.jupiter.api.Test;

class NeurosurgeonSolverTest {
    private static final SolverSettings SETTINGS = SolverSettings.defaults().withTimeLimit(5);

    /**
     * dev 1 GFLOP/s, edge 4 GFLOP/s, 8 Mbit/s (1 µs per byte) and 10 ms each way. Input 2e6 B (2.01 s to move);
     * L1 1 GFLOP, out 1e4 B (0.02 s); L2 2 GFLOP, out 2e4 B (0.03 s); L3 0.4 GFLOP; result 1000 B (0.011 s).
     * Latency of one request by split p (layers before p on the device):
     * p = 0: 2.01 + 0.25 + 0.5 + 0.1 + 0.011 = 2.871; p = 1: 1 + 0.02 + 0.5 + 0.1 + 0.011 = 1.631;
     * p = 2: 1 + 2 + 0.03 + 0.1 + 0.011 = 3.141; p = 3: 1 + 2 + 0.4 = 3.4. Best: p = 1.
     */
    static DnnGraph splitChain(double weightBytes) {
        return DnnGraph.chain("m", 2e6, 1000, List.of("L1", "L2", "L3"), new double[] {1e9, 2e9, 4e8},
                new double[] {1e4, 2e4, 10}, new double[] {weightBytes, weightBytes, weightBytes});
    }

    static PipelineInstance splitInstance(List<Double> releases, OptionalLong edgeMemory) {
        return PipelineFixtures.single(List.of(PipelineFixtures.dev(),
                        PipelineFixtures.edge(4e9, edgeMemory, OptionalInt.empty())),
                        PipelineFixtures.bothWays(),
                splitChain(60), releases, List.of(), PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, false);
    }

    /** The evaluator's latency of every split p = 0..3 of the chain (one request): prefix on dev, rest on edge. */
    private static double[] enumerateSplits(PipelineInstance instance) {
        double[] out = new double[4];
        for (int p = 0; p <= 3; p++) {
            int[] nodeOf = new int[3];
            for (int v = 0; v < 3; v++) {
                nodeOf[v] = v < p ? 0 : 1;
            }
            out[p] = PipelineEvaluator.objective(instance, ListScheduler.schedule(instance, nodeOf));
        }
        return out;
    }

    @Test
    void findsTheBestSplitOfAChainAsEnumerationDoes() {
        PipelineInstance instance = splitInstance(List.of(0.0), OptionalLong.empty());
        double[] byEnumeration = enumerateSplits(instance);
        assertThat(byEnumeration[0]).isCloseTo(2.871, within(EPS));
        assertThat(byEnumeration[1]).isCloseTo(1.631, within(EPS));
        assertThat(byEnumeration[2]).isCloseTo(3.141, within(EPS));
        assertThat(byEnumeration[3]).isCloseTo(3.4, within(EPS));

        SolveResult<PipelinePlan> result = new NeurosurgeonSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(result.solverObjective()).isCloseTo(Arrays.stream(byEnumeration).min().orElseThrow(), within(EPS));
        assertThat(result.plan().queue(0)).containsExactly(0);
        assertThat(result.plan().queue(1)).containsExactly(1, 2);
        assertThat(result.bound()).isNaN();
    }

    @Test
    void aloneLatencyOfEveryCandidateMatchesTheEvaluator() {
        PipelineInstance instance = splitInstance(List.of(0.0), OptionalLong.empty());
        double[] byEnumeration = enumerateSplits(instance);
        List<NeurosurgeonSolver.Split> candidates = NeurosurgeonSolver.candidates(instance, 0);
        // All on the device first, then p = 2, 1, 0 on the one server.
        assertThat(candidates).extracting(NeurosurgeonSolver.Split::splitIndex).containsExactly(3, 2, 1, 0);
        for (NeurosurgeonSolver.Split split : candidates) {
            assertThat(split.latencySeconds()).isCloseTo(byEnumeration[split.splitIndex()], within(EPS));
        }
    }

    @Test
    void ignoresContentionAndUsesOneSplitForEveryRequest() {
        // Three requests at once: alone, p = 1 is best, and Neurosurgeon keeps it for every request.
        PipelineInstance instance = splitInstance(List.of(0.0, 0.0, 0.0), OptionalLong.empty());
        SolveResult<PipelinePlan> result = new NeurosurgeonSolver().solve(instance, SETTINGS);
        int[] nodeOf = result.plan().nodeOf(instance.subtaskCount());
        assertThat(nodeOf).containsExactly(0, 1, 1, 0, 1, 1, 0, 1, 1);
        assertThat(PipelineEvaluator.evaluate(instance, result.plan()).objective())
                .isEqualTo(result.solverObjective());
        // Device: L1 of r0, r1, r2 at 0..1, 1..2, 2..3; each L2 on edge after 0.02 s transfer (0.5 s), L3 0.1 s.
        // r0: L2 1.02..1.52, L3 1.52..1.62, back 1.631. r1: L2 2.02..2.52, L3 ..2.62, 2.631. r2: 3.631. Sum 7.893.
        assertThat(result.solverObjective()).isCloseTo(7.893, within(EPS));
    }

    @Test
    void choosesOnlySplitsWhoseWeightsFitTheMemory() {
        // 60 B per layer, edge memory 100 B: at most one layer on the edge, so p = 2 (3.141) beats device-only (3.4).
        PipelineInstance instance = splitInstance(List.of(0.0), OptionalLong.of(100));
        SolveResult<PipelinePlan> result = new NeurosurgeonSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(result.plan().queue(1)).containsExactly(2);
        assertThat(result.solverObjective()).isCloseTo(3.141, within(EPS));
    }

    @Test
    void infeasibleWhenNothingFitsWithTheReason() {
        // The device may not be used and the edge has room for no layer.
        PipelineInstance instance = PipelineFixtures.single(List.of(PipelineFixtures.dev(),
                        PipelineFixtures.edge(4e9, OptionalLong.of(10), OptionalInt.empty())),
                        PipelineFixtures.bothWays(),
                splitChain(60), List.of(0.0), List.of("edge"), PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY,
                false);
        SolveResult<PipelinePlan> result = new NeurosurgeonSolver().solve(instance, SETTINGS);
        assertThat(result.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(result.plan()).isNull();
        assertThat(result.message()).contains("neurosurgeon", "endpoint 'cam'", "memory");
    }
}
