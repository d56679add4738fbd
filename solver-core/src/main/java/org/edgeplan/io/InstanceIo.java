package org.edgeplan.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

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

    /** Prefix of {@link #contentHash} values: the algorithm, so that another one could follow. */
    public static final String HASH_PREFIX = "sha256:";

    /**
     * The content hash of an instance, {@code sha256:} and 64 hex digits: SHA-256 of its canonical form, which is
     * the JSON tree this class writes with profile models written out layer by layer, without {@code name} and
     * {@code description}, object keys sorted, integers in decimal and other numbers as their exact binary value
     * ({@link Double#toHexString}). Two instances have one hash exactly when they pose the same problem (the names
     * of devices, nodes, endpoints and layers count: plans refer to them); renaming an instance or editing its
     * description keeps the hash, any change of a number or a structure changes it. An STG graph's instance
     * includes its processors. Stable across runs, machines and Java versions.
     */
    public static String contentHash(Instance instance) {
        JsonNode tree;
        if (instance instanceof MultiExitInstance m) {
            tree = MultiExitJson.write(m, true);
        } else if (instance instanceof PipelineInstance p) {
            tree = PipelineJson.write(p, true);
        } else {
            throw new IllegalArgumentException("unsupported instance type " + instance.getClass().getName());
        }
        ObjectNode content = ((ObjectNode) tree).deepCopy();
        content.remove(List.of("name", "description"));
        StringBuilder sb = new StringBuilder();
        canonical(content, sb);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static void canonical(JsonNode n, StringBuilder sb) {
        if (n.isObject()) {
            List<String> fields = new ArrayList<>();
            n.fieldNames().forEachRemaining(fields::add);
            Collections.sort(fields);
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(TextNode.valueOf(fields.get(i))).append(':');
                canonical(n.get(fields.get(i)), sb);
            }
            sb.append('}');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i == 0 ? "" : ",");
                canonical(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isIntegralNumber()) {
            sb.append(n.bigIntegerValue());
        } else if (n.isNumber()) {
            sb.append(Double.toHexString(n.doubleValue()));
        } else {
            sb.append(n);
        }
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
