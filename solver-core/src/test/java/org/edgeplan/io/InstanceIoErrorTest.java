package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.edgeplan.core.InvalidInputException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One test per class of bad input; each message is one line naming the source, the JSON path and the value. */
class InstanceIoErrorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String MULTI_EXIT = """
            {"problem": "multi-exit", "name": "t", "model": {"profile": "vgg16-224"},
             "edge": {"speedFlopsPerSecond": 1e12},
             "devices": [
               {"name": "a", "speedFlopsPerSecond": 5e10, "computePowerWatts": 1, "transmitPowerWatts": 0.1,
                "bandwidthBitsPerSecond": 1e7, "exitProbabilities": [0,0,0,0,0,0,0,0,0,0,0,0,1]},
               {"name": "b", "speedFlopsPerSecond": 5e10, "computePowerWatts": 1, "transmitPowerWatts": 0.1,
                "bandwidthBitsPerSecond": 1e7, "exitProbabilities": [0,0,0,0,0,0,0,0,0,0,0,0.5,0.5]},
               {"name": "c", "speedFlopsPerSecond": 5e10, "computePowerWatts": 1, "transmitPowerWatts": 0.1,
                "bandwidthBitsPerSecond": 1e7, "exitProbabilities": [0,0,0,0,0,0,0,0,0,0,0,0,1]}
             ]}""";

    private static final String PIPELINE = """
            {"problem": "pipeline", "name": "p",
             "nodes": [{"name": "dev", "kind": "device", "speedFlopsPerSecond": 1e9},
                       {"name": "edge", "kind": "edge", "speedFlopsPerSecond": 1e11}],
             "links": [{"from": "dev", "to": "edge", "bandwidthBitsPerSecond": 1e7, "latencySeconds": 0.005}],
             "models": {"m": {"inputBytes": 100, "resultBytes": 4, "layers": [
                 {"name": "a", "flops": 10, "outputBytes": 5, "inputs": []},
                 {"name": "b", "flops": 10, "outputBytes": 5, "inputs": ["a"]},
                 {"name": "c", "flops": 10, "outputBytes": 5, "inputs": ["b"]}]}},
             "endpoints": [{"name": "e", "device": "dev", "model": "m", "requests": {"count": 2, "periodSeconds": 0.1}}]}""";

    private static String edit(String json, Consumer<ObjectNode> change) {
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(json);
            change.accept(root);
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void fails(String json, String expected) {
        assertThatThrownBy(() -> InstanceIo.parse(json, "bad.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void baseDocumentsAreValid() {
        assertThat(InstanceIo.parse(MULTI_EXIT, "ok").name()).isEqualTo("t");
        assertThat(InstanceIo.parse(PIPELINE, "ok").name()).isEqualTo("p");
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        assertThatThrownBy(() -> InstanceIo.parse("{\"problem\": \"pipeline\",\n  \"name\": }", "bad.json"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("bad.json: malformed JSON at line 2, column 11: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> InstanceIo.parse("{\"a\": 1, \"a\": 2}", "dup.json"))
                .hasMessageStartingWith("dup.json: malformed JSON at line 1").hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> InstanceIo.parse("", "empty.json")).hasMessageStartingWith("empty.json: ");
    }

    @Test
    void missingFieldIsNamed() {
        fails(edit(MULTI_EXIT, r -> ((ObjectNode) r.get("devices").get(1)).remove("speedFlopsPerSecond")),
                "bad.json: $.devices[1].speedFlopsPerSecond: required field is missing");
        fails(edit(PIPELINE, r -> r.remove("problem")), "bad.json: $.problem: required field is missing");
    }

    @Test
    void wrongTypeIsNamed() {
        fails(edit(MULTI_EXIT, r -> ((ObjectNode) r.get("edge")).put("speedFlopsPerSecond", "fast")),
                "bad.json: $.edge.speedFlopsPerSecond: expected a number, got a string \"fast\"");
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("endpoints").get(0).get("requests")).put("count", 2.5)),
                "bad.json: $.endpoints[0].requests.count: expected an integer, got 2.5");
        fails(edit(PIPELINE, r -> r.put("nodes", "dev")),
                "bad.json: $.nodes: expected an array, got a string \"dev\"");
    }

    @Test
    void negativeSpeedIsRefused() {
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("nodes").get(1)).put("speedFlopsPerSecond", -5)),
                "bad.json: $.nodes[1].speedFlopsPerSecond: must be positive, got -5");
        fails(edit(MULTI_EXIT, r -> ((ObjectNode) r.get("devices").get(2)).put("speedFlopsPerSecond", 0)),
                "bad.json: $.devices[2].speedFlopsPerSecond: must be positive, got 0");
    }

    @Test
    void nonPositiveBandwidthIsRefusedWhereNotAllowed() {
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("links").get(0)).put("bandwidthBitsPerSecond", 0)),
                "bad.json: $.links[0].bandwidthBitsPerSecond: must be positive, got 0");
        fails(edit(MULTI_EXIT, r -> ((ObjectNode) r.get("devices").get(0)).put("bandwidthBitsPerSecond", -1e6)),
                "bad.json: $.devices[0].bandwidthBitsPerSecond: must be >= 0, got -1000000.0");
        // 0 is allowed for a multi-exit device: the edge is unreachable, it must run everything itself
        assertThat(InstanceIo.parse(edit(MULTI_EXIT,
                r -> ((ObjectNode) r.get("devices").get(0)).put("bandwidthBitsPerSecond", 0)), "ok")).isNotNull();
    }

    @Test
    void probabilitiesNotSummingToOneNeedNormalize() {
        String json = edit(MULTI_EXIT, r -> ((ArrayNode) r.get("devices").get(2).get("exitProbabilities")).set(0, 0.03));
        fails(json, "bad.json: $.devices[2].exitProbabilities: sum to 1.03, expected 1 ± 1e-6; "
                + "set \"normalize\": true to rescale");
        assertThat(InstanceIo.parse(edit(json, r -> r.put("normalize", true)), "ok")).isNotNull();
        String percent = edit(MULTI_EXIT, r -> r.put("exitProbabilityUnit", "percent"));
        fails(percent, "bad.json: $.devices[0].exitProbabilities: sum to 0.01 (1 percent), expected 1 ± 1e-6; "
                + "set \"normalize\": true to rescale");
        fails(edit(MULTI_EXIT, r -> ((ArrayNode) r.get("devices").get(1).get("exitProbabilities")).set(3, -0.1)),
                "bad.json: $.devices[1].exitProbabilities[3]: must be >= 0, got -0.1");
        fails(edit(MULTI_EXIT, r -> ((ArrayNode) r.get("devices").get(1).get("exitProbabilities")).remove(0)),
                "bad.json: $.devices[1].exitProbabilities: has 12 values, the model has 13 layers");
    }

    @Test
    void cycleIsRefusedWithTheModelPath() {
        fails(edit(PIPELINE, r -> ((ArrayNode) r.get("models").get("m").get("layers").get(0).get("inputs")).add("c")),
                "bad.json: $.models.m: model 'm': layers form a cycle through [a, b, c]");
    }

    @Test
    void unknownLayerInputIsNamed() {
        fails(edit(PIPELINE, r -> ((ArrayNode) r.get("models").get("m").get("layers").get(2).get("inputs")).add("z")),
                "bad.json: $.models.m.layers[2].inputs[1]: unknown layer \"z\" (not a layer of this model)");
    }

    @Test
    void danglingLayerIsRefusedWithTheModelPath() {
        fails(edit(PIPELINE, r -> ((ArrayNode) r.get("models").get("m").get("layers")).addObject()
                        .put("name", "d").put("flops", 1).put("outputBytes", 1).putArray("inputs").add("a")),
                "bad.json: $.models.m: model 'm': needs exactly one output layer (a layer nobody reads), found 2: "
                        + "[c, d]; dangling layers must feed the output");
    }

    @Test
    void unknownReferencesAreNamed() {
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("endpoints").get(0)).put("model", "resnet")),
                "bad.json: $.endpoints[0].model: unknown model \"resnet\"; models: [m]");
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("endpoints").get(0)).put("device", "phone")),
                "bad.json: $.endpoints[0].device: unknown node \"phone\"; nodes: [dev, edge]");
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("endpoints").get(0)).put("device", "edge")),
                "bad.json: $.endpoints[0].device: \"edge\" is an edge node, not a device");
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("links").get(0)).put("to", "cloud")),
                "bad.json: $.links[0].to: unknown node \"cloud\"; nodes: [dev, edge]");
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("endpoints").get(0)).putArray("allowedNodes").add("dev").add("x")),
                "bad.json: $.endpoints[0].allowedNodes[1]: unknown node \"x\"; nodes: [dev, edge]");
        fails(edit(MULTI_EXIT, r -> ((ObjectNode) r.get("model")).put("profile", "vgg19")),
                "bad.json: $.model.profile: unknown profile 'vgg19', known profiles: [resnet18-224, vgg16-224, vgg5-cifar10]");
        fails(edit(MULTI_EXIT, r -> ((ObjectNode) r.get("devices").get(2)).put("name", "a")),
                "bad.json: $.devices[2].name: \"a\" is already the name of $.devices[0]");
        fails(edit(PIPELINE, r -> r.put("problem", "pipelines")),
                "bad.json: $.problem: unknown value \"pipelines\", expected one of [multi-exit, pipeline]");
    }

    @Test
    void unknownFieldsAreNamed() {
        fails(edit(MULTI_EXIT, r -> ((ObjectNode) r.get("devices").get(0)).put("speedFlopPerSecond", 1)),
                "bad.json: $.devices[0]: unknown field \"speedFlopPerSecond\"; allowed: name, speedFlopsPerSecond, "
                        + "computePowerWatts, transmitPowerWatts, bandwidthBitsPerSecond, exitProbabilities");
        fails(edit(PIPELINE, r -> r.put("objectve", "makespan").put("zzz", 1)),
                "bad.json: $: unknown fields \"objectve\", \"zzz\"; allowed: problem, name, description, mode, "
                        + "objective, linkExclusive, nodes, links, defaultLink, models, endpoints");
    }

    @Test
    void zeroDevicesAreRefused() {
        fails(edit(MULTI_EXIT, r -> r.putArray("devices")),
                "bad.json: $.devices: needs at least one device, got none (M = 0)");
    }

    @Test
    void badExitsAndRequestsAreNamed() {
        fails(edit(MULTI_EXIT, r -> r.putArray("exits").add(3).add(14)),
                "bad.json: $.exits[1]: exit layer must lie in 1..13, got 14");
        fails(edit(MULTI_EXIT, r -> r.putArray("exits").add(3)),
                "bad.json: $.exits: must contain the final layer 13, got [3]");
        fails(edit(PIPELINE, r -> ((ObjectNode) r.get("endpoints").get(0)).putObject("requests")
                        .putArray("releaseTimesSeconds").add(0.2).add(0.1)),
                "bad.json: $.endpoints[0].requests.releaseTimesSeconds[1]: release times must not decrease, got 0.1 after 0.2");
        fails(edit(PIPELINE, r -> r.put("mode", "semi")),
                "bad.json: $.mode: unknown value \"semi\", expected one of [static, dynamic]");
    }
}
