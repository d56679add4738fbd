package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlotsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void cumulativeStepsCountValuesAtOrBelowX() {
        double[][] steps = Plots.cumulativeSteps(new double[] {1, 3, INF, 1.5}, 1, 10);
        assertThat(steps[0]).containsExactly(1, 1.5, 3, 10);
        assertThat(steps[1]).containsExactly(0.25, 0.5, 0.75, 0.75);
    }

    @Test
    void performanceRatiosAgainstTheFastestSolverPerInstanceAndSeed() {
        // SampleBatch, multi-exit: exhaustive reaches 1 % at 0.2 s everywhere; greedy at 0.05 s with seed 2
        // (gap 0.5 %) and never with seed 1 (gap 10 %).
        Statistics stats = Statistics.of(SampleBatch.records(), SampleBatch.bestKnown());
        Map<String, double[]> ratios = Plots.timeRatios(stats, "multi-exit");
        assertThat(ratios).containsOnlyKeys("exhaustive", "greedy");
        // Pairs sorted by instance then seed: cam-bw20 s1, s2, cam-bw5 s1, s2, cam-bw80 s1, s2.
        assertThat(ratios.get("exhaustive")).containsExactly(1, 4, 1, 4, 1, 4);
        assertThat(ratios.get("greedy")).containsExactly(INF, 1, INF, 1, INF, 1);
    }

    @Test
    void bandwidthSweepsAreGroupedByBaseName() {
        assertThat(Plots.bandwidthBase("cam-bw20")).isEqualTo("cam");
        assertThat(Plots.bandwidthBase("video-4dev-bw0.5")).isEqualTo("video-4dev");
        assertThat(Plots.bandwidthBase("plain")).isEqualTo("plain");
        Statistics stats = Statistics.of(SampleBatch.records(), SampleBatch.bestKnown());
        assertThat(Plots.bandwidthBases(stats)).containsExactly("cam");
    }

    @Test
    void decadesAndFileNames() {
        assertThat(Plots.decadeBelow(0.25)).isCloseTo(0.1, within(1e-15));
        assertThat(Plots.decadeAbove(0.25)).isCloseTo(1.0, within(1e-15));
        assertThat(Plots.decadeAbove(10)).isCloseTo(10.0, within(1e-12));
        assertThat(Plots.decadeBelow(10)).isCloseTo(10.0, within(1e-12));
        assertThat(Plots.fileName("Multi Exit/ä")).isEqualTo("multi_exit_");
    }

    @Test
    void chartsWithoutDataAreSkipped() {
        Statistics stats = Statistics.of(List.of(Runs.run("x", "s", 1, "infeasible", Double.NaN, 1)), Map.of());
        Plots.Rendered rendered = Plots.render(stats);
        assertThat(rendered.failures()).isEmpty();
        assertThat(rendered.plots()).isEmpty();
    }
}
