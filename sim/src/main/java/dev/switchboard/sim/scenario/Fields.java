package dev.switchboard.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.sim.random.Distribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads one YAML mapping with its path, so every error names the field ("services.support.
 * calls_per_hour: must be ≥ 0"); {@link #done()} refuses keys nobody asked for, which catches typos.
 */
final class Fields {
    private final JsonNode node;
    private final String path;
    private final Set<String> known = new LinkedHashSet<>();

    Fields(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new ScenarioException(path.isEmpty() ? "scenario" : path, "must be a mapping of keys to values");
        }
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        known.add(key);
        return node.get(key);
    }

    /** The keys of this mapping, in file order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    Fields object(String key) {
        known.add(key);
        return new Fields(node.get(key), at(key));
    }

    String string(String key, String fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isValueNode()) {
            throw new ScenarioException(at(key), "must be a single value");
        }
        return v.asText();
    }

    double number(String key, double fallback, double min, double max) {
        if (!has(key)) {
            return fallback;
        }
        return number(node.get(key), at(key), min, max);
    }

    static double number(JsonNode v, String where, double min, double max) {
        if (!v.isNumber()) {
            throw new ScenarioException(where, "must be a number (was " + describe(v) + ")");
        }
        double d = v.asDouble();
        if (!(d >= min) || !(d <= max)) {
            throw new ScenarioException(
                    where, "must be between " + fmt(min) + " and " + fmt(max) + " (was " + fmt(d) + ")");
        }
        return d;
    }

    int integer(String key, int fallback, int min, int max) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber()) {
            throw new ScenarioException(at(key), "must be a whole number (was " + describe(v) + ")");
        }
        long l = v.asLong();
        if (l < min || l > max) {
            throw new ScenarioException(at(key), "must be between " + min + " and " + max + " (was " + l + ")");
        }
        return (int) l;
    }

    long longValue(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ScenarioException(at(key), "must be a whole number (was " + describe(v) + ")");
        }
        return v.asLong();
    }

    boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw new ScenarioException(at(key), "must be true or false (was " + describe(v) + ")");
        }
        return v.asBoolean();
    }

    Duration seconds(String key, Duration fallback, double min, double max) {
        if (!has(key)) {
            return fallback;
        }
        return Duration.ofNanos(Math.round(number(key, 0, min, max) * 1e9));
    }

    /** A clock time "HH:MM" or "HH:MM:SS" (00:00–24:00) as the offset from midnight. */
    Duration clock(String key, Duration fallback) {
        if (!has(key)) {
            return fallback;
        }
        return clock(node.get(key), at(key));
    }

    static Duration clock(JsonNode v, String where) {
        String text = v.isValueNode() ? v.asText().strip() : "";
        String[] parts = text.split(":");
        try {
            if (parts.length < 2 || parts.length > 3) {
                throw new NumberFormatException();
            }
            int h = Integer.parseInt(parts[0]);
            int m = Integer.parseInt(parts[1]);
            int s = parts.length == 3 ? Integer.parseInt(parts[2]) : 0;
            if (h < 0 || m < 0 || m > 59 || s < 0 || s > 59 || h > 24 || (h == 24 && (m > 0 || s > 0))) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(h * 3600L + m * 60L + s);
        } catch (NumberFormatException e) {
            throw new ScenarioException(
                    where, "must be a clock time HH:MM between 00:00 and 24:00 (was " + describe(v) + ")");
        }
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        if (!has(key)) {
            return fallback;
        }
        return enumValue(node.get(key), at(key), type);
    }

    static <E extends Enum<E>> E enumValue(JsonNode v, String where, Class<E> type) {
        String text =
                v.isTextual() ? v.asText().strip().toUpperCase(Locale.ROOT).replace('-', '_') : "";
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        throw new ScenarioException(where, "must be one of " + choices(type) + " (was " + describe(v) + ")");
    }

    static <E extends Enum<E>> String choices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", names);
    }

    List<JsonNode> list(String key) {
        if (!has(key)) {
            return List.of();
        }
        JsonNode v = node.get(key);
        if (!v.isArray()) {
            throw new ScenarioException(at(key), "must be a list");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /**
     * A duration distribution: a number (fixed seconds), {@code none}, or a mapping with {@code
     * distribution} (fixed, uniform, exponential, lognormal) and its parameters.
     */
    Distribution distribution(String key, Distribution fallback, boolean noneAllowed) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        String where = at(key);
        if (v.isNumber()) {
            return new Distribution.Fixed(number(v, where, 0, 1e9));
        }
        if (v.isTextual() && v.asText().strip().equalsIgnoreCase("none")) {
            if (!noneAllowed) {
                throw new ScenarioException(where, "cannot be none");
            }
            return new Distribution.Never();
        }
        if (!v.isObject()) {
            throw new ScenarioException(
                    where,
                    "must be a number of seconds, " + (noneAllowed ? "none, " : "")
                            + "or a mapping such as {distribution: exponential, mean_seconds: 180} (was "
                            + describe(v) + ")");
        }
        Fields d = new Fields(v, where);
        String kind = d.string("distribution", null);
        if (kind == null) {
            throw new ScenarioException(d.at("distribution"), "is required: fixed, uniform, exponential or lognormal");
        }
        double cap = d.number("max_seconds", Double.POSITIVE_INFINITY, 1e-9, 1e9);
        Distribution out = switch (kind.strip().toLowerCase(Locale.ROOT)) {
            case "fixed" -> new Distribution.Fixed(d.required("seconds", 0, 1e9));
            case "uniform" -> {
                double min = d.required("min_seconds", 0, 1e9);
                double max = d.required("max_seconds", min, 1e9);
                yield new Distribution.Uniform(min, max);
            }
            case "exponential" -> new Distribution.Exponential(d.required("mean_seconds", 1e-9, 1e9), cap);
            case "lognormal" ->
                new Distribution.Lognormal(
                        d.required("mean_seconds", 1e-9, 1e9), d.required("sd_seconds", 1e-9, 1e9), cap);
            default ->
                throw new ScenarioException(
                        d.at("distribution"), "must be fixed, uniform, exponential or lognormal (was " + kind + ")");
        };
        d.done();
        return out;
    }

    double required(String key, double min, double max) {
        if (!has(key)) {
            throw new ScenarioException(at(key), "is required");
        }
        return number(key, 0, min, max);
    }

    /** Refuses keys that were never read: they are typos or unsupported. */
    void done() {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                throw new ScenarioException(at(key), "unknown field (known here: " + String.join(", ", known) + ")");
            }
        }
    }

    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "nothing";
        }
        if (v.isContainerNode()) {
            return v.isArray() ? "a list" : "a mapping";
        }
        String text = v.asText();
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    static String fmt(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "∞" : "-∞";
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
