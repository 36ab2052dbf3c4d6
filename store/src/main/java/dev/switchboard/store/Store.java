package dev.switchboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.switchboard.engine.codec.CoreJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open database with the current schema: a connection pool, migrated by Flyway on open. One
 * per process; tenants share it (every table has a tenant column).
 */
public final class Store implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Store.class);

    /** The embedded database's file name (H2 adds {@code .mv.db}). */
    public static final String EMBEDDED_NAME = "switchboard";

    /**
     * Settings every H2 URL gets: PostgreSQL compatibility so one set of migrations serves both,
     * and WRITE_DELAY=0 so that a commit is written to the file before it returns — with H2's
     * default delay (500 ms) an acknowledged command could be lost when the process is killed.
     */
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    private final HikariDataSource dataSource;
    private final Database database;
    private final String description;
    private final ObjectMapper json = CoreJson.mapper();
    /** For the embedded H2 file database: the chunk housekeeping WRITE_DELAY=0 switches off. */
    private final H2Housekeeping housekeeping;

    /** How often the H2 housekeeping runs. */
    static final Duration H2_HOUSEKEEPING_EVERY = Duration.ofSeconds(5);

    private Store(HikariDataSource dataSource, Database database, String description, String url) {
        this.dataSource = dataSource;
        this.database = database;
        this.description = description;
        this.housekeeping =
                database == Database.H2 && !url.toUpperCase(Locale.ROOT).startsWith("JDBC:H2:MEM:")
                        ? H2Housekeeping.start(dataSource, H2_HOUSEKEEPING_EVERY)
                        : null;
    }

    /**
     * Connects, migrates the schema and returns the store.
     *
     * @throws StoreException with a message that says what is wrong (unreachable, bad URL, bad
     *     credentials, failed migration) and never contains the password
     */
    public static Store open(StoreConfig config) {
        String url = resolveUrl(config);
        Database database = databaseOf(url);
        String shown = StoreConfig.redact(url);
        checkReachable(url, config, shown);

        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("switchboard-store");
        hikari.setJdbcUrl(url);
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setAutoCommit(true);
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(10_000);
        if (config.schema() != null) {
            hikari.setSchema(config.schema());
        }
        if (database == Database.POSTGRESQL) {
            // An acknowledged command must survive a crash of the database server too, whatever
            // the server's default says.
            hikari.setConnectionInitSql("SET synchronous_commit TO on");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException("cannot connect to " + shown + ": " + rootMessage(e), e);
        }
        try {
            migrate(dataSource, config.schema());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        log.info("store ready: {} ({})", shown, database);
        return new Store(dataSource, database, shown, url);
    }

    private static void migrate(DataSource dataSource, String schema) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true);
        if (schema != null) {
            flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
        }
        try {
            var result = flyway.load().migrate();
            if (result.migrationsExecuted > 0) {
                log.info(
                        "migrated the schema to version {} ({} migrations)",
                        result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StoreException("migrating the database schema failed: " + e.getMessage(), e);
        }
    }

    /** The JDBC URL the config means: the embedded default, or the given one with H2 settings made safe. */
    static String resolveUrl(StoreConfig config) {
        if (config.embedded()) {
            Path dir = config.dataDirectory().toAbsolutePath().normalize();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StoreException("cannot create the data directory " + dir + ": " + e.getMessage(), e);
            }
            return "jdbc:h2:file:" + dir.resolve(EMBEDDED_NAME) + H2_SETTINGS;
        }
        String url = config.jdbcUrl();
        if (databaseOf(url) == Database.H2) {
            return h2Url(url);
        }
        return url;
    }

    /** Adds the settings H2 needs unless the URL already sets them; refuses ones that lose data. */
    static String h2Url(String url) {
        String upper = url.toUpperCase(Locale.ROOT);
        boolean inMemory = upper.startsWith("JDBC:H2:MEM:");
        StringBuilder out = new StringBuilder(url);
        Matcher mode = Pattern.compile(";MODE=([^;]*)").matcher(upper);
        if (mode.find()) {
            if (!mode.group(1).equals("POSTGRESQL")) {
                throw new StoreException("the H2 URL sets MODE=" + mode.group(1)
                        + "; the store needs MODE=PostgreSQL (leave MODE out and it is added)");
            }
        } else {
            out.append(";MODE=PostgreSQL");
        }
        for (String setting : new String[] {"DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH"}) {
            String name = setting.substring(0, setting.indexOf('='));
            if (!upper.contains(";" + name + "=")) {
                out.append(';').append(setting);
            }
        }
        Matcher delay = Pattern.compile(";WRITE_DELAY=([^;]*)").matcher(upper);
        if (delay.find()) {
            if (!inMemory && !delay.group(1).strip().equals("0")) {
                throw new StoreException("the H2 URL sets WRITE_DELAY=" + delay.group(1)
                        + ": commits would be written late and an acknowledged command could be lost;"
                        + " leave WRITE_DELAY out (the store sets 0)");
            }
        } else if (!inMemory) {
            out.append(";WRITE_DELAY=0");
        }
        if (!upper.contains(";DB_CLOSE_ON_EXIT=")) {
            out.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        return out.toString();
    }

    static Database databaseOf(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:h2:")) {
            return Database.H2;
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return Database.POSTGRESQL;
        }
        throw new StoreException("unsupported database URL " + StoreConfig.redact(url)
                + ": expected jdbc:postgresql://host:5432/database or jdbc:h2:file:/path/name");
    }

    /**
     * Opens one plain connection first: its error says precisely what is wrong, where a pool
     * would say "timeout". Creates the schema on H2, where a connection cannot select a
     * schema that does not exist yet.
     */
    private static void checkReachable(String url, StoreConfig config, String shown) {
        Properties props = new Properties();
        if (config.user() != null) {
            props.setProperty("user", config.user());
        }
        if (config.password() != null) {
            props.setProperty("password", config.password());
        }
        if (databaseOf(url) == Database.POSTGRESQL) {
            props.setProperty("connectTimeout", "10");
        }
        try (Connection c = DriverManager.getConnection(url, props)) {
            if (config.schema() != null && databaseOf(url) == Database.H2) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + config.schema());
                }
            }
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")";
            String message = e.getMessage() == null ? "" : redactSecret(e.getMessage(), config.password());
            throw new StoreException("cannot connect to " + shown + ": " + message + state, e);
        }
    }

    private static String redactSecret(String message, String password) {
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Database database() {
        return database;
    }

    /** The mapper for core values (CoreJson): the one JSON form of events, configs and state. */
    public ObjectMapper json() {
        return json;
    }

    /** The database URL without secrets, for logs and the dashboard. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        dataSource.close();
    }
}
