package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.Plan;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.testing.ProjectRoot;

class PlanIoTest {
    private final MultiExitInstance image =
            InstanceIo.readMultiExit(ProjectRoot.instances().resolve("multi-exit/ma2025-image.json"));
    private final PipelineInstance medium =
            InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/medium.json"));

    static MultiExitPlan multiExitPlan(MultiExitInstance x) {
        int m = x.deviceCount();
        int[] splits = new int[m];
        double[] shares = new double[m];
        for (int i = 0; i < m; i++) {
            splits[i] = i % (x.layerCount() + 1);
            shares[i] = 1.0 / m;
        }
        return new MultiExitPlan(ExitSet.of(x.layerCount(), 2, 5, 9), splits, shares);
    }

    /** Every subtask on its endpoint's device, in id order; the second-to-last node gets request 0 of endpoint 2. */
    static PipelinePlan pipelinePlan(PipelineInstance x) {
        List<List<Integer>> q = new ArrayList<>();
        for (int n = 0; n < x.nodeCount(); n++) {
            q.add(new ArrayList<>());
        }
        for (int id = 0; id < x.subtaskCount(); id++) {
            int e = x.subtaskEndpoint(id);
            int n = e == 2 && x.subtaskRequest(id) == 0 ? x.nodeCount() - 1 : x.deviceOf(e);
            q.get(n).add(id);
        }
        return new PipelinePlan(q.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList());
    }

    @Test
    void multiExitPlansRoundTrip(@TempDir Path tmp) {
        MultiExitPlan plan = multiExitPlan(image);
        assertThat(PlanIo.parse(PlanIo.toJson(plan, image), image, "p.json")).isEqualTo(plan);
        Path file = tmp.resolve("plan.json");
        PlanIo.write(plan, image, file);
        assertThat(PlanIo.read(file, image)).isEqualTo(plan);
    }

    @Test
    void pipelinePlansRoundTrip(@TempDir Path tmp) {
        PipelinePlan plan = pipelinePlan(medium);
        String json = PlanIo.toJson(plan, medium);
        assertThat(json).contains("\"jetson-1-cam/0/layer1.0.conv1\"");
        assertThat(PlanIo.parse(json, medium, "p.json")).isEqualTo(plan);
        Path file = tmp.resolve("plan.json");
        PlanIo.write(plan, medium, file);
        assertThat(PlanIo.read(file, medium)).isEqualTo(plan);
    }

    @Test
    void devicesMayComeInAnyOrderAndExitsDefault() {
        String json = """
                {"problem": "multi-exit", "instance": "ma2025-image", "devices": [
                  {"name": "img-dev5", "split": 13, "share": 0}, {"name": "img-dev4", "split": 0, "share": 0.25},
                  {"name": "img-dev3", "split": 3, "share": 0.25}, {"name": "img-dev2", "split": 4, "share": 0.25},
                  {"name": "img-dev1", "split": 5, "share": 0.25}]}""";
        MultiExitPlan plan = (MultiExitPlan) PlanIo.parse(json, image, "p.json");
        assertThat(plan.splits()).containsExactly(5, 4, 3, 0, 13);
        assertThat(plan.exits()).isEqualTo(image.defaultExits());
    }

    private static void fails(String json, org.edgeplan.core.Instance x, String expected) {
        assertThatThrownBy(() -> PlanIo.parse(json, x, "plan.json"))
                .isInstanceOf(InvalidInputException.class).hasMessage(expected);
    }

    @Test
    void badPlansAreNamed() {
        fails("""
                {"problem": "multi-exit", "instance": "ma2025-image", "devices": [{"name": "phone", "split": 1, "share": 0}]}""",
                image, "plan.json: $.devices[0].name: unknown device \"phone\"; devices: "
                        + "[img-dev1, img-dev2, img-dev3, img-dev4, img-dev5]");
        fails("""
                {"problem": "multi-exit", "instance": "ma2025-image", "devices": [{"name": "img-dev1", "split": 1, "share": 0}]}""",
                image, "plan.json: $.devices: device \"img-dev2\" is missing");
        fails("""
                {"problem": "multi-exit", "instance": "ma2025-video", "devices": []}""",
                image, "plan.json: $.instance: plan is for instance \"ma2025-video\", not \"ma2025-image\"");
        fails("""
                {"problem": "multi-exit", "instance": "ma2025-image", "devices": [{"name": "img-dev1", "split": "1", "share": 0}]}""",
                image, "plan.json: $.devices[0].split: expected an integer, got a string \"1\"");
        fails("""
                {"problem": "pipeline", "instance": "pipeline-medium", "queues": {"edge-9": []}}""",
                medium, "plan.json: $.queues.edge-9: unknown node \"edge-9\"; nodes: "
                        + "[pi-1, pi-2, jetson-1, jetson-2, edge-1, edge-2]");
        fails("""
                {"problem": "pipeline", "instance": "pipeline-medium", "queues": {"edge-1": ["pi-1-cam/0/conv1", "pi-1-cam/10/conv1"]}}""",
                medium, "plan.json: $.queues.edge-1[1]: unknown subtask \"pi-1-cam/10/conv1\", expected "
                        + "endpoint/request/layer with an existing endpoint, request index and layer");
        fails("""
                {"problem": "pipeline", "instance": "pipeline-medium", "queues": {}, "order": 1}""",
                medium, "plan.json: $: unknown field \"order\"; allowed: problem, instance, queues");
        fails("""
                {"problem": "multi-exit", "instance": "pipeline-medium", "devices": []}""",
                medium, "plan.json: $.problem: plan is for a \"multi-exit\" instance, but instance 'pipeline-medium' is \"pipeline\"");
    }

    @Test
    void aFailedWriteLeavesTheExistingFileIntact(@TempDir Path tmp) throws IOException {
        Path file = tmp.resolve("plan.json");
        Files.writeString(file, "precious");
        Plan wrong = multiExitPlan(image);
        assertThatThrownBy(() -> PlanIo.write(wrong, medium, file)).isInstanceOf(InvalidInputException.class);
        assertThat(Files.readString(file)).isEqualTo("precious");
        try (var s = Files.list(tmp)) {
            assertThat(s.toList()).containsExactly(file);
        }
    }
}
