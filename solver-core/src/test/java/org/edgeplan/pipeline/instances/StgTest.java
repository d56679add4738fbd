package org.edgeplan.pipeline.instances;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.testing.ProjectRoot;

class StgTest {
    private static final Path OPTIMA = ProjectRoot.instances().resolve("stg/optima.csv");

    /** Longest path through the DAG with layer FLOPs as node weights (one pass over the topological order). */
    static double criticalPath(DnnGraph g) {
        double[] finish = new double[g.layerCount()];
        double best = 0;
        for (int v = 0; v < g.layerCount(); v++) {
            double start = 0;
            for (int p = 0; p < g.predecessorCount(v); p++) {
                start = Math.max(start, finish[g.predecessor(v, p)]);
            }
            finish[v] = start + g.layer(v).flops();
            best = Math.max(best, finish[v]);
        }
        return best;
    }

    @Test
    void importedGraphsMatchTheTrailerAndTheTaskSums() {
        List<StgOptima.Entry> entries = StgOptima.read(OPTIMA);
        assertThat(entries).hasSize(70);
        for (StgOptima.Entry entry : entries) {
            Path file = StgOptima.resolve(OPTIMA, entry);
            StgImporter.TaskGraph tg = StgImporter.parse(file);
            PipelineInstance x = StgImporter.read(file, entry.processors());
            DnnGraph g = x.model(0);
            assertThat(g.layerCount()).isEqualTo(Integer.parseInt(entry.set()) + 2);
            assertThat(g.isSource(0)).isTrue();
            assertThat(g.layer(g.sink()).name()).isEqualTo("t" + (g.layerCount() - 1));
            assertThat(g.totalFlops()).isEqualTo((double) tg.totalTime());
            assertThat(criticalPath(g)).as(file.toString()).isEqualTo((double) tg.trailerCriticalPath().orElseThrow());
            assertThat(x.nodeCount()).isEqualTo(entry.processors());
            assertThat(x.subtaskCount()).isEqualTo(g.layerCount());
            assertThat(x.objective()).isEqualTo(PipelineObjective.MAKESPAN);
            for (int n = 0; n < x.nodeCount(); n++) {
                assertThat(x.allowed(0, n)).isTrue();
                assertThat(x.transferSeconds(0, n, g.layer(0).outputBytes())).isZero();
                assertThat(x.computeSeconds(1, n)).isEqualTo(g.layer(1).flops());
            }
            double bound = Math.max(criticalPath(g), Math.ceil(g.totalFlops() / entry.processors()));
            assertThat((double) entry.optimalMakespan()).as(entry.toString()).isGreaterThanOrEqualTo(bound);
        }
    }

    @Test
    void theMissingDummyExitLinesAreRebuiltOnlyWhereMissing() {
        for (String set : List.of("50", "100")) {
            for (int i = 0; i < 10; i++) {
                String file = String.format("stg/%s/rand%04d.stg", set, i);
                StgImporter.TaskGraph tg = StgImporter.parse(ProjectRoot.instances().resolve(file));
                boolean truncated = set.equals("50") && i >= 1 && i <= 6; // as shipped in instances/stg (truncated there)
                assertThat(tg.exitReconstructed()).as(file).isEqualTo(truncated);
                assertThat(tg.times()[tg.taskCount() - 1]).isZero();
            }
        }
    }

    @Test
    void importedInstancesRoundTripThroughJson() {
        PipelineInstance x = StgImporter.read(ProjectRoot.instances().resolve("stg/50/rand0001.stg"), 4);
        assertThat(x.name()).isEqualTo("stg-50-rand0001-p4");
        assertThat(InstanceIo.parse(InstanceIo.toJson(x), "stg")).isEqualTo(x);
    }
}
