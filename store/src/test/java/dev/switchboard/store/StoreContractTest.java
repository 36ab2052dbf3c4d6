package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.kpi.RangeKpis.ServiceFigures;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.routing.AgentStatus;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.core.routing.CallView;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.core.testing.Scenario;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.engine.VirtualClock;
import dev.switchboard.engine.codec.CoreJson;
import dev.switchboard.store.journal.JdbcJournal;
import dev.switchboard.store.journal.StaleOwnerException;
import dev.switchboard.store.query.AgentKpis;
import dev.switchboard.store.query.CallHistory;
import dev.switchboard.store.query.CallRecord;
import dev.switchboard.store.query.KpiQueries;
import dev.switchboard.store.query.OfferRecord;
import dev.switchboard.store.query.PresenceAudit;
import dev.switchboard.store.snapshot.DurableEngine;
import dev.switchboard.store.snapshot.DurableEngines;
import dev.switchboard.store.snapshot.SnapshotInfo;
import dev.switchboard.store.snapshot.SnapshotPolicy;
import dev.switchboard.store.snapshot.SnapshotStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store's contract, run against every database: journal order and gaps, atomic batches,
 * epoch fencing, read models that say what the events say, KPIs of a known scenario, and an
 * engine that restarts to the same state.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StoreContractTest {
    private static final AtomicInteger TENANTS = new AtomicInteger();

    private TestDatabase database;
    protected Store store;
    protected ObjectMapper json;

    /** The database under test; may skip the class (an assumption) when it is not selected. */
    protected abstract TestDatabase database();

    @BeforeAll
    void openStore() {
        database = database();
        store = Store.open(database.config());
        json = store.json();
    }

    @AfterAll
    void closeStore() {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** Every test works in its own tenant, so tests share the database without seeing each other. */
    protected static String newTenant() {
        return "tenant-" + TENANTS.incrementAndGet();
    }

    protected JdbcJournal journal(String tenant) {
        return JdbcJournal.open(store, tenant, "test-owner");
    }

    // =====================================================================================
    // Journal
    // =====================================================================================

    @Test
    void appendsAndReplaysInOrderWithoutGaps() {
        String tenant = newTenant();
        List<Event> events = KnownDay.events();
        try (JdbcJournal journal = journal(tenant)) {
            assertThat(journal.lastSequence()).isZero();
            List<JournaledEvent> first = journal.append(events.subList(0, 10));
            List<JournaledEvent> second = journal.append(events.subList(10, events.size()));
            assertThat(first).extracting(JournaledEvent::sequence).containsExactly(seq(1, 10));
            assertThat(second.get(0).sequence()).isEqualTo(11);
            assertThat(journal.lastSequence()).isEqualTo(events.size());
            assertThat(journal.append(List.of())).isEmpty();

            List<JournaledEvent> all = replay(journal, 0);
            assertThat(all).extracting(JournaledEvent::sequence).containsExactly(seq(1, events.size()));
            assertThat(jsonOf(all.stream().map(JournaledEvent::event).toList())).isEqualTo(jsonOf(events));
            assertThat(replay(journal, 7)).extracting(JournaledEvent::sequence).containsExactly(seq(8, events.size()));
            assertThat(replay(journal, events.size())).isEmpty();
        }
        // A second owner sees the same journal and continues its numbering.
        try (JdbcJournal next = journal(tenant)) {
            assertThat(next.lastSequence()).isEqualTo(events.size());
            assertThat(replay(next, 0)).hasSize(events.size());
        }
    }

    @Test
    void replayPagesThroughALongJournal() {
        String tenant = newTenant();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 2 * 2_000 + 17; i++) {
            events.add(new Event.ExternalCallChanged(KnownDay.at(i), AgentId.of("nobody"), i % 2 == 0));
        }
        try (JdbcJournal journal = journal(tenant)) {
            journal.append(events);
            List<JournaledEvent> all = replay(journal, 0);
            assertThat(all).extracting(JournaledEvent::sequence).containsExactly(seq(1, events.size()));
            assertThat(replay(journal, 2_000)).hasSize(events.size() - 2_000);
        }
    }

    @Test
    void replayRefusesAJournalWithAGap() throws SQLException {
        String tenant = newTenant();
        try (JdbcJournal journal = journal(tenant)) {
            journal.append(KnownDay.events().subList(0, 6));
            execute("DELETE FROM journal WHERE tenant = ? AND seq = 4", tenant);
            assertThatThrownBy(() -> replay(journal, 0))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("gap")
                    .hasMessageContaining("expected sequence 4, found 5");
            assertThat(replay(journal, 4)).extracting(JournaledEvent::sequence).containsExactly(5L, 6L);
        }
    }

    @Test
    void aFailedBatchLeavesNothingBehind() throws SQLException {
        String tenant = newTenant();
        List<Event> events = KnownDay.events();
        int split = indexOf(events, Event.CallQueued.class);
        try (JdbcJournal journal = journal(tenant)) {
            journal.append(events.subList(0, split));
            long before = journal.lastSequence();
            // A row in the way of the batch's third event: the whole batch must roll back.
            execute(
                    "INSERT INTO journal (tenant, seq, epoch, at, type, payload) VALUES (?, " + (before + 3)
                            + ", 0, CURRENT_TIMESTAMP, 'Blocker', '{}')",
                    tenant);
            List<Event> batch = events.subList(split, split + 5);
            assertThatThrownBy(() -> journal.append(batch)).isInstanceOf(StoreException.class);
            assertThat(journal.lastSequence()).isEqualTo(before);
            assertThat(count("SELECT COUNT(*) FROM journal WHERE tenant = ? AND seq <= " + (before + 2), tenant))
                    .isEqualTo(before);
            assertThat(count("SELECT COUNT(*) FROM call_history WHERE tenant = ?", tenant))
                    .isZero();
            assertThat(count("SELECT COUNT(*) FROM call_offer_agent WHERE tenant = ?", tenant))
                    .isZero();

            // Once the obstacle is gone the same batch goes through, read models included.
            execute("DELETE FROM journal WHERE tenant = ? AND type = 'Blocker'", tenant);
            journal.append(batch);
            journal.append(events.subList(split + 5, events.size()));
            assertThat(replay(journal, 0)).hasSize(events.size());
            assertThat(history(tenant).find(CallId.of("c1")).orElseThrow().outcome())
                    .isEqualTo("COMPLETED");
        }
    }

    @Test
    void aSupersededOwnerCannotAppend() throws SQLException {
        String tenant = newTenant();
        List<Event> events = KnownDay.events();
        try (JdbcJournal old = JdbcJournal.open(store, tenant, "node-a")) {
            old.append(events.subList(0, 5));
            try (JdbcJournal next = JdbcJournal.open(store, tenant, "node-b")) {
                assertThat(next.lease().epoch()).isEqualTo(old.lease().epoch() + 1);
                assertThat(next.lastSequence()).isEqualTo(5);

                assertThatThrownBy(() -> old.append(events.subList(5, 8)))
                        .isInstanceOf(StaleOwnerException.class)
                        .hasMessageContaining("node-b")
                        .hasMessageContaining("epoch " + next.lease().epoch());
                assertThat(count("SELECT COUNT(*) FROM journal WHERE tenant = ?", tenant))
                        .isEqualTo(5);

                next.append(events.subList(5, 8));
                assertThat(replay(next, 0)).extracting(JournaledEvent::sequence).containsExactly(seq(1, 8));
                assertThat(count(
                                "SELECT COUNT(*) FROM journal WHERE tenant = ? AND epoch = "
                                        + next.lease().epoch(),
                                tenant))
                        .isEqualTo(3);
                // Still refused later: fencing is not a one-off.
                assertThatThrownBy(() -> old.append(events.subList(8, 9))).isInstanceOf(StaleOwnerException.class);
            }
        }
    }

    @Test
    void tenantsShareTheDatabaseWithoutSeeingEachOther() {
        String a = newTenant();
        String b = newTenant();
        List<Event> events = KnownDay.events();
        try (JdbcJournal ja = journal(a);
                JdbcJournal jb = journal(b)) {
            ja.append(events);
            jb.append(events.subList(0, 3));
            assertThat(ja.lastSequence()).isEqualTo(events.size());
            assertThat(jb.lastSequence()).isEqualTo(3);
            assertThat(replay(jb, 0)).hasSize(3);
            assertThat(history(b).find(CallId.of("c1"))).isEmpty();
            assertThat(history(a).find(CallId.of("c1"))).isPresent();
        }
    }

    // =====================================================================================
    // Read models
    // =====================================================================================

    @Test
    void configurationTablesHoldTheCurrentConfiguration() throws SQLException {
        String tenant = newTenant();
        Scenario s = Scenario.start();
        s.profile(ResponsibilityProfile.onDuty("day"));
        s.profile(new ResponsibilityProfile(ProfileId.of("fr"), "French only", true, java.util.Set.of("french")));
        s.agent("anna", Map.of("french", 5, "german", 2));
        s.agent("ben", Map.of("german", 7));
        s.agent("carl");
        s.service("support", b -> b.member("anna").member("ben").member("carl").newMembersActive(true));
        s.send(new Command.ActiveInServiceChanged(s.now(), AgentId.of("ben"), ServiceId.of("support"), false));
        // Reconfigure: carl leaves, ben keeps his toggle, the target changes.
        s.service("support", b -> b.member("ben").member("anna").serviceLevelTarget(Duration.ofSeconds(30)));
        s.agent("anna", Map.of("french", 6));
        s.send(new Command.RemoveProfile(s.now(), ProfileId.of("day")));
        s.service("sales", b -> b.member("carl").member("anna"));
        s.send(new Command.RemoveAgent(s.now(), AgentId.of("carl")));
        s.duty("anna", "fr");

        try (JdbcJournal journal = journal(tenant)) {
            for (Event e : s.events()) {
                journal.append(List.of(e)); // one event per transaction this time
            }
        }
        assertThat(rows(
                        "SELECT service_id, agent_id, position, active FROM config_service_member WHERE tenant = ?"
                                + " ORDER BY service_id, position",
                        tenant))
                .containsExactly(
                        row("sales", "anna", 0, true),
                        row("support", "ben", 0, false),
                        row("support", "anna", 1, true));
        assertThat(rows(
                        "SELECT service_id, service_level_target_ms FROM config_service WHERE tenant = ?"
                                + " ORDER BY service_id",
                        tenant))
                .containsExactly(row("sales", 20_000L), row("support", 30_000L));
        assertThat(rows(
                        "SELECT agent_id, skill, level FROM config_agent_skill WHERE tenant = ? ORDER BY agent_id,"
                                + " skill",
                        tenant))
                .containsExactly(row("anna", "french", 6), row("ben", "german", 7));
        assertThat(rows("SELECT agent_id FROM config_agent WHERE tenant = ? ORDER BY agent_id", tenant))
                .containsExactly(row("anna"), row("ben"));
        assertThat(rows("SELECT profile_id, on_duty FROM config_profile WHERE tenant = ?", tenant))
                .containsExactly(row("fr", true));
        // The stored JSON is the core's value: it reads back as what the last event said.
        String stored = rows("SELECT config FROM config_service WHERE tenant = ? AND service_id = 'sales'", tenant)
                .get(0)
                .get(0)
                .toString();
        var expected = s.core().snapshot().services().get(ServiceId.of("sales")).config();
        assertThat(read(stored, dev.switchboard.core.model.ServiceConfig.class)).isEqualTo(expected);
        assertThat(rows(
                        "SELECT agent_id, profile_id, on_duty FROM agent_current WHERE tenant = ? ORDER BY agent_id",
                        tenant))
                .containsExactly(row("anna", "fr", true), row("ben", null, false));
    }

    @Test
    void callAndOfferHistoryOfAKnownScenario() {
        String tenant = newTenant();
        try (JdbcJournal journal = journal(tenant)) {
            journal.append(KnownDay.events());
        }
        CallHistory history = history(tenant);
        CallRecord c1 = history.find(CallId.of("c1")).orElseThrow();
        assertThat(c1.outcome()).isEqualTo("COMPLETED");
        assertThat(c1.arrivedAt()).isEqualTo(KnownDay.at(10));
        assertThat(c1.answeredAt()).isEqualTo(KnownDay.at(15));
        assertThat(c1.answeredBy()).isEqualTo(AgentId.of("a1"));
        assertThat(c1.queueTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c1.talkTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c1.endedAt()).isEqualTo(KnownDay.at(75));
        assertThat(c1.serviceLevelTarget()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c1.priority()).isEqualTo("NORMAL");
        assertThat(c1.offers()).hasSize(1);

        CallRecord c2 = history.find(CallId.of("c2")).orElseThrow();
        assertThat(c2.offeredCount()).isEqualTo(2);
        assertThat(c2.ronaCount()).isEqualTo(1);
        assertThat(c2.queueTime()).isEqualTo(Duration.ofSeconds(70));
        assertThat(c2.offers()).hasSize(2);
        OfferRecord missed = c2.offers().get(0);
        assertThat(missed.offeredAt()).isEqualTo(KnownDay.at(20));
        assertThat(missed.expiresAt()).isEqualTo(KnownDay.at(35));
        assertThat(missed.agents()).singleElement().satisfies(r -> {
            assertThat(r.agent()).isEqualTo(AgentId.of("a2"));
            assertThat(r.result()).isEqualTo("EXPIRED");
            assertThat(r.ringTime()).isEqualTo(Duration.ofSeconds(15));
            assertThat(r.rona()).isTrue();
        });
        // The explanation is the core's: a2 was chosen, a1 was not selectable (talking).
        assertThat(missed.explanation().candidates())
                .filteredOn(c -> c.chosen())
                .extracting(c -> c.agent().value())
                .containsExactly("a2");
        assertThat(missed.explanation().service()).isEqualTo(ServiceId.of("sales"));
        OfferRecord answered = c2.offers().get(1);
        assertThat(answered.agents()).singleElement().satisfies(r -> {
            assertThat(r.agent()).isEqualTo(AgentId.of("a1"));
            assertThat(r.result()).isEqualTo("ACCEPTED");
            assertThat(r.ringTime()).isEqualTo(Duration.ofSeconds(5));
            assertThat(r.rona()).isFalse();
        });

        CallRecord c3 = history.find(CallId.of("c3")).orElseThrow();
        assertThat(c3.outcome()).isEqualTo("ABANDONED");
        assertThat(c3.reason()).isEqualTo("IN_QUEUE");
        assertThat(c3.queueTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c3.offers()).isEmpty();

        CallRecord c4 = history.find(CallId.of("c4")).orElseThrow();
        assertThat(c4.outcome()).isEqualTo("OVERFLOWED");
        assertThat(c4.actionType()).isEqualTo("DISCONNECT");
        assertThat(c4.queueTime()).isEqualTo(Duration.ZERO);

        assertThat(history.list(KnownDay.T0, KnownDay.at(3600), null, 100))
                .extracting(r -> r.call().value())
                .containsExactly("c1", "c2", "c3", "c4");
        assertThat(history.list(KnownDay.T0, KnownDay.at(50), ServiceId.of("sales"), 100))
                .extracting(r -> r.call().value())
                .containsExactly("c1", "c2");
        assertThat(history.active()).isEmpty();
    }

    @Test
    void agentStateIntervalsOfAKnownScenario() throws SQLException {
        String tenant = newTenant();
        try (JdbcJournal journal = journal(tenant)) {
            journal.append(KnownDay.events());
        }
        Map<String, Long> a1 = secondsByInterval(tenant, "a1");
        assertThat(a1)
                .containsExactly(
                        Map.entry("AVAILABLE@0", 10L),
                        Map.entry("RINGING@10", 5L),
                        Map.entry("CONNECTED@15", 60L),
                        Map.entry("AFTER_CALL_WORK@75", 10L),
                        Map.entry("RINGING@85", 5L),
                        Map.entry("CONNECTED@90", 60L),
                        Map.entry("AFTER_CALL_WORK@150", 10L));
        assertThat(rows("SELECT status, status_since FROM agent_current WHERE tenant = ? AND agent_id = 'a1'", tenant)
                        .get(0)
                        .get(0))
                .isEqualTo("AVAILABLE");
        assertThat(secondsByInterval(tenant, "a2"))
                .containsExactly(Map.entry("AVAILABLE@0", 20L), Map.entry("RINGING@20", 15L));
        assertThat(rows("SELECT status FROM agent_current WHERE tenant = ? AND agent_id = 'a2'", tenant))
                .containsExactly(row("RONA"));
    }

    @Test
    void kpisOfAKnownScenarioMatchTheHandWorkedFigures() {
        String tenant = newTenant();
        try (JdbcJournal journal = journal(tenant)) {
            journal.append(KnownDay.events());
        }
        // "Now" is 200 s in: a1 has been available since 160, a2 in RONA since 35.
        KpiQueries kpis = new KpiQueries(store.dataSource(), tenant, fixed(KnownDay.at(200)));
        Instant from = KnownDay.T0;
        Instant to = KnownDay.at(3600);

        ServiceFigures sales = kpis.service(ServiceId.of("sales"), from, to);
        assertThat(sales.offered()).isEqualTo(4);
        assertThat(sales.queued()).isEqualTo(3); // c4 overflowed on arrival
        assertThat(sales.handled()).isEqualTo(2);
        assertThat(sales.abandoned()).isEqualTo(1);
        assertThat(sales.abandonedWhileRinging()).isZero();
        assertThat(sales.overflowed()).isEqualTo(1);
        assertThat(sales.timedOut()).isZero();
        assertThat(sales.rejected()).isZero();
        assertThat(sales.active()).isZero();
        assertThat(sales.answeredWithinTarget()).isEqualTo(1); // c1 in 5 s; c2 took 70 s
        assertThat(sales.serviceLevel()).isEqualTo(0.25); // 1 of 4 offered
        assertThat(sales.averageSpeedOfAnswer()).isEqualTo(Duration.ofMillis(37_500)); // (5 + 70) / 2
        assertThat(sales.averageQueueTime()).isEqualTo(Duration.ofSeconds(35)); // (5 + 70 + 30) / 3
        assertThat(sales.talkTime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(sales.averageTalkTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(sales.reachability()).isCloseTo(2.0 / 3, within(1e-9)); // handled / queued
        assertThat(sales.ronaCount()).isEqualTo(1);
        // (a1 140 s + a2 0 s handling) / (200 s + 200 s staffed)
        assertThat(sales.teamOccupancy()).isCloseTo(0.35, within(1e-9));

        AgentKpis a1 = kpis.agent(AgentId.of("a1"), from, to);
        assertThat(a1.offered()).isEqualTo(2);
        assertThat(a1.handled()).isEqualTo(2);
        assertThat(a1.declined()).isZero();
        assertThat(a1.missed()).isZero();
        assertThat(a1.ronaCount()).isZero();
        assertThat(a1.reachability()).isEqualTo(1.0);
        assertThat(a1.averageSpeedOfAnswer()).isEqualTo(Duration.ofMillis(37_500));
        assertThat(a1.talkTime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(a1.averageTalkTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(a1.timeByStatus())
                .containsOnly(
                        Map.entry(AgentStatus.AVAILABLE, Duration.ofSeconds(50)),
                        Map.entry(AgentStatus.RINGING, Duration.ofSeconds(10)),
                        Map.entry(AgentStatus.CONNECTED, Duration.ofSeconds(120)),
                        Map.entry(AgentStatus.AFTER_CALL_WORK, Duration.ofSeconds(20)));
        assertThat(a1.handlingTime()).isEqualTo(Duration.ofSeconds(140));
        assertThat(a1.staffedTime()).isEqualTo(Duration.ofSeconds(200));
        assertThat(a1.occupancy()).isCloseTo(0.7, within(1e-9));

        AgentKpis a2 = kpis.agent(AgentId.of("a2"), from, to);
        assertThat(a2.offered()).isEqualTo(1);
        assertThat(a2.handled()).isZero();
        assertThat(a2.missed()).isEqualTo(1);
        assertThat(a2.ronaCount()).isEqualTo(1);
        assertThat(a2.reachability()).isEqualTo(0.0);
        assertThat(a2.averageSpeedOfAnswer()).isNull();
        assertThat(a2.timeByStatus())
                .containsOnly(
                        Map.entry(AgentStatus.AVAILABLE, Duration.ofSeconds(20)),
                        Map.entry(AgentStatus.RINGING, Duration.ofSeconds(15)),
                        Map.entry(AgentStatus.RONA, Duration.ofSeconds(165)));
        assertThat(a2.occupancy()).isEqualTo(0.0);

        // A range that cuts through intervals counts only the part inside it: [12 s, 80 s).
        AgentKpis cut = kpis.agent(AgentId.of("a1"), KnownDay.at(12), KnownDay.at(80));
        assertThat(cut.timeByStatus())
                .containsOnly(
                        Map.entry(AgentStatus.RINGING, Duration.ofSeconds(3)),
                        Map.entry(AgentStatus.CONNECTED, Duration.ofSeconds(60)),
                        Map.entry(AgentStatus.AFTER_CALL_WORK, Duration.ofSeconds(5)));
        assertThat(cut.offered()).isZero(); // the offer rang at 10 s, before the range

        // A range with nothing in it.
        ServiceFigures empty = kpis.service(ServiceId.of("sales"), KnownDay.at(-3600), KnownDay.at(-1));
        assertThat(empty.offered()).isZero();
        assertThat(empty.serviceLevel()).isNull();
        assertThat(empty.averageSpeedOfAnswer()).isNull();

        assertThat(kpis.services(from, to)).extracting(k -> k.service().value()).containsExactly("sales");
        assertThat(kpis.agents(from, to)).extracting(k -> k.agent().value()).containsExactly("a1", "a2");
        assertThatThrownBy(() -> kpis.services(to, from)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void presenceAuditKeepsTrackingChangesAndSourceHealth() throws SQLException {
        String tenant = newTenant();
        Scenario s = Scenario.start();
        s.agents("a1", "a2");
        s.available("a1", "a2");
        s.send(new Command.PresenceTrackingChanged(
                s.now(), List.of(AgentId.of("a1")), Fidelity.DETAILED, false, "pa1", "WRONG_PASSWORD (AADSTS50126)"));
        s.afterSeconds(60);
        s.send(new Command.PresenceTrackingChanged(s.now(), List.of(), Fidelity.DETAILED, true, "pa1", "recovered"));
        try (JdbcJournal journal = journal(tenant)) {
            journal.append(s.events());
        }
        PresenceAudit audit = new PresenceAudit(store.dataSource(), json, tenant, fixed(KnownDay.at(100)));
        List<PresenceAudit.TrackingChange> changes = audit.trackingChanges(KnownDay.T0, KnownDay.at(3600));
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).tracking()).isFalse();
        assertThat(changes.get(0).source()).isEqualTo("pa1");
        assertThat(changes.get(0).reason()).isEqualTo("WRONG_PASSWORD (AADSTS50126)");
        assertThat(changes.get(0).agents()).containsExactly(AgentId.of("a1"));
        assertThat(changes.get(0).fidelity()).isEqualTo("DETAILED");
        assertThat(changes.get(1).tracking()).isTrue();
        assertThat(changes.get(1).agents()).containsExactly(AgentId.of("a1")); // the core names who changed
        // While detailed tracking was down and there was no coarse presence, a1 counted as offline.
        assertThat(secondsByInterval(tenant, "a1")).containsEntry("OFFLINE@0", 60L);

        audit.recordHealth(
                "presence-accounts",
                "pa1@contoso.example",
                PresenceAudit.HealthStatus.DOWN,
                "WRONG_PASSWORD (AADSTS50126)",
                KnownDay.T0,
                "Reset the password of pa1 and update the configuration");
        audit.recordHealth(
                "presence-accounts", "pa2@contoso.example", PresenceAudit.HealthStatus.OK, null, KnownDay.T0, null);
        audit.recordHealth(
                "presence-accounts", "pa1@contoso.example", PresenceAudit.HealthStatus.OK, null, KnownDay.at(60), null);
        assertThat(audit.healthChanges(KnownDay.T0, KnownDay.at(3600))).hasSize(3);
        assertThat(audit.currentHealth())
                .extracting(h -> h.account() + "=" + h.status())
                .containsExactly("pa1@contoso.example=OK", "pa2@contoso.example=OK");
        assertThat(new PresenceAudit(store.dataSource(), json, newTenant(), fixed(KnownDay.T0)).currentHealth())
                .isEmpty();
    }

    /**
     * The read models' view of agents and calls equals the core's after every batch of a long
     * random walk through a real engine: each agent's status word, the active calls, and every
     * ended call's outcome.
     */
    @Test
    void readModelsAgreeWithTheCoreThroughoutARandomWalk() throws SQLException {
        long seed = 7_1234L;
        String tenant = newTenant();
        Walk walk = new Walk(seed, 12, 3);
        try (JdbcJournal journal = journal(tenant);
                Engine engine = startEngine(tenant, journal)) {
            for (int round = 0; round < 40; round++) {
                runWindow(engine, walk, 50);
                RoutingSnapshot snapshot = engine.snapshot();
                Map<String, String> core = new TreeMap<>();
                for (AgentView a : snapshot.agents().values()) {
                    core.put(a.config().id().value(), a.status().name());
                }
                Map<String, String> stored = new TreeMap<>();
                for (List<Object> r : rows("SELECT agent_id, status FROM agent_current WHERE tenant = ?", tenant)) {
                    stored.put((String) r.get(0), (String) r.get(1));
                }
                assertThat(stored)
                        .as("agent status after round %d (seed %d)", round, seed)
                        .isEqualTo(core);
                if (round == 4) {
                    journal.replay(0, e -> {
                        if (e.event().toString().contains("call-25,")
                                || e.event().toString().contains("call-25]")) {
                            System.err.println("DEBUG " + e);
                        }
                    });
                }
                assertThat(history(tenant).active())
                        .as("active calls after round %d (seed %d)", round, seed)
                        .extracting(r -> r.call().value())
                        .containsExactlyInAnyOrderElementsOf(snapshot.calls().keySet().stream()
                                .map(CallId::value)
                                .toList());
                for (CallView c : snapshot.calls().values()) {
                    CallRecord r = history(tenant).find(c.id()).orElseThrow();
                    assertThat(r.offeredCount())
                            .as("offers of %s (seed %d)", c.id(), seed)
                            .isEqualTo(c.offers());
                    assertThat(r.answeredBy()).isEqualTo(c.agent());
                }
            }
            // Every call that ended has exactly one outcome, as many as the journal says.
            Map<String, Long> outcomes = new TreeMap<>();
            for (List<Object> r : rows(
                    "SELECT outcome, COUNT(*) FROM call_history WHERE tenant = ? AND outcome IS NOT NULL GROUP BY outcome",
                    tenant)) {
                outcomes.put((String) r.get(0), ((Number) r.get(1)).longValue());
            }
            Map<String, Long> fromJournal = new TreeMap<>();
            journal.replay(0, e -> {
                String o = switch (e.event()) {
                    case Event.CallCompleted x -> "COMPLETED";
                    case Event.CallAbandoned x -> "ABANDONED";
                    case Event.CallOverflowed x -> "OVERFLOWED";
                    case Event.CallTimedOut x -> "TIMED_OUT";
                    case Event.CallRejected x -> "REJECTED";
                    default -> null;
                };
                if (o != null) {
                    fromJournal.merge(o, 1L, Long::sum);
                }
            });
            assertThat(outcomes).as("seed %d", seed).isEqualTo(fromJournal);
            assertThat(fromJournal.keySet()).contains("COMPLETED", "ABANDONED");
            // Offers that still ring are exactly the ringing agents of the core.
            long ringing = engine.snapshot().calls().values().stream()
                    .mapToLong(c -> c.ringing().size())
                    .sum();
            assertThat(count("SELECT COUNT(*) FROM call_offer_agent WHERE tenant = ? AND result IS NULL", tenant))
                    .isEqualTo(ringing);

            // The projection depends on the events only, not on how they were batched: rebuilt
            // from the journal in pages, the read models come out identical.
            Map<String, List<String>> incremental = dumpReadModels(tenant);
            assertThat(journal.rebuildReadModels()).isEqualTo(journal.lastSequence());
            assertThat(dumpReadModels(tenant)).as("seed %d", seed).isEqualTo(incremental);
            // And the journal goes on projecting after a rebuild.
            runWindow(engine, walk, 50);
            assertThat(history(tenant).active())
                    .hasSize(engine.snapshot().calls().size());
        }
    }

    private Map<String, List<String>> dumpReadModels(String tenant) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        for (String table : List.of(
                "config_service",
                "config_service_member",
                "config_agent",
                "config_agent_skill",
                "config_profile",
                "call_history",
                "call_offer",
                "call_offer_agent",
                "agent_current",
                "agent_state_history",
                "presence_tracking_audit")) {
            List<String> rows = new ArrayList<>();
            for (List<Object> r : rows("SELECT * FROM " + table + " WHERE tenant = ?", tenant)) {
                rows.add(r.stream()
                        .map(v -> v instanceof java.time.OffsetDateTime t
                                ? t.toInstant().toString()
                                : String.valueOf(v))
                        .toList()
                        .toString());
            }
            rows.sort(null);
            out.put(table, rows);
        }
        return out;
    }

    @Test
    void anEngineRestartsToTheSameState() {
        long seed = 42L;
        String tenant = newTenant();
        Walk walk = new Walk(seed, 10, 3);
        long hash;
        long version;
        try (JdbcJournal journal = journal(tenant);
                Engine engine = startEngine(tenant, journal)) {
            for (int i = 0; i < 30; i++) {
                runWindow(engine, walk, 50);
            }
            hash = engine.stateHash();
            version = engine.snapshot().version();
            assertThat(hash).isEqualTo(walk.shadow().stateHash());
        }
        try (JdbcJournal journal = journal(tenant);
                Engine engine = startEngine(tenant, journal)) {
            assertThat(engine.stateHash()).as("seed %d", seed).isEqualTo(hash);
            assertThat(engine.snapshot().version()).isEqualTo(version);
            assertThat(journal.lastSequence()).isEqualTo(version);
            // It goes on from there as the uninterrupted run would have.
            runWindow(engine, walk, 200);
            assertThat(engine.stateHash())
                    .as("seed %d", seed)
                    .isEqualTo(walk.shadow().stateHash());
        }
    }

    // =====================================================================================
    // Snapshots
    // =====================================================================================

    @Test
    void snapshotPlusReplayEqualsFullReplay() {
        long seed = 2_024L;
        String tenant = newTenant();
        Walk walk = new Walk(seed, 10, 3);
        long liveHash;
        try (DurableEngine durable = DurableEngines.start(
                store, tenant, "node-1", fixed(KnownDay.T0), EngineOptions.defaults(), SnapshotPolicy.every(300))) {
            for (int i = 0; i < 30; i++) {
                runWindow(durable.engine(), walk, 50);
            }
            // One on demand, taken between commands: it records exactly the journal's end.
            durable.snapshotter().snapshotNow(); // empty if the policy's snapshot was just taken here
            SnapshotInfo now = durable.snapshots().list().get(0);
            assertThat(now.sequence()).isEqualTo(durable.journal().lastSequence());
            assertThat(now.stateHash()).isEqualTo(durable.engine().stateHash());
            runWindow(durable.engine(), walk, 100); // events after the last snapshot
            liveHash = durable.engine().stateHash();
            assertThat(liveHash).as("seed %d", seed).isEqualTo(walk.shadow().stateHash());
        }
        SnapshotStore snapshots = new SnapshotStore(store.dataSource(), json, tenant);
        List<SnapshotInfo> stored = snapshots.list();
        assertThat(stored).hasSize(3); // the policy keeps three
        assertThat(stored.get(0).sequence()).isGreaterThan(stored.get(1).sequence());

        try (JdbcJournal journal = journal(tenant)) {
            // The snapshot taken on close is the journal's end: nothing to replay.
            DurableEngines.Recovered fromLatest = DurableEngines.recoverCore(journal, snapshots);
            assertThat(fromLatest.fromSnapshot()).isEqualTo(journal.lastSequence());
            assertThat(fromLatest.replayed()).isZero();
            assertThat(fromLatest.core().stateHash()).as("seed %d", seed).isEqualTo(liveHash);

            // Without it, the one before plus the journal after it.
            execute(
                    "DELETE FROM snapshot WHERE tenant = ? AND seq = "
                            + stored.get(0).sequence(),
                    tenant);
            DurableEngines.Recovered fromOlder = DurableEngines.recoverCore(journal, snapshots);
            assertThat(fromOlder.fromSnapshot()).isEqualTo(stored.get(1).sequence());
            assertThat(fromOlder.replayed())
                    .isEqualTo(journal.lastSequence() - stored.get(1).sequence());
            assertThat(fromOlder.replayed()).isPositive();
            assertThat(fromOlder.core().stateHash()).as("seed %d", seed).isEqualTo(liveHash);
            assertThat(count(
                            "SELECT COUNT(*) FROM snapshot_chunk WHERE tenant = ? AND seq = "
                                    + stored.get(0).sequence(),
                            tenant))
                    .as("chunks go with their snapshot")
                    .isZero();

            RoutingCore full = RoutingCore.indexed();
            journal.replay(0, e -> full.apply(e.event()));
            assertThat(full.stateHash()).isEqualTo(liveHash);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        // A restart resumes the engine from the newest remaining snapshot, not from the start.
        try (DurableEngine restarted = DurableEngines.start(
                store, tenant, "node-2", fixed(KnownDay.T0), EngineOptions.defaults(), SnapshotPolicy.every(300))) {
            assertThat(restarted.startedFromSnapshot()).isEqualTo(stored.get(1).sequence());
            assertThat(restarted.replayed()).isPositive();
            assertThat(restarted.engine().stateHash()).as("seed %d", seed).isEqualTo(liveHash);
        }
    }

    @Test
    void recoveryUsesTheLatestSnapshotAndTheJournalAfterIt() {
        long seed = 99L;
        String tenant = newTenant();
        Walk walk = new Walk(seed, 8, 2);
        SnapshotStore snapshots = new SnapshotStore(store.dataSource(), json, tenant);
        List<Long> hashes = new ArrayList<>();
        try (JdbcJournal journal = journal(tenant)) {
            RoutingCore live = RoutingCore.indexed();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 150; i++) {
                    journal.append(live.handle(walk.next()).events());
                }
                snapshots.save(live.version(), live.exportState(), live.stateHash(), KnownDay.at(round));
                hashes.add(live.stateHash());
            }
            for (int i = 0; i < 150; i++) {
                journal.append(live.handle(walk.next()).events());
            }
            DurableEngines.Recovered recovered = DurableEngines.recoverCore(journal, snapshots);
            assertThat(recovered.fromSnapshot())
                    .isEqualTo(snapshots.list().get(0).sequence());
            assertThat(recovered.replayed()).isEqualTo(journal.lastSequence() - recovered.fromSnapshot());
            assertThat(recovered.core().stateHash()).as("seed %d", seed).isEqualTo(live.stateHash());
            // The restored core decides as the live one from here on.
            for (int i = 0; i < 200; i++) {
                var command = walk.next();
                assertThat(recovered.core().handle(command).events())
                        .as("seed %d, command %d", seed, i)
                        .isEqualTo(live.handle(command).events());
            }

            // A snapshot that does not restore to its recorded hash is passed over for an older one.
            long newest = snapshots.list().get(0).sequence();
            long older = snapshots.list().get(1).sequence();
            execute("UPDATE snapshot SET state_hash = state_hash + 1 WHERE tenant = ? AND seq = " + newest, tenant);
            assertThat(snapshots.loadLatest(Long.MAX_VALUE).orElseThrow().info().sequence())
                    .isEqualTo(older);
            // One that cannot be read is passed over too.
            execute("DELETE FROM snapshot_chunk WHERE tenant = ? AND seq = " + older, tenant);
            assertThat(snapshots.loadLatest(Long.MAX_VALUE).orElseThrow().info().sequence())
                    .isLessThan(older);
            // And one ahead of the journal (e.g. the journal was restored from an older backup).
            assertThat(snapshots.loadLatest(snapshots.list().get(3).sequence() - 1))
                    .isEmpty();
            assertThat(snapshots.prune(1)).isEqualTo(3);
            assertThat(snapshots.list()).hasSize(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(hashes).doesNotHaveDuplicates();
    }

    // =====================================================================================
    // Helpers
    // =====================================================================================

    protected static Engine startEngine(String tenant, JdbcJournal journal) {
        return Engine.start(
                tenant,
                RoutingCore.indexed(),
                journal,
                new VirtualClock(Instant.EPOCH), // the walk's commands carry the time; no engine ticks
                EngineOptions.defaults());
    }

    /** Submits {@code n} commands without waiting in between, so the engine batches them; checks each outcome. */
    protected static void runWindow(Engine engine, Walk walk, int n) {
        List<CompletableFuture<Outcome>> futures = new ArrayList<>(n);
        List<List<Event>> expected = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(engine.submit(walk.next()));
            expected.add(walk.lastEvents());
        }
        for (int i = 0; i < n; i++) {
            assertThat(futures.get(i).join().events())
                    .as("events of command %d (seed %d)", i, walk.seed())
                    .isEqualTo(expected.get(i));
        }
    }

    protected CallHistory history(String tenant) {
        return new CallHistory(store.dataSource(), json, tenant);
    }

    protected static InstantSource fixed(Instant t) {
        return () -> t;
    }

    protected static List<JournaledEvent> replay(JdbcJournal journal, long after) {
        List<JournaledEvent> out = new ArrayList<>();
        journal.replay(after, out::add);
        return out;
    }

    protected List<String> jsonOf(List<Event> events) {
        return events.stream().map(e -> CoreJson.eventToJson(json, e)).toList();
    }

    private static Long[] seq(long from, long to) {
        Long[] out = new Long[(int) (to - from + 1)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static int indexOf(List<Event> events, Class<? extends Event> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName());
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Closed intervals of an agent as "STATUS@startSecond" → length in seconds, in order. */
    protected Map<String, Long> secondsByInterval(String tenant, String agent) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT status, started_at, duration_ms FROM"
                        + " agent_state_history WHERE tenant = ? AND agent_id = ? ORDER BY start_seq")) {
            ps.setString(1, tenant);
            ps.setString(2, agent);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = Duration.between(KnownDay.T0, Jdbc.getInstant(rs, "started_at"))
                            .toSeconds();
                    out.put(rs.getString(1) + "@" + start, rs.getLong(3) / 1000);
                }
            }
        }
        return out;
    }

    protected void execute(String sql, String tenant) throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            ps.executeUpdate();
        }
    }

    protected long count(String sql, String tenant) {
        try {
            return ((Number) rows(sql, tenant).get(0).get(0)).longValue();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    protected List<List<Object>> rows(String sql, String tenant) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> r = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        Object v = rs.getObject(i);
                        r.add(v instanceof Integer x ? Long.valueOf(x) : v);
                    }
                    out.add(r);
                }
            }
        }
        return out;
    }

    protected static List<Object> row(Object... values) {
        List<Object> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v instanceof Integer x ? Long.valueOf(x) : v);
        }
        return out;
    }
}
