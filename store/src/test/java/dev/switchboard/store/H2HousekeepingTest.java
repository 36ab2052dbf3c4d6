package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With WRITE_DELAY=0 every commit writes a new chunk and H2's background writer, which would
 * rewrite the few live pages of old chunks, is off: the chunks stay mostly dead and their space is
 * never reused. The housekeeping rewrites them, so the share of live data in the chunks rises.
 */
class H2HousekeepingTest {

    @Test
    void rewritesMostlyDeadChunksSoTheirSpaceCanBeReused(@TempDir Path dir) throws Exception {
        // RETENTION_TIME=0: old chunks may be rewritten at once (the default waits 45 s).
        String url = "jdbc:h2:file:" + dir.resolve("hk") + ";RETENTION_TIME=0";
        try (Store store = Store.open(new StoreConfig(url, null, null, dir, null, 2))) {
            try (Connection c = store.dataSource().getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE churn (id INT PRIMARY KEY, payload VARCHAR(1000))");
                }
                c.setAutoCommit(false);
                try (PreparedStatement upsert = c.prepareStatement("MERGE INTO churn KEY (id) VALUES (?, ?)")) {
                    for (int commit = 0; commit < 2_000; commit++) {
                        for (int row = 0; row < 20; row++) {
                            upsert.setInt(1, (commit * 7 + row) % 500);
                            upsert.setString(2, "x".repeat(200) + commit);
                            upsert.addBatch();
                        }
                        upsert.executeBatch();
                        c.commit();
                    }
                }
                c.setAutoCommit(true);
                MVStore mv = H2Housekeeping.mvStore(c);
                assertThat(mv).isNotNull();
                int before = mv.getFileStore().getChunksFillRate();

                H2Housekeeping housekeeping = H2Housekeeping.start(store.dataSource(), Duration.ofHours(1));
                try {
                    int steps = 0;
                    for (int round = 0; round < 20; round++) {
                        steps += housekeeping.round();
                    }
                    int after = mv.getFileStore().getChunksFillRate();

                    assertThat(before).as("chunks are mostly dead after churn").isLessThan(50);
                    assertThat(steps).isPositive();
                    assertThat(after)
                            .as("live share of the chunks, before %d", before)
                            .isGreaterThan(before + 20);
                } finally {
                    housekeeping.close();
                }
            }
        }
    }
}
