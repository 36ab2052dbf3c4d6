package dev.switchboard.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.presence.graph.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict reading of YAML configuration: every error names the field, unknown keys are refused
 * (a typo never falls back to a default), and secrets come only from {@code {env: NAME}} or
 * {@code {file: PATH}}. The configuration loaders extend it.
 */
public abstract class YamlFields {
    protected static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    protected static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    protected final Function<String, String> environment;
    /** Relative paths in the file are relative to the file's folder. */
    protected Path baseDir = Path.of(".");

    protected YamlFields(Function<String, String> environment) {
        this.environment = environment;
    }

    protected Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
    }

    protected static String readText(Path file, String field) throws ConfigException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(field, "cannot read " + file);
        }
    }

    protected Secret secret(JsonNode parent, String at, String field) throws ConfigException {
        String f = join(at, field);
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new ConfigException(f, "missing: give {env: NAME} or {file: PATH}");
        }
        if (!node.isObject()) {
            throw new ConfigException(
                    f, "plain-text secrets are not allowed in the file; give {env: NAME} or {file: PATH}");
        }
        allowOnly(node, f, "env", "file");
        if (node.has("env") == node.has("file")) {
            throw new ConfigException(f, "give exactly one of env or file");
        }
        if (node.has("env")) {
            String name = text(node, f, "env");
            if (environment.apply(name) == null) {
                throw new ConfigException(f + ".env", "environment variable " + name + " is not set");
            }
            return Secret.fromEnvironment(name);
        }
        Path file = resolve(text(node, f, "file"));
        if (!Files.isReadable(file)) {
            throw new ConfigException(f + ".file", "cannot read " + file);
        }
        return Secret.fromFile(file);
    }

    protected static void object(JsonNode node, String at) throws ConfigException {
        if (node == null || !node.isObject()) {
            throw new ConfigException(at, "must be a mapping");
        }
    }

    protected static void array(JsonNode node, String at) throws ConfigException {
        if (!node.isArray()) {
            throw new ConfigException(at, "must be a list");
        }
    }

    protected static void allowOnly(JsonNode node, String at, String... keys) throws ConfigException {
        Set<String> allowed = Set.of(keys);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            String k = fields.next().getKey();
            if (!allowed.contains(k)) {
                throw new ConfigException(join(at, k), "unknown setting (allowed: " + String.join(", ", keys) + ")");
            }
        }
    }

    protected static String text(JsonNode parent, String at, String field) throws ConfigException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull() || node.asText().isBlank()) {
            throw new ConfigException(join(at, field), "missing");
        }
        if (!node.isValueNode()) {
            throw new ConfigException(join(at, field), "must be a single value");
        }
        return node.asText().strip();
    }

    protected static List<String> strings(JsonNode parent, String at, String field) throws ConfigException {
        JsonNode node = parent.get(field);
        List<String> result = new ArrayList<>();
        if (node == null) {
            return result;
        }
        array(node, join(at, field));
        for (JsonNode n : node) {
            result.add(n.asText());
        }
        return result;
    }

    protected static String guid(JsonNode parent, String at, String field) throws ConfigException {
        String v = text(parent, at, field);
        if (!GUID.matcher(v).matches()) {
            throw new ConfigException(join(at, field), "must be a GUID, got '" + v + "'");
        }
        return v;
    }

    protected static String url(JsonNode parent, String at, String field) throws ConfigException {
        String v = text(parent, at, field);
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new URISyntaxException(v, "no scheme or host");
            }
            if (!u.getScheme().equals("https") && !u.getScheme().equals("http")) {
                throw new URISyntaxException(v, "not http(s)");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(join(at, field), "not a valid http(s) URL: '" + v + "'");
        }
        return v;
    }

    protected static int integer(JsonNode parent, String at, String field, int min, int max) throws ConfigException {
        JsonNode node = parent.get(field);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new ConfigException(join(at, field), "must be a whole number");
        }
        int v = node.asInt();
        if (v < min || v > max) {
            throw new ConfigException(join(at, field), "must be between " + min + " and " + max);
        }
        return v;
    }

    protected static Duration durationOr(JsonNode parent, String at, String field, Duration fallback)
            throws ConfigException {
        return parent.has(field) ? duration(parent, at, field) : fallback;
    }

    /** {@code 200ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT5M}). */
    protected static Duration duration(JsonNode parent, String at, String field) throws ConfigException {
        String v = text(parent, at, field);
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            Duration d = Duration.parse(v);
            if (d.isNegative()) {
                throw new ConfigException(join(at, field), "must not be negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new ConfigException(join(at, field), "not a duration (e.g. 200ms, 30s, 5m, 1h): '" + v + "'");
        }
    }

    /** {@code parent.field}, or just {@code field} at the top level. */
    protected static String join(String at, String field) {
        return at == null || at.isEmpty() ? field : at + "." + field;
    }
}
