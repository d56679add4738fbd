package org.edgeplan.pipeline.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluator;
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
