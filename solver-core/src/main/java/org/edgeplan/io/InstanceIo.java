package org.edgeplan.io;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitJson;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineJson;

/**
 * Reads and writes problem instances as JSON (formats in {@code instances/README.md}, schemas in
 * {@code instances/schema/}). The field {@code "problem"} selects the family: {@code "multi-exit"} or
 * {@code "pipeline"}.
 *
 * <p>Every error is one {@link InvalidInputException} line naming the source, the JSON path of the bad field
 * and the bad value. Unknown fields are errors. Writing and reading back gives an equal instance, and files are
 * replaced atomically.
 */
public final class InstanceIo {
    private InstanceIo() {
    }

    /** Reads an instance file; errors name the file. */
    public static Instance read(Path file) {
        return parse(JsonOut.readFile(file), String.valueOf(file.getFileName()));
    }

    /** Parses an instance; {@code sourceName} starts every error message. */
    public static Instance parse(String json, String sourceName) {
        JsonIn in = new JsonIn(sourceName);
        JsonNode root = in.object(in.parse(json), "$");
        String problem = in.choice(root, "$", "problem", null, List.of("multi-exit", "pipeline"));
        return switch (problem) {
            case "multi-exit" -> MultiExitJson.read(in, root);
            case "pipeline" -> PipelineJson.read(in, root);
            default -> throw new IllegalStateException(problem);
        };
    }

    /** Reads a file that must hold a problem-A instance. */
    public static MultiExitInstance readMultiExit(Path file) {
        Instance x = read(file);
        if (x instanceof MultiExitInstance m) {
            return m;
        }
        throw new InvalidInputException(file.getFileName() + ": $.problem: expected \"multi-exit\", got \""
                + x.kind().label() + "\"");
    }

    /** Reads a file that must hold a problem-B instance. */
    public static PipelineInstance readPipeline(Path file) {
        Instance x = read(file);
        if (x instanceof PipelineInstance p) {
            return p;
        }
        throw new InvalidInputException(file.getFileName() + ": $.problem: expected \"pipeline\", got \""
                + x.kind().label() + "\"");
    }

    /** The JSON tree of an instance. */
    public static JsonNode toJsonNode(Instance instance) {
        if (instance instanceof MultiExitInstance m) {
            return MultiExitJson.write(m);
        }
        if (instance instanceof PipelineInstance p) {
            return PipelineJson.write(p);
        }
        throw new IllegalArgumentException("unsupported instance type " + instance.getClass().getName());
    }

    /** The JSON text of an instance (stable layout, final newline). */
    public static String toJson(Instance instance) {
        return JsonOut.pretty(toJsonNode(instance));
    }

    /** Writes an instance; the file is replaced atomically, an existing file survives any failure. */
    public static void write(Instance instance, Path file) {
        JsonOut.writeAtomically(file, toJson(instance));
    }
}
