package dev.switchboard.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A database for one test class: an H2 file database in a temporary directory, or a fresh schema
 * in the PostgreSQL test database that is dropped afterwards.
 */
public abstract sealed class TestDatabase implements AutoCloseable {
    /** Why the PostgreSQL tests are skipped when they are. */
    public static final String POSTGRES_NOT_SELECTED = "PostgreSQL tests are not selected: set"
            + " SWITCHBOARD_TEST_POSTGRES=1 to run them against PostgreSQL on 127.0.0.1:5432, database test"
            + " (override with SWITCHBOARD_TEST_POSTGRES_URL / _USER)";

    /** The store configuration of this database. */
    public abstract StoreConfig config();

    public abstract String name();

    @Override
    public abstract void close();

    /** An H2 file database in a new temporary directory, deleted on close. */
    public static TestDatabase h2() {
        return new H2();
    }

    /**
     * A new schema in the PostgreSQL test database; skips the calling test class unless
     * SWITCHBOARD_TEST_POSTGRES=1, and then fails (does not skip) if PostgreSQL is unreachable.
     */
    public static TestDatabase postgres() {
        Assumptions.assumeTrue(Postgres.selected(), POSTGRES_NOT_SELECTED);
        return new Postgres();
    }

    static final class H2 extends TestDatabase {
        private final Path dir;

        H2() {
            try {
                dir = Files.createTempDirectory("switchboard-store-test");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public StoreConfig config() {
            return StoreConfig.embedded(dir);
        }

        public Path directory() {
            return dir;
        }

        @Override
        public String name() {
            return "H2";
        }

        @Override
        public void close() {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory; nothing to worry about
            }
        }
    }

    static final class Postgres extends TestDatabase {
        private final String schema =
                "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

        static boolean selected() {
            return "1".equals(System.getenv("SWITCHBOARD_TEST_POSTGRES"));
        }

        static String url() {
            String url = System.getenv("SWITCHBOARD_TEST_POSTGRES_URL");
            return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test" : url;
        }

        static String user() {
            String user = System.getenv("SWITCHBOARD_TEST_POSTGRES_USER");
            return user == null || user.isBlank() ? "postgres" : user;
        }

        @Override
        public StoreConfig config() {
            return StoreConfig.jdbc(url(), user(), null).withSchema(schema);
        }

        @Override
        public String name() {
            return "PostgreSQL";
        }

        @Override
        public void close() {
            try (Connection c = DriverManager.getConnection(url(), user(), null);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop test schema " + schema + ": " + e.getMessage(), e);
            }
        }
    }
}
