package dev.switchboard.store.bench;

import dev.switchboard.core.event.Event;
import dev.switchboard.store.Store;
import dev.switchboard.store.TestDatabase;
import dev.switchboard.store.Walk;
import dev.switchboard.store.journal.JdbcJournal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Journal append throughput, reported and never asserted: batches of 1, 10 and 100 events of a
 * realistic random walk (so the read-model projection does its real work) on H2 and, when
 * SWITCHBOARD_TEST_POSTGRES=1, PostgreSQL. Run with
 *
 * <pre>
 * SWITCHBOARD_BENCH=1 [SWITCHBOARD_TEST_POSTGRES=1] ./mvnw -q -B -pl store -am test \
 *     -Dtest=JournalAppendBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * and read store/target/journal-benchmark.txt.
 */
@EnabledIfEnvironmentVariable(
        named = "SWITCHBOARD_BENCH",
        matches = "1",
        disabledReason = "a benchmark: SWITCHBOARD_BENCH=1")
class JournalAppendBenchmark {
    private static final int[] BATCHES = {1, 10, 100};
    private static final long SECONDS_PER_RUN = 8;

    @Test
    void appendThroughput() throws IOException {
        List<Event> events = events(60_000);
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "journal append throughput (%d-second runs after a warm-up; %s; %d cores)%n",
                SECONDS_PER_RUN,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors()));
        List<TestDatabase> databases = new ArrayList<>(List.of(TestDatabase.h2()));
        if ("1".equals(System.getenv("SWITCHBOARD_TEST_POSTGRES"))) {
            databases.add(TestDatabase.postgres());
        }
        for (TestDatabase database : databases) {
            try (database;
                    Store store = Store.open(database.config())) {
                run(store, events, 10, 2, "warm-up");
                for (int batch : BATCHES) {
                    String line = run(store, events, batch, SECONDS_PER_RUN, database.name());
                    report.append(line).append('\n');
                    System.out.println(line);
                }
                if (database.config().embedded()) {
                    Path file = database.config().dataDirectory().resolve("switchboard.mv.db");
                    report.append(String.format(
                            Locale.ROOT, "H2 file after the runs: %.1f MiB%n", Files.size(file) / 1048576.0));
                }
            }
        }
        Files.writeString(Path.of("target", "journal-benchmark.txt"), report.toString());
    }

    private static String run(Store store, List<Event> events, int batch, long seconds, String name) {
        String tenant = "bench-" + name + "-" + batch + "-" + System.nanoTime();
        try (JdbcJournal journal = JdbcJournal.open(store, tenant, "bench")) {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            long start = System.nanoTime();
            int appended = 0;
            int batches = 0;
            while (System.nanoTime() < deadline && appended + batch <= events.size()) {
                journal.append(events.subList(appended, appended + batch));
                appended += batch;
                batches++;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            return String.format(
                    Locale.ROOT,
                    "%-10s batch %3d: %8.0f events/s  %7.0f commits/s  %6.2f ms/commit  (%d events)",
                    name,
                    batch,
                    appended / elapsed,
                    batches / elapsed,
                    elapsed * 1000 / batches,
                    appended);
        }
    }

    /** The events of a long random walk, in order, so the projection sees a consistent stream. */
    private static List<Event> events(int count) {
        Walk walk = new Walk(11, 40, 5);
        List<Event> out = new ArrayList<>(count);
        while (out.size() < count) {
            walk.next();
            out.addAll(walk.lastEvents());
        }
        return out;
    }
}
