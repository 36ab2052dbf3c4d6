package dev.switchboard.app.server;

import dev.switchboard.core.event.CancelReason;
import dev.switchboard.core.kpi.RangeKpis;
import dev.switchboard.core.model.ActionType;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.Priority;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.http.HttpServer;
import dev.switchboard.http.port.CallRecord;
import dev.switchboard.http.port.ComponentHealth;
import dev.switchboard.http.port.KpiQuery;
import dev.switchboard.store.Store;
import dev.switchboard.store.query.AgentKpis;
import dev.switchboard.store.query.CallHistory;
import dev.switchboard.store.query.KpiQueries;
import dev.switchboard.store.query.OfferRecord;
import dev.switchboard.store.query.OfferResult;
import dev.switchboard.store.query.PresenceAudit;
import dev.switchboard.store.snapshot.DurableEngine;
import dev.switchboard.store.snapshot.DurableEngines;
import dev.switchboard.store.snapshot.SnapshotPolicy;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tenant's server: the store, the durable engine, presence tracking (optional) and the HTTP
 * server, started in that order and stopped in reverse.
 */
public final class SwitchboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SwitchboardServer.class);

    /** Builds presence tracking once the engine runs; returns null when none is configured. */
    @FunctionalInterface
    public interface PresenceFactory {
        PresenceRuntime create(DurableEngine engine, PresenceAudit audit) throws Exception;
    }

    private final Store store;
    private final DurableEngine durable;
    private final PresenceRuntime presence;
    private final HttpServer http;
    private final DatabaseHealth database;

    private SwitchboardServer(
            Store store, DurableEngine durable, PresenceRuntime presence, HttpServer http, DatabaseHealth database) {
        this.store = store;
        this.durable = durable;
        this.presence = presence;
        this.http = http;
        this.database = database;
    }

    /** Opens the store, replays the engine and starts presence tracking and the HTTP server. */
    public static SwitchboardServer start(ServerSettings settings, InstantSource clock, PresenceFactory presenceFactory)
            throws Exception {
        Store store = Store.open(settings.store());
        DurableEngine durable = null;
        PresenceRuntime presence = null;
        try {
            String owner = hostName() + ":" + ProcessHandle.current().pid();
            SnapshotPolicy policy = settings.snapshotEvery() > 0
                    ? SnapshotPolicy.every(settings.snapshotEvery())
                    : SnapshotPolicy.never();
            durable = DurableEngines.start(store, settings.tenant(), owner, clock, EngineOptions.defaults(), policy);
            log.info(
                    "tenant {}: engine up (snapshot at {}, {} events replayed) on {}",
                    settings.tenant(),
                    durable.startedFromSnapshot(),
                    durable.replayed(),
                    store.description());
            PresenceAudit audit = new PresenceAudit(store.dataSource(), store.json(), settings.tenant(), clock);
            presence = presenceFactory == null ? null : presenceFactory.create(durable, audit);
            DatabaseHealth database = new DatabaseHealth(store);
            KpiQueries kpis = new KpiQueries(store.dataSource(), settings.tenant(), clock);
            CallHistory calls = new CallHistory(store.dataSource(), store.json(), settings.tenant());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HttpServer.Builder http = HttpServer.builder(durable.engine())
                    .metrics(metrics)
                    .clock(clock)
                    .host(settings.host())
                    .port(settings.port())
                    .tokens(settings.tokens())
                    .kpis(kpiAdapter(kpis))
                    .callHistory(id -> calls.find(id).map(SwitchboardServer::callRecord))
                    .health(database::health)
                    .staticFiles("dashboard");
            if (settings.keystore() != null) {
                http.https(settings.keystore(), settings.keystorePassword());
            }
            if (settings.telephony() != null) {
                http.telephonyWebhook(settings.telephony());
            }
            if (presence != null) {
                PresenceRuntime p = presence;
                http.health(p::health);
                http.graphWebhooks(p.webhookHandler(), p.webhookHandler());
                p.bindMetrics(metrics);
                p.start();
            }
            HttpServer server = http.start();
            return new SwitchboardServer(store, durable, presence, server, database);
        } catch (Exception | Error e) {
            if (presence != null) {
                presence.close();
            }
            if (durable != null) {
                durable.close();
            }
            store.close();
            throw e;
        }
    }

    private static String hostName() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(at + 1);
    }

    /** The store's history answers the API's KPI queries. */
    static KpiQuery kpiAdapter(KpiQueries kpis) {
        return (from, to) -> {
            List<RangeKpis.AgentFigures> agents = new ArrayList<>();
            for (AgentKpis a : kpis.agents(from, to)) {
                agents.add(new RangeKpis.AgentFigures(
                        a.agent(),
                        a.offered(),
                        a.handled(),
                        a.declined(),
                        a.missed(),
                        a.cancelled(),
                        a.ronaCount(),
                        a.reachability(),
                        a.averageSpeedOfAnswer(),
                        a.talkTime(),
                        a.averageTalkTime(),
                        a.handlingTime(),
                        a.staffedTime(),
                        a.occupancy()));
            }
            return new RangeKpis(from, to, kpis.services(from, to), agents);
        };
    }

    /** A call of the store's history as the API's call port describes it. */
    static CallRecord callRecord(dev.switchboard.store.query.CallRecord r) {
        List<CallRecord.Offer> offers = new ArrayList<>(r.offers().size());
        for (OfferRecord o : r.offers()) {
            List<AgentId> agents = new ArrayList<>(o.agents().size());
            Map<AgentId, CallRecord.OfferOutcome> outcomes = new LinkedHashMap<>();
            CancelReason cancelReason = null;
            Instant endedAt = null;
            boolean ringing = false;
            for (OfferResult a : o.agents()) {
                agents.add(a.agent());
                outcomes.put(
                        a.agent(),
                        a.result() == null
                                ? CallRecord.OfferOutcome.RINGING
                                : CallRecord.OfferOutcome.valueOf(a.result()));
                if (a.cancelReason() != null && cancelReason == null) {
                    cancelReason = CancelReason.valueOf(a.cancelReason());
                }
                ringing |= a.endedAt() == null;
                if (a.endedAt() != null && (endedAt == null || a.endedAt().isAfter(endedAt))) {
                    endedAt = a.endedAt();
                }
            }
            offers.add(new CallRecord.Offer(
                    o.offeredAt(),
                    agents,
                    o.expiresAt(),
                    ringing ? null : endedAt,
                    outcomes,
                    cancelReason,
                    o.explanation()));
        }
        return new CallRecord(
                r.call(),
                r.service(),
                r.priority() == null ? Priority.NORMAL : Priority.valueOf(r.priority()),
                r.caller(),
                r.arrivedAt(),
                r.maxLevel(),
                r.answeredBy(),
                r.answeredAt(),
                r.endedAt(),
                r.outcome() == null ? null : CallRecord.Outcome.valueOf(r.outcome()),
                r.actionType() == null ? null : new CallAction(ActionType.valueOf(r.actionType()), r.actionTarget()),
                offers);
    }

    public HttpServer http() {
        return http;
    }

    public DurableEngine engine() {
        return durable;
    }

    public PresenceRuntime presence() {
        return presence;
    }

    public Store store() {
        return store;
    }

    @Override
    public void close() {
        http.close();
        if (presence != null) {
            presence.close();
        }
        durable.close();
        database.close();
        store.close();
    }

    /**
     * The database's health, checked in the background so a health request never waits on the
     * database.
     */
    static final class DatabaseHealth implements AutoCloseable {
        private final Store store;
        private final AtomicReference<ComponentHealth> last;
        private final java.util.concurrent.ScheduledExecutorService checker;

        DatabaseHealth(Store store) {
            this.store = store;
            this.last = new AtomicReference<>(ComponentHealth.ok("database", "database"));
            this.checker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "database-health");
                t.setDaemon(true);
                return t;
            });
            checker.scheduleWithFixedDelay(this::check, 0, 5, java.util.concurrent.TimeUnit.SECONDS);
        }

        private void check() {
            ComponentHealth previous = last.get();
            try (Connection c = store.dataSource().getConnection()) {
                if (!c.isValid(2)) {
                    throw new java.sql.SQLException("connection not valid");
                }
                last.set(new ComponentHealth(
                        "database",
                        "database",
                        ComponentHealth.Status.OK,
                        null,
                        null,
                        null,
                        null,
                        true,
                        Map.of("database", store.description())));
            } catch (Exception e) {
                Instant since = previous.status() == ComponentHealth.Status.DOWN && previous.since() != null
                        ? previous.since()
                        : Instant.now();
                last.set(new ComponentHealth(
                        "database",
                        "database",
                        ComponentHealth.Status.DOWN,
                        "UNREACHABLE",
                        String.valueOf(e.getMessage()),
                        since,
                        "check that the database is running and reachable from this host",
                        true,
                        Map.of("database", store.description())));
            }
        }

        List<ComponentHealth> health() {
            return List.of(last.get());
        }

        @Override
        public void close() {
            checker.shutdownNow();
        }
    }
}
