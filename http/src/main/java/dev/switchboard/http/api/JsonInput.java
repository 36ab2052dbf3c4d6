package dev.switchboard.http.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JSON object of a request body, read field by field. Every accessor names the field by its
 * path ({@code queue.overflowAction.type}, {@code escalation[1].requirements[0].minLevel}) in the
 * {@link ApiException} it throws, so a client learns exactly what was wrong. Absent and {@code
 * null} mean the same: not given.
 */
final class JsonInput {
    private final ObjectNode node;
    private final String path;

    private JsonInput(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** Parses a request body that must be a JSON object. */
    static JsonInput parse(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0 || isBlank(body)) {
            throw ApiException.malformed("the request needs a JSON body");
        }
        return root(read(mapper, body));
    }

    /** Parses a body that may be absent: no body reads as an empty object. */
    static JsonInput parseOptional(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0 || isBlank(body)) {
            return new JsonInput(mapper.createObjectNode(), "");
        }
        return root(read(mapper, body));
    }

    /** Parses any JSON value (for bodies that are maps or arrays). */
    static JsonNode read(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0 || isBlank(body)) {
            throw ApiException.malformed("the request needs a JSON body");
        }
        try {
            JsonNode tree = mapper.readTree(body);
            if (tree == null || tree.isMissingNode()) {
                throw ApiException.malformed("the request needs a JSON body");
            }
            return tree;
        } catch (JacksonException e) {
            // The parser's message quotes the input, never anything secret; keep only its first line.
            throw ApiException.malformed("the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw ApiException.malformed("the body could not be read");
        }
    }

    /** A nested object found by hand (e.g. an item of an array inside a map), at {@code path}. */
    static JsonInput at(JsonNode node, String path) {
        if (!(node instanceof ObjectNode object)) {
            throw ApiException.wrongType(path, "an object");
        }
        return new JsonInput(object, path);
    }

    static JsonInput root(JsonNode tree) {
        if (!(tree instanceof ObjectNode object)) {
            throw new ApiException(400, "WRONG_TYPE", null, "the body must be a JSON object");
        }
        return new JsonInput(object, "");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unexpected input";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** The path of a field of this object. */
    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    String path() {
        return path;
    }

    /** Refuses fields other than {@code names}: a typo must not silently fall back to a default. */
    JsonInput allowOnly(String... names) {
        Set<String> allowed = Set.of(names);
        Set<String> unknown = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            if (!allowed.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new ApiException(
                    400,
                    "UNKNOWN_FIELD",
                    field(first),
                    field(first) + " is not a known field (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
        }
        return this;
    }

    private JsonNode value(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String name) {
        return value(name) != null;
    }

    /** Whether the field is present, even if {@code null} (to tell "set to null" from "not given"). */
    boolean present(String name) {
        return node.has(name);
    }

    String string(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.wrongType(field(name), "a string");
        }
        return v.textValue();
    }

    String requireString(String name) {
        String s = string(name);
        if (s == null) {
            throw ApiException.missing(field(name));
        }
        return s;
    }

    Boolean bool(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw ApiException.wrongType(field(name), "true or false");
        }
        return v.booleanValue();
    }

    boolean bool(String name, boolean fallback) {
        Boolean b = bool(name);
        return b == null ? fallback : b;
    }

    boolean requireBool(String name) {
        Boolean b = bool(name);
        if (b == null) {
            throw ApiException.missing(field(name));
        }
        return b;
    }

    Integer integer(String name) {
        return integerOf(value(name), field(name));
    }

    int integer(String name, int fallback) {
        Integer i = integer(name);
        return i == null ? fallback : i;
    }

    int requireInteger(String name) {
        Integer i = integer(name);
        if (i == null) {
            throw ApiException.missing(field(name));
        }
        return i;
    }

    static Integer integerOf(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw ApiException.wrongType(field, "an integer");
        }
        if (!v.canConvertToInt()) {
            throw ApiException.invalid(field, "is out of range");
        }
        return v.intValue();
    }

    Long longValue(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw ApiException.wrongType(field(name), "an integer");
        }
        if (!v.canConvertToLong()) {
            throw ApiException.invalid(field(name), "is out of range");
        }
        return v.longValue();
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        return enumOf(value(name), field(name), type);
    }

    <E extends Enum<E>> E requireEnum(String name, Class<E> type) {
        E e = enumValue(name, type);
        if (e == null) {
            throw ApiException.missing(field(name));
        }
        return e;
    }

    static <E extends Enum<E>> E enumOf(JsonNode v, String field, Class<E> type) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.wrongType(field, "a string");
        }
        String text = v.textValue().strip();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw ApiException.invalid(
                field,
                "must be one of "
                        + String.join(
                                ", ",
                                Arrays.stream(type.getEnumConstants())
                                        .map(Enum::name)
                                        .toList()));
    }

    /** A nested object, or null when absent. */
    JsonInput object(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ObjectNode o)) {
            throw ApiException.wrongType(field(name), "an object");
        }
        return new JsonInput(o, field(name));
    }

    /** An array of objects, or null when absent. */
    List<JsonInput> objects(String name) {
        List<JsonNode> items = array(name);
        if (items == null) {
            return null;
        }
        List<JsonInput> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = field(name) + "[" + i + "]";
            if (!(items.get(i) instanceof ObjectNode o)) {
                throw ApiException.wrongType(itemPath, "an object");
            }
            out.add(new JsonInput(o, itemPath));
        }
        return out;
    }

    /** An array of strings, or null when absent. */
    List<String> strings(String name) {
        List<JsonNode> items = array(name);
        if (items == null) {
            return null;
        }
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!item.isTextual()) {
                throw ApiException.wrongType(field(name) + "[" + i + "]", "a string");
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** The raw items of an array, or null when absent. */
    List<JsonNode> array(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw ApiException.wrongType(field(name), "an array");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    /** The entries of a JSON object used as a map, in document order; null when absent. */
    Map<String, JsonNode> map(String name) {
        JsonNode v = value(name);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw ApiException.wrongType(field(name), "an object");
        }
        return entries(v);
    }

    static Map<String, JsonNode> entries(JsonNode object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
