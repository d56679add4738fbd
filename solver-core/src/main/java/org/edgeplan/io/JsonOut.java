package org.edgeplan.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.edgeplan.core.InvalidInputException;

/**
 * Writing JSON: numbers that read back to exactly the same double, a stable human-friendly layout (flat
 * objects and scalar arrays on one line when short), and files replaced atomically.
 */
public final class JsonOut {
    private static final int LINE = 130;
    private static final double EXACT_LONG_LIMIT = 9.007199254740992E15; // 2^53

    private JsonOut() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** An integral value as an integer literal, anything else as the shortest decimal that reads back exactly. */
    public static JsonNode number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < EXACT_LONG_LIMIT
                && !(value == 0 && Double.doubleToRawLongBits(value) != 0)) {
            return LongNode.valueOf((long) value);
        }
        return DoubleNode.valueOf(value);
    }

    /** The text of a document: two-space indentation, a final newline. */
    public static String pretty(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb, 0);
        return sb.append('\n').toString();
    }

    private static void write(JsonNode node, StringBuilder sb, int indent) {
        if (!node.isContainerNode()) {
            sb.append(node.toString());
            return;
        }
        if (node.isEmpty()) {
            sb.append(node.isObject() ? "{}" : "[]");
            return;
        }
        if (isFlat(node)) {
            String line = compact(node);
            if (indent + line.length() <= LINE || (node.isArray() && allScalars(node))) {
                sb.append(line);
                return;
            }
        }
        boolean object = node.isObject();
        sb.append(object ? "{\n" : "[\n");
        String pad = " ".repeat(indent + 2);
        boolean first = true;
        if (object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(first ? "" : ",\n").append(pad).append(TextNode.valueOf(e.getKey()).toString()).append(": ");
                write(e.getValue(), sb, indent + 2);
                first = false;
            }
        } else {
            for (JsonNode element : node) {
                sb.append(first ? "" : ",\n").append(pad);
                write(element, sb, indent + 2);
                first = false;
            }
        }
        sb.append('\n').append(" ".repeat(indent)).append(object ? '}' : ']');
    }

    private static boolean allScalars(JsonNode node) {
        for (JsonNode e : node) {
            if (e.isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    /** No containers inside, except arrays of scalars. */
    private static boolean isFlat(JsonNode node) {
        for (JsonNode e : node) {
            if (e.isObject() || (e.isArray() && !allScalars(e))) {
                return false;
            }
        }
        return true;
    }

    private static String compact(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        if (node.isObject()) {
            sb.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(first ? "" : ", ").append(TextNode.valueOf(e.getKey()).toString()).append(": ")
                        .append(e.getValue().isArray() ? compact(e.getValue()) : e.getValue().toString());
                first = false;
            }
            return sb.append('}').toString();
        }
        sb.append('[');
        boolean first = true;
        for (JsonNode e : node) {
            sb.append(first ? "" : ", ").append(e.toString());
            first = false;
        }
        return sb.append(']').toString();
    }

    /** Replaces {@code target} with {@code content} by the rules of {@link AtomicFiles#write(Path, String)}. */
    public static void writeAtomically(Path target, String content) {
        AtomicFiles.write(target, content);
    }

    /** Reads a whole file, with a one-line error naming it. */
    public static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("no such file: " + file);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InvalidInputException("cannot access file: " + file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
    }
}
