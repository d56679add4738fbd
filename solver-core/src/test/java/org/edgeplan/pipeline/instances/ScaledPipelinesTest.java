package org.edgeplan.pipeline.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;

class ScaledPipelinesTest {

    @Test
    void sizesFollowTheParameters() {
        PipelineInstance p = ScaledPipelines.of("vgg5", 3, 2, 4, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        assertThat(p.subtaskCount()).isEqualTo(3 * 4 * 7);
        assertThat(p.nodes()).hasSize(5);
        assertThat(p.name()).isEqualTo("scaled-vgg5-e3-s2-r4-dynamic");
        PipelineInstance dag = ScaledPipelines.of("resnet18", 1, 1, 2, PlacementMode.STATIC,
                PipelineObjective.MAKESPAN);
        assertThat(dag.subtaskCount()).isEqualTo(2 * 31);
        assertThat(dag.mode()).isEqualTo(PlacementMode.STATIC);
    }

    @Test
    void aCloudNodeJoinsTheEdgesWhenAsked() {
        PipelineInstance plain = ScaledPipelines.of("resnet18", 2, 2, 3, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        PipelineInstance cloud = ScaledPipelines.of("resnet18", 2, 2, 3, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY, true);
        assertThat(cloud.name()).isEqualTo("scaled-resnet18-e2-s2-r3-dynamic-cloud");
        assertThat(cloud.nodeCount()).isEqualTo(plain.nodeCount() + 1);
        assertThat(cloud.nodes().subList(0, plain.nodeCount())).isEqualTo(plain.nodes());
        int c = cloud.nodeIndex("cloud");
        assertThat(c).isEqualTo(plain.nodeCount());
        assertThat(cloud.node(c).kind()).isEqualTo(NodeKind.CLOUD);
        assertThat(cloud.node(c).speedFlopsPerSecond()).isEqualTo(ScaledPipelines.CLOUD_GFLOPS * 1e9);
        for (int e = 0; e < cloud.endpointCount(); e++) {
            assertThat(cloud.allowed(e, c)).isTrue();
            // a WAN uplink: 40 ms and 20 Mbit/s
            assertThat(cloud.transferSeconds(cloud.deviceOf(e), c, 0)).isEqualTo(0.040);
        }
        assertThat(cloud.transferSeconds(cloud.nodeIndex("edge-1"), c, 0)).isEqualTo(0.015);
        assertThat(cloud.description()).contains("a cloud (1000 GFLOP/s)").endsWith("186 subtasks, 5 nodes.");
        assertThat(plain.description()).doesNotContain("cloud");
    }

    @Test
    void sameParametersGiveTheSameInstanceAndItRoundTrips() {
        PipelineInstance a = ScaledPipelines.of("vgg16", 2, 3, 3, PlacementMode.STATIC, PipelineObjective.MAKESPAN);
        PipelineInstance b = ScaledPipelines.of("vgg16", 2, 3, 3, PlacementMode.STATIC, PipelineObjective.MAKESPAN);
        String json = InstanceIo.toJson(a);
        assertThat(json).isEqualTo(InstanceIo.toJson(b));
        assertThat(InstanceIo.toJson(InstanceIo.parse(json, "scaled.json"))).isEqualTo(json);
    }

    @Test
    void deviceOnlyIsFeasibleSoEveryInstanceHasAPlan() {
        PipelineInstance p = ScaledPipelines.of("resnet18", 2, 2, 3, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        var result = new PipelineDeviceOnlySolver().solve(p, new SolverSettings(10, 0, 1));
        assertThat(result.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(PipelineEvaluator.evaluate(p, result.plan()).feasible()).isTrue();
    }

    @Test
    void badParametersAreRefusedWithTheirNames() {
        assertThatThrownBy(() -> ScaledPipelines.of("vgg5", 0, 1, 1, PlacementMode.STATIC,
                PipelineObjective.MAKESPAN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("endpoints");
        assertThatThrownBy(() -> ScaledPipelines.of("alexnet", 1, 1, 1, PlacementMode.STATIC,
                PipelineObjective.MAKESPAN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("alexnet");
    }
}
