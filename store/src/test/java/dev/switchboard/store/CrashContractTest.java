package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.VirtualClock;
import dev.switchboard.engine.codec.CoreJson;
import dev.switchboard.store.journal.JdbcJournal;
import dev.switchboard.store.query.CallHistory;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Nothing acknowledged is lost when the process dies without warning: a child JVM runs an engine
 * on the store, prints every acknowledged command, and is killed with SIGKILL in mid-stream. The
 * parent reopens the database and finds every acknowledged command's events, in order, exactly
 * as the deterministic core decided them; replays agree with each other; the read models agree
 * with the replayed core; and a new engine carries on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CrashContractTest {
    private static final int AGENTS = 10;
    private static final int SERVICES = 3;
    private static final int KILL_AFTER = 400;

    private TestDatabase database;

    protected abstract TestDatabase database();

    /** The child's arguments that select this database. */
    protected abstract List<String> databaseArguments(TestDatabase database);

    @BeforeAll
    void setUp() {
        database = database();
        // Migrate once here, so the child's start-up is the same on every database.
        Store.open(database.config()).close();
    }

    @AfterAll
    void tearDown() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void acknowledgedCommandsSurviveKillNine() throws Exception {
        long seed = System.nanoTime() % 100_000;
        String tenant = "crash-" + seed;
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", System.getProperty("java.class.path")));
        command.add(CrashChild.class.getName());
        command.addAll(databaseArguments(database));
        command.addAll(List.of(tenant, Long.toString(seed), "" + AGENTS, "" + SERVICES, "1000000", "16"));
        File stderr = Files.createTempFile("crash-child", ".log").toFile();
        Process child = new ProcessBuilder(command).redirectError(stderr).start();

        int acknowledged = 0;
        boolean killed = false;
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    assertThat(Integer.parseInt(line.substring(4)))
                            .as("acknowledgements in order (seed %d)", seed)
                            .isEqualTo(acknowledged);
                    acknowledged++;
                    if (acknowledged == KILL_AFTER) {
                        // SIGKILL: no shutdown hook, no close, no flush. Through the handle, which
                        // (unlike Process.destroyForcibly) leaves the pipe open to read what the
                        // child printed before it died.
                        child.toHandle().destroyForcibly();
                        killed = true;
                    }
                }
                // Lines already in the pipe when the child died were acknowledged too: keep reading.
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(killed)
                .as("the child was killed mid-stream (seed %d); its log: %s", seed, Files.readString(stderr.toPath()))
                .isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        try (Store store = Store.open(database.config());
                JdbcJournal journal = JdbcJournal.open(store, tenant, "after-crash")) {
            ObjectMapper json = store.json();
            List<String> journaled = new ArrayList<>();
            journal.replay(0, e -> journaled.add(CoreJson.eventToJson(json, e.event())));

            // Decide the same walk again in memory. The journal must hold the events of every
            // acknowledged command and may hold those of a few more (committed, but killed
            // before it could say so) — always whole commands, exactly as the core decided them.
            Walk reference = new Walk(seed, AGENTS, SERVICES);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < acknowledged; i++) {
                reference.next();
                reference.lastEvents().forEach(e -> expected.add(CoreJson.eventToJson(json, e)));
            }
            int acknowledgedEvents = expected.size();
            while (expected.size() < journaled.size()) {
                reference.next();
                reference.lastEvents().forEach(e -> expected.add(CoreJson.eventToJson(json, e)));
            }
            assertThat(journaled.size())
                    .as("events of the %d acknowledged commands (seed %d)", acknowledged, seed)
                    .isGreaterThanOrEqualTo(acknowledgedEvents);
            assertThat(journaled)
                    .as("the journal after the crash (seed %d)", seed)
                    .isEqualTo(expected);

            long first = replayHash(journal);
            long second = replayHash(journal);
            assertThat(second).as("replays agree (seed %d)", seed).isEqualTo(first);

            // The read models were committed with the journal: they agree with the replayed core.
            RoutingCore replayed = RoutingCore.indexed();
            journal.replay(0, e -> replayed.apply(e.event()));
            RoutingSnapshot snapshot = replayed.snapshot();
            assertThat(statuses(store, tenant))
                    .as("agent status (seed %d)", seed)
                    .isEqualTo(coreStatuses(snapshot));
            assertThat(new CallHistory(store.dataSource(), json, tenant).active())
                    .extracting(r -> r.call().value())
                    .containsExactlyInAnyOrderElementsOf(snapshot.calls().keySet().stream()
                            .map(CallId::value)
                            .toList());

            // A new engine takes over and appends after the crash.
            try (Engine engine = Engine.start(
                    tenant,
                    RoutingCore.indexed(),
                    journal,
                    new VirtualClock(Instant.EPOCH),
                    EngineOptions.defaults())) {
                assertThat(engine.stateHash()).isEqualTo(first);
                long before = journal.lastSequence();
                engine.submitAndWait(
                        new dev.switchboard.core.command.Command.Tick(
                                reference.shadow().now().plusSeconds(3600)),
                        java.time.Duration.ofSeconds(30));
                assertThat(journal.lastSequence()).isGreaterThanOrEqualTo(before);
            }
            assertThat(replayHash(journal)).isNotNull();
        }
    }

    private static long replayHash(JdbcJournal journal) {
        RoutingCore core = RoutingCore.indexed();
        journal.replay(0, e -> core.apply(e.event()));
        return core.stateHash();
    }

    private static Map<String, String> coreStatuses(RoutingSnapshot snapshot) {
        Map<String, String> out = new TreeMap<>();
        for (AgentView a : snapshot.agents().values()) {
            out.put(a.config().id().value(), a.status().name());
        }
        return out;
    }

    private static Map<String, String> statuses(Store store, String tenant) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT agent_id, status FROM agent_current WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    private static String javaBinary() throws IOException {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }
}
