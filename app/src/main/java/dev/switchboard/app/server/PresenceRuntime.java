package dev.switchboard.app.server;

import dev.switchboard.app.presence.PresenceConfig;
import dev.switchboard.app.presence.PresenceWiring;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.http.port.ComponentHealth;
import dev.switchboard.http.port.WebhookHandler;
import dev.switchboard.presence.graph.GraphPresenceService;
import dev.switchboard.presence.graph.HealthStatus;
import dev.switchboard.presence.graph.SourceHealth;
import dev.switchboard.presence.graph.TrackedUser;
import dev.switchboard.presence.graph.coarse.CoarsePresenceSource;
import dev.switchboard.presence.graph.webhook.HttpsWebhookServer;
import dev.switchboard.presence.graph.webhook.WebhookRequest;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import dev.switchboard.store.query.PresenceAudit;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence tracking in a running server: keeps the Graph adapter's list of tracked users in line
 * with the engine's agents, maps its health to the HTTP health port, and records every health
 * change in the store's presence-source audit.
 */
public final class PresenceRuntime implements EventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PresenceRuntime.class);

    private final GraphPresenceService service;
    private final HttpsWebhookServer listener;
    private final Engine engine;
    private final PresenceAudit audit;
    private final ScheduledExecutorService worker;
    private final AtomicBoolean trackingDue = new AtomicBoolean();
    private final Map<String, SourceHealth> lastRecorded = new HashMap<>();
    private final PresenceMetrics metrics;

    /**
     * @param listener the built-in HTTPS webhook listener, or null when the webhook is mounted on
     *     the HTTP server (or there is none)
     * @param metrics the callback the adapter was built with ({@code receiptToEngine}), or null
     */
    public PresenceRuntime(
            GraphPresenceService service,
            HttpsWebhookServer listener,
            Engine engine,
            PresenceAudit audit,
            PresenceMetrics metrics) {
        this.service = Objects.requireNonNull(service);
        this.metrics = metrics;
        this.listener = listener;
        this.engine = Objects.requireNonNull(engine);
        this.audit = audit;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "presence-runtime");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Builds the Graph adapter from the configuration file's {@code presence:} section. Without a
     * listener of its own, its webhook is served by the HTTP server at {@code
     * /webhooks/graph/presence}.
     */
    public static PresenceRuntime fromConfig(PresenceConfig config, Engine engine, PresenceAudit audit)
            throws java.io.IOException {
        SSLContext tls = PresenceWiring.clientTls(config);
        CoarsePresenceSource coarse = PresenceWiring.coarseSource(config, tls);
        PresenceMetrics metrics = new PresenceMetrics();
        GraphPresenceService service = GraphPresenceService.builder(config.settings(), engine)
                .sslContext(tls)
                .receiptToEngine(metrics)
                .coarseSource(coarse)
                .scheduler(Executors.newScheduledThreadPool(2, r -> {
                    Thread t = new Thread(r, "graph-presence");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        HttpsWebhookServer listener =
                config.listen() == null ? null : PresenceWiring.startListener(config, service.webhook(), coarse);
        return new PresenceRuntime(service, listener, engine, audit, metrics);
    }

    /** Tracks the engine's current agents, starts the adapter and the audit of health changes. */
    public void start() {
        service.track(trackedUsers());
        service.start();
        engine.subscribe(this);
        worker.scheduleWithFixedDelay(this::recordHealthChanges, 0, 5, TimeUnit.SECONDS);
    }

    /** On the engine's thread: only note that the agent list changed; the worker does the rest. */
    @Override
    public void publish(List<JournaledEvent> events) {
        for (JournaledEvent e : events) {
            if (e.event() instanceof Event.AgentConfigured || e.event() instanceof Event.AgentRemoved) {
                if (trackingDue.compareAndSet(false, true)) {
                    worker.schedule(this::retrack, 200, TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
    }

    private void retrack() {
        trackingDue.set(false);
        try {
            service.track(trackedUsers());
        } catch (RuntimeException e) {
            log.warn("updating the tracked users failed", e);
        }
    }

    private List<TrackedUser> trackedUsers() {
        List<TrackedUser> users = new ArrayList<>();
        for (AgentView a : engine.snapshot().agents().values()) {
            users.add(new TrackedUser(a.config().id(), a.config().userId()));
        }
        users.sort((x, y) -> x.agent().compareTo(y.agent()));
        return users;
    }

    private void recordHealthChanges() {
        if (audit == null) {
            return;
        }
        try {
            for (SourceHealth h : service.health()) {
                SourceHealth before = lastRecorded.get(h.source());
                if (before == null
                        || before.status() != h.status()
                        || !before.since().equals(h.since())) {
                    audit.recordHealth(
                            h.source(), null, auditStatus(h.status()), h.ok() ? null : h.label(), h.since(), h.fix());
                    lastRecorded.put(h.source(), h);
                }
            }
        } catch (RuntimeException e) {
            log.warn("recording presence health failed", e);
        }
    }

    private static PresenceAudit.HealthStatus auditStatus(HealthStatus status) {
        return switch (componentStatus(status)) {
            case OK -> PresenceAudit.HealthStatus.OK;
            case DEGRADED -> PresenceAudit.HealthStatus.DEGRADED;
            case DOWN -> PresenceAudit.HealthStatus.DOWN;
        };
    }

    /** OK stays OK; throttling and "not checked yet" degrade; everything an admin must fix is down. */
    static ComponentHealth.Status componentStatus(HealthStatus status) {
        if (status == HealthStatus.OK) {
            return ComponentHealth.Status.OK;
        }
        return status.needsAdmin() ? ComponentHealth.Status.DOWN : ComponentHealth.Status.DEGRADED;
    }

    /** The adapter's sources and accounts as health components. */
    public List<ComponentHealth> health() {
        List<ComponentHealth> out = new ArrayList<>();
        for (SourceHealth h : service.health()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("agents", h.agents());
            if (!h.detail().isEmpty()) {
                details.put("detail", h.detail());
            }
            out.add(new ComponentHealth(
                    h.source(),
                    h.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    componentStatus(h.status()),
                    h.ok() ? null : h.label(),
                    h.ok() ? null : h.detail().isEmpty() ? h.status().name() : h.detail(),
                    h.since(),
                    h.ok() ? null : h.fix(),
                    false,
                    details));
        }
        return out;
    }

    /** The adapter's webhook as a handler for the HTTP server's Graph webhook routes. */
    public WebhookHandler webhookHandler() {
        return request -> {
            WebhookResponse r = service.webhook()
                    .handle(new WebhookRequest(request.method(), request.query(), request.headers(), request.body()));
            return new WebhookHandler.Response(r.status(), r.contentType(), r.body(), r.headers());
        };
    }

    /** Puts the adapter's meters on the server's registry. */
    public void bindMetrics(MeterRegistry registry) {
        if (metrics != null) {
            metrics.bind(registry, service);
        }
    }

    public GraphPresenceService service() {
        return service;
    }

    @Override
    public void close() {
        engine.unsubscribe(this);
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        if (listener != null) {
            listener.close();
        }
    }
}
