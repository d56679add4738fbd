package org.edgeplan.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;

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

    /**
     * Heap bytes per byte of a file read whole and parsed: its bytes, its text and the JSON tree made of it (a
     * number of a few characters becomes a node of 24 bytes and a reference to it).
     */
    static final int HEAP_BYTES_PER_FILE_BYTE = 8;
    /** The largest file read: a Java string holds at most 2^31 - 1 characters. */
    static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /**
     * Reads a whole file, with a one-line error naming it. Only a regular file (or a link to one) is read: a
     * directory, a FIFO or a device ({@code /dev/zero}) is refused, and so is a file too large for this JVM's heap
     * ({@value #HEAP_BYTES_PER_FILE_BYTE} times its size, {@link MemoryBudget}) or for a Java string, before reading.
     */
    public static String readFile(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new InvalidInputException("cannot read " + file + ": it is a directory, expected a file");
            }
            if (!attributes.isRegularFile()) {
                throw new InvalidInputException("cannot read " + file + ": it is not a regular file (a FIFO, socket"
                        + " or device)");
            }
            long bytes = attributes.size();
            if (bytes > MAX_FILE_BYTES) {
                throw new InvalidInputException(file + ": " + MemoryBudget.size(bytes) + " is more than the "
                        + MemoryBudget.size(MAX_FILE_BYTES) + " a file read whole may have");
            }
            MemoryBudget.require(file + ": reading and parsing this " + MemoryBudget.size(bytes) + " file takes "
                    + HEAP_BYTES_PER_FILE_BYTE + " times its size", MemoryBudget.product(bytes, HEAP_BYTES_PER_FILE_BYTE));
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
