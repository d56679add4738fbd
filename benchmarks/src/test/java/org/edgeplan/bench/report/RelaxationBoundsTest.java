package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;
import org.edgeplan.testing.ProjectRoot;

class RelaxationBoundsTest {
    static Path instancesRoot() {
        return ProjectRoot.instances();
    }

    private static final String MEDIUM = InstanceIo.contentHash(InstanceIo.read(instancesRoot()
            .resolve("pipeline/medium.json")));

    private static RunRecord run(String solver, double objective, double bound) {
        Map<String, String> machine = new LinkedHashMap<>();
        return new RunRecord("t", "pipeline/medium.json", 0, "pipeline-medium", "pipeline", Map.of(), solver, 0, 10, 1,
                "feasible", objective, objective, bound, 1, 1, Double.NaN, List.of(), "", "v", machine, "", "", MEDIUM);
    }

    @Test
    void pipelineInstancesGetTheirRelaxationBoundAndTheReportShowsIt() {
        double lb = PipelineLowerBound.of(InstanceIo.readPipeline(instancesRoot().resolve("pipeline/medium.json")))
                .seconds();
        List<RunRecord> records = List.of(run("heft", 1.5, Double.NaN), run("neurosurgeon", 0.8, Double.NaN));
        Map<String, BestKnown> merged = RelaxationBounds.merge(records, Map.of(), instancesRoot());
        assertThat(merged.get(MEDIUM).bound()).isEqualTo(lb);
        assertThat(merged.get(MEDIUM).objective()).isNaN();

        Statistics stats = Statistics.of(records, merged);
        InstanceSummary s = stats.instances().get(0);
        assertThat(s.reference()).isEqualTo(0.8);
        assertThat(s.bestBound()).isEqualTo(lb);
        assertThat(s.referenceGapToBound()).isCloseTo((0.8 - lb) / 0.8, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(Summaries.instanceTable(stats, "pipeline").markdown()).contains("best bound").contains("relaxation")
                // each plan's certified gap: (objective - best bound) / objective, where nothing is proven
                .contains("1.5 (87.5 %; certified " + Format.percent((1.5 - lb) / 1.5) + ")")
                .contains("0.8 (0 %; certified " + Format.percent((0.8 - lb) / 0.8) + ")");
    }

    @Test
    void aBetterRunBoundWinsAndAKnownHigherBoundIsKept() {
        List<RunRecord> records = List.of(run("cp-sat", 0.8, 0.7999), run("heft", 1.5, Double.NaN));
        Map<String, BestKnown> known = Map.of(MEDIUM,
                new BestKnown("pipeline-medium", MEDIUM, 0.8, false, 0.79999, "cp-sat", "file"));
        Map<String, BestKnown> merged = RelaxationBounds.merge(records, known, instancesRoot());
        assertThat(merged.get(MEDIUM).bound()).isEqualTo(0.79999);
        assertThat(merged.get(MEDIUM).source()).isEqualTo("file");
        InstanceSummary s = Statistics.of(records, merged).instances().get(0);
        assertThat(s.bestBound()).isEqualTo(0.79999);
        // A record bound above the known one is taken from the batch.
        InstanceSummary t = Statistics.of(List.of(run("cp-sat", 0.8, 0.799995)), merged).instances().get(0);
        assertThat(t.bestBound()).isEqualTo(0.799995);
        assertThat(t.boundSource()).isEqualTo("cp-sat seed 0");
    }

    @Test
    void multiExitAndMissingFilesAreLeftAlone() {
        RunRecord other = new RunRecord("t", "multi-exit/nope.json", 0, "x", "multi-exit", Map.of(), "aco", 0, 10, 1,
                "feasible", 1, 1, Double.NaN, 1, 1, Double.NaN, List.of(), "", "v", Map.of(), "");
        RunRecord missing = new RunRecord("t", "pipeline/nope.json", 0, "y", "pipeline", Map.of(), "heft", 0, 10, 1,
                "feasible", 1, 1, Double.NaN, 1, 1, Double.NaN, List.of(), "", "v", Map.of(), "");
        assertThat(RelaxationBounds.merge(List.of(other, missing), Map.of(), instancesRoot())).isEmpty();
    }

    @Test
    void aRecordOfEarlierFileContentGetsNoBoundOfTheFileAsItIsNow() {
        RunRecord stale = new RunRecord("t", "pipeline/medium.json", 0, "pipeline-medium", "pipeline", Map.of(), "heft",
                0, 10, 1, "feasible", 1, 1, Double.NaN, 1, 1, Double.NaN, List.of(), "", "v", Map.of(), "", "",
                "sha256:" + "0".repeat(64));
        assertThat(RelaxationBounds.merge(List.of(stale), Map.of(), instancesRoot())).isEmpty();
    }
}
