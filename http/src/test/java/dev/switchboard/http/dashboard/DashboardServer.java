package dev.switchboard.http.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.testing.Scenario;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.InMemoryJournal;
import dev.switchboard.engine.VirtualClock;
import dev.switchboard.http.HttpServer;
import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.auth.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real server with the real dashboard files in front of a real engine (in-memory journal,
 * virtual clock), with one token per role, an injectable health port and an in-memory KPI history.
 */
final class DashboardServer implements AutoCloseable {
    static final String ADMIN = "dashboard-admin-token-0001";
    static final String SUPERVISOR = "dashboard-supervisor-token-01";
    static final String ANNA = "dashboard-agent-anna-token-01";
    static final String TELEPHONY = "dashboard-telephony-token-01";

    static final Duration WAIT = Duration.ofSeconds(10);

    final VirtualClock clock = new VirtualClock(Scenario.T0);
    final MutableHealth health = new MutableHealth();
    final InMemoryKpiHistory kpis = new InMemoryKpiHistory(Duration.ofSeconds(20));
    final Engine engine;
    private HttpServer server;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong presenceSequence = new AtomicLong(1000);

    DashboardServer() {
        engine = Engine.start(
                "dashboard", RoutingCore.indexed(), new InMemoryJournal(), clock, EngineOptions.defaults());
        server = startHttp(0);
    }

    private HttpServer startHttp(int port) {
        return HttpServer.builder(engine)
                .clock(clock)
                .port(port)
                .tokens(List.of(
                        ApiToken.fromSecret("ops", Set.of(Role.ADMIN), null, ADMIN),
                        ApiToken.fromSecret("floor-supervisor", Set.of(Role.SUPERVISOR), null, SUPERVISOR),
                        ApiToken.fromSecret("anna", Set.of(Role.AGENT), AgentId.of("anna"), ANNA),
                        ApiToken.fromSecret("telephony", Set.of(Role.TELEPHONY), null, TELEPHONY)))
                .health(health)
                .kpis(kpis)
                .start();
    }

    /** Stops the HTTP server (the engine goes on) and returns its port, to start again on. */
    int stopHttp() {
        int port = server.port();
        server.close();
        return port;
    }

    /** A new HTTP server on {@code port} in front of the same engine, as after a restart. */
    void startHttpAgain(int port) {
        server = startHttp(port);
    }

    String url(String path) {
        return server.baseUrl() + path;
    }

    /** The page with the token in the fragment, as the demo prints it. */
    String page(String path, String token) {
        return url(path) + "#token=" + token;
    }

    Instant now() {
        return clock.instant();
    }

    JsonNode send(String method, String path, String token, String body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(WAIT)
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> res = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " answered " + res.statusCode() + " " + res.body());
            }
            return res.body().isEmpty() ? json.nullNode() : json.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode get(String path) {
        return send("GET", path, ADMIN, null);
    }

    JsonNode put(String path, String body) {
        return send("PUT", path, ADMIN, body);
    }

    JsonNode post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** Presence as the Graph adapter reports it: straight to the engine, not over HTTP. */
    void presence(String agent, Availability availability, Activity activity) {
        engine.submitAndWait(
                new Command.PresenceObserved(
                        now(),
                        AgentId.of(agent),
                        Presence.detailed(
                                availability,
                                activity,
                                "presence-account:pa1",
                                String.format("%08d", presenceSequence.incrementAndGet()),
                                now())),
                WAIT);
    }

    void available(String... agents) {
        for (String a : agents) {
            presence(a, Availability.AVAILABLE, Activity.AVAILABLE);
        }
    }

    /** The presence adapter lost (or regained) detailed tracking for these agents. */
    void detailedTracking(boolean tracking, String source, String reason, String... agents) {
        engine.submitAndWait(
                new Command.PresenceTrackingChanged(
                        now(),
                        List.of(agents).stream().map(AgentId::of).toList(),
                        Fidelity.DETAILED,
                        tracking,
                        source,
                        reason),
                WAIT);
    }

    /** Agents in one service (members in this order), all available. */
    void service(String service, String serviceFields, String... agents) {
        StringBuilder members = new StringBuilder();
        for (String a : agents) {
            members.append(members.isEmpty() ? "" : ",").append('"').append(a).append('"');
        }
        put(
                "/api/services/" + service,
                "{\"members\":[" + members + "]" + (serviceFields.isEmpty() ? "" : "," + serviceFields) + "}");
        available(agents);
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
