package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;

import org.edgeplan.core.Instance;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.instances.StgImporter;
import org.edgeplan.testing.ProjectRoot;

/** Every shipped instance, and written plans, validate against the schemas in {@code instances/schema/}. */
class SchemaTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static JsonSchema schema(String name) throws IOException {
        return FACTORY.getSchema(Files.readString(ProjectRoot.instances().resolve("schema").resolve(name)));
    }

    @Test
    void everyShippedInstanceMatchesItsSchema() throws IOException {
        JsonSchema multiExit = schema("multi-exit.schema.json");
        JsonSchema pipeline = schema("pipeline.schema.json");
        for (Path file : ProjectRoot.instanceFiles()) {
            JsonNode doc = MAPPER.readTree(Files.readString(file));
            JsonSchema s = doc.get("problem").asText().equals("multi-exit") ? multiExit : pipeline;
            Set<ValidationMessage> errors = s.validate(doc);
            assertThat(errors).as(file.toString()).isEmpty();
        }
    }

    @Test
    void writtenPlansAndImportedStgInstancesMatchTheirSchemas() throws IOException {
        MultiExitInstance image = InstanceIo.readMultiExit(ProjectRoot.instances().resolve("multi-exit/ma2025-image.json"));
        PipelineInstance small = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/small.json"));
        assertThat(schema("multi-exit-plan.schema.json").validate(
                PlanIo.toJsonNode(PlanIoTest.multiExitPlan(image), image))).isEmpty();
        assertThat(schema("pipeline-plan.schema.json").validate(
                PlanIo.toJsonNode(PlanIoTest.pipelinePlan(small), small))).isEmpty();
        Instance stg = StgImporter.read(ProjectRoot.instances().resolve("stg/100/rand0003.stg"), 8);
        assertThat(schema("pipeline.schema.json").validate(InstanceIo.toJsonNode(stg))).isEmpty();
    }

    @Test
    void theSchemaRejectsATypo() throws IOException {
        JsonNode doc = MAPPER.readTree(Files.readString(ProjectRoot.instances().resolve("pipeline/small.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).put("objectve", "makespan");
        assertThat(schema("pipeline.schema.json").validate(doc)).isNotEmpty();
    }
}
