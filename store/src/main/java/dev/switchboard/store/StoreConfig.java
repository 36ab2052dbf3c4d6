package dev.switchboard.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the store keeps its data.
 *
 * <p>Without a JDBC URL the store is an embedded H2 file database {@code switchboard} in the data
 * directory. With one, it is that database: {@code jdbc:postgresql://host:5432/db} in production.
 * The password never appears in {@link #toString()}.
 *
 * @param jdbcUrl the database, or null for the embedded default
 * @param user the database user, or null
 * @param password the password, or null
 * @param dataDirectory where the embedded database lives (ignored with a JDBC URL)
 * @param schema the schema to use and migrate, or null for the connection's default
 * @param maxPoolSize connections in the pool
 */
public record StoreConfig(
        String jdbcUrl, String user, String password, Path dataDirectory, String schema, int maxPoolSize) {

    /** The default data directory, relative to the working directory. */
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");

    public static final int DEFAULT_POOL_SIZE = 8;

    public StoreConfig {
        jdbcUrl = blankToNull(jdbcUrl);
        user = blankToNull(user);
        schema = blankToNull(schema);
        dataDirectory = dataDirectory == null ? DEFAULT_DATA_DIRECTORY : dataDirectory;
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, was " + maxPoolSize);
        }
        if (schema != null && !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("schema must be a plain SQL identifier (letters, digits, _)");
        }
    }

    /** The embedded H2 database in {@code dataDirectory}. */
    public static StoreConfig embedded(Path dataDirectory) {
        return new StoreConfig(null, null, null, dataDirectory, null, DEFAULT_POOL_SIZE);
    }

    /** A database given by its JDBC URL. */
    public static StoreConfig jdbc(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return new StoreConfig(jdbcUrl, user, password, null, null, DEFAULT_POOL_SIZE);
    }

    /**
     * Reads {@code SWITCHBOARD_DB_URL}, {@code SWITCHBOARD_DB_USER}, {@code SWITCHBOARD_DB_PASSWORD}
     * or {@code SWITCHBOARD_DB_PASSWORD_FILE} (a file whose first line is the password, for
     * container secrets) and {@code SWITCHBOARD_DB_SCHEMA}; without a URL, the embedded database
     * in {@code dataDirectory}.
     */
    public static StoreConfig fromEnvironment(Map<String, String> env, Path dataDirectory) {
        String password = env.get("SWITCHBOARD_DB_PASSWORD");
        String passwordFile = blankToNull(env.get("SWITCHBOARD_DB_PASSWORD_FILE"));
        if (blankToNull(password) == null && passwordFile != null) {
            password = readPasswordFile(Path.of(passwordFile));
        }
        return new StoreConfig(
                env.get("SWITCHBOARD_DB_URL"),
                env.get("SWITCHBOARD_DB_USER"),
                password,
                dataDirectory,
                env.get("SWITCHBOARD_DB_SCHEMA"),
                DEFAULT_POOL_SIZE);
    }

    /** The first line of a file, trimmed: how container secrets hand over a password. */
    public static String readPasswordFile(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            int newline = content.indexOf('\n');
            return (newline < 0 ? content : content.substring(0, newline)).strip();
        } catch (IOException e) {
            throw new StoreException("cannot read the database password file " + file + ": "
                    + e.getClass().getSimpleName());
        }
    }

    public StoreConfig withSchema(String value) {
        return new StoreConfig(jdbcUrl, user, password, dataDirectory, value, maxPoolSize);
    }

    public StoreConfig withMaxPoolSize(int value) {
        return new StoreConfig(jdbcUrl, user, password, dataDirectory, schema, value);
    }

    public boolean embedded() {
        return jdbcUrl == null;
    }

    @Override
    public String toString() {
        return "StoreConfig[jdbcUrl="
                + (jdbcUrl == null ? "(embedded H2 in " + dataDirectory + ")" : redact(jdbcUrl))
                + ", user=" + user + ", password=" + (password == null ? "(none)" : "(set)") + ", schema="
                + schema + ", maxPoolSize=" + maxPoolSize + "]";
    }

    /** The URL with the value of any password parameter hidden, for logs and messages. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl == null
                ? null
                : jdbcUrl.replaceAll("(?i)(password|passwd|pwd)=[^&;]*", "$1=***")
                        .replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
