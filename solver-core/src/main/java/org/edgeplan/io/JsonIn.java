package org.edgeplan.io;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.edgeplan.core.InvalidInputException;

/**
 * Reading a JSON tree with errors that name the source, the JSON path of the bad field and the bad value:
 * {@code file.json: $.nodes[1].speedFlopsPerSecond: must be positive, got -5}. Used by the instance, plan and policy
 * readers. Trailing content after the value, duplicate keys and comments are errors.
 */
public final class JsonIn {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final String source;

    public JsonIn(String source) {
        this.source = source == null || source.isBlank() ? "<json>" : source;
    }

    public String source() {
        return source;
    }

    /** Parses text into a tree; malformed JSON gives one line with the line and column. */
    public JsonNode parse(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new InvalidInputException(source + ": empty input, expected a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            String what = describe(e);
            if (e.getLocation() != null) {
                return fail(source + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ": " + what);
            }
            return fail(source + ": malformed JSON: " + what);
        }
    }

    /**
     * The parser's complaint in one line; a duplicate key also names the JSON path of the object that holds it
     * ({@code Duplicate field 'glob' in $.instances[1]}). For every Jackson reader (JSON, YAML).
     */
    public static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? "syntax error" : e.getOriginalMessage();
        what = what.lines().findFirst().orElse("syntax error").trim();
        if (what.startsWith("Duplicate field") && e.getProcessor() instanceof JsonParser parser) {
            int end = what.indexOf(" for `");
            what = (end > 0 ? what.substring(0, end) : what) + " in " + path(parser.getParsingContext());
        }
        return what;
    }

    /** {@code $.a.b[2]} of a parser's context (the object or array being read). */
    private static String path(JsonStreamContext context) {
        List<JsonStreamContext> chain = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.add(0, c);
        }
        String path = "$";
        for (int i = 0; i + 1 < chain.size(); i++) {
            JsonStreamContext parent = chain.get(i);
            if (parent.inArray()) {
                path = index(path, parent.getCurrentIndex());
            } else if (parent.getCurrentName() != null) {
                path = child(path, parent.getCurrentName());
            }
        }
        return path;
    }

    private static JsonNode fail(String message) {
        throw new InvalidInputException(message);
    }

    public InvalidInputException error(String path, String message) {
        return new InvalidInputException(source + ": " + path + ": " + message);
    }

    /** Re-throws a model constructor's complaint with the path of the object it came from. */
    public InvalidInputException wrap(String path, InvalidInputException e) {
        return error(path, e.getMessage());
    }

    public static String child(String path, String field) {
        return IDENTIFIER.matcher(field).matches() ? path + "." + field
                : path + "['" + field.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    public static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** The value as it appears in JSON, shortened. */
    public static String show(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** A number with at most 6 significant digits, as in {@code sum to 1.26}. */
    public static String brief(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    public static String typeOf(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return "null";
    }

    public JsonNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw error(path, "expected an object, got " + typeOf(node) + " " + show(node));
        }
        return node;
    }

    /** Rejects fields not in {@code allowed}, naming them (typos must not pass silently). */
    public void allowOnly(JsonNode object, String path, List<String> allowed) {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                unknown.add(f);
            }
        }
        if (!unknown.isEmpty()) {
            String names = String.join(", ", unknown.stream().map(u -> "\"" + u + "\"").toList());
            throw error(path, "unknown field" + (unknown.size() > 1 ? "s " : " ") + names + "; allowed: "
                    + String.join(", ", allowed));
        }
    }

    public boolean has(JsonNode object, String field) {
        JsonNode v = object.get(field);
        return v != null && !v.isNull();
    }

    public JsonNode required(JsonNode object, String path, String field) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) {
            throw error(child(path, field), "required field is missing");
        }
        return v;
    }

    public String text(JsonNode object, String path, String field) {
        return textValue(required(object, path, field), child(path, field));
    }

    public String text(JsonNode object, String path, String field, String fallback) {
        return has(object, field) ? text(object, path, field) : fallback;
    }

    public String textValue(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw error(path, "expected a string, got " + typeOf(v) + " " + show(v));
        }
        return v.textValue();
    }

    /** One of the given labels. */
    public String choice(JsonNode object, String path, String field, String fallback, List<String> labels) {
        String value = fallback == null ? text(object, path, field) : text(object, path, field, fallback);
        if (!labels.contains(value)) {
            throw error(child(path, field), "unknown value \"" + value + "\", expected one of " + labels);
        }
        return value;
    }

    public boolean bool(JsonNode object, String path, String field, boolean fallback) {
        return has(object, field) ? bool(object, path, field) : fallback;
    }

    public boolean bool(JsonNode object, String path, String field) {
        JsonNode v = required(object, path, field);
        if (!v.isBoolean()) {
            throw error(child(path, field), "expected true or false, got " + typeOf(v) + " " + show(v));
        }
        return v.booleanValue();
    }

    public double numberValue(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw error(path, "expected a number, got " + typeOf(v) + " " + show(v));
        }
        double d = v.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw error(path, "must be a finite number, got " + show(v));
        }
        return d;
    }

    public double number(JsonNode object, String path, String field) {
        return numberValue(required(object, path, field), child(path, field));
    }

    public double positive(JsonNode object, String path, String field) {
        JsonNode v = required(object, path, field);
        double d = numberValue(v, child(path, field));
        if (!(d > 0)) {
            throw error(child(path, field), "must be positive, got " + show(v));
        }
        return d;
    }

    public double nonNegativeValue(JsonNode v, String path) {
        double d = numberValue(v, path);
        if (!(d >= 0)) {
            throw error(path, "must be >= 0, got " + show(v));
        }
        return d;
    }

    public double nonNegative(JsonNode object, String path, String field) {
        return nonNegativeValue(required(object, path, field), child(path, field));
    }

    public double nonNegative(JsonNode object, String path, String field, double fallback) {
        return has(object, field) ? nonNegative(object, path, field) : fallback;
    }

    public long integerValue(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw error(path, "expected an integer, got " + typeOf(v) + " " + show(v));
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        double d = v.doubleValue();
        if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return (long) d;
        }
        throw error(path, "expected an integer, got " + show(v));
    }

    public int intValue(JsonNode v, String path) {
        long l = integerValue(v, path);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw error(path, "integer out of range, got " + show(v));
        }
        return (int) l;
    }

    public int integer(JsonNode object, String path, String field) {
        return intValue(required(object, path, field), child(path, field));
    }

    /** A required integer that may exceed the {@code int} range (seeds, counts). */
    public long longInteger(JsonNode object, String path, String field) {
        return integerValue(required(object, path, field), child(path, field));
    }

    public JsonNode array(JsonNode object, String path, String field) {
        JsonNode v = required(object, path, field);
        if (!v.isArray()) {
            throw error(child(path, field), "expected an array, got " + typeOf(v) + " " + show(v));
        }
        return v;
    }

    /** An array of finite numbers. */
    public double[] numbers(JsonNode object, String path, String field) {
        JsonNode a = array(object, path, field);
        return IntStream.range(0, a.size()).mapToDouble(i -> numberValue(a.get(i), index(child(path, field), i)))
                .toArray();
    }

    /** An array of {@code int} values. */
    public int[] integers(JsonNode object, String path, String field) {
        JsonNode a = array(object, path, field);
        return IntStream.range(0, a.size()).map(i -> intValue(a.get(i), index(child(path, field), i))).toArray();
    }

    public List<String> texts(JsonNode object, String path, String field) {
        JsonNode a = array(object, path, field);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(textValue(a.get(i), index(child(path, field), i)));
        }
        return out;
    }
}
