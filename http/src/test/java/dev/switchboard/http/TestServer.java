package dev.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.testing.Scenario;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.InMemoryJournal;
import dev.switchboard.engine.VirtualClock;
import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.auth.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real engine (in-memory journal, virtual clock) behind a real server on a free port, with one
 * token per role, and a small JDK HttpClient wrapper.
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN = "admin-secret-token-0001";
    static final String SUPERVISOR = "supervisor-secret-token-0001";
    static final String ANNA = "agent-anna-secret-token-0001";
    static final String BOB = "agent-bob-secret-token-00001";
    static final String TELEPHONY = "telephony-secret-token-0001";

    static final Duration WAIT = Duration.ofSeconds(10);

    final VirtualClock clock = new VirtualClock(Scenario.T0);
    final InMemoryJournal journal = new InMemoryJournal();
    final Engine engine;
    final HttpServer server;
    final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final ObjectMapper json = new ObjectMapper();
    private final AtomicLong presenceSeq = new AtomicLong(1000);

    TestServer() {
        this(b -> {});
    }

    TestServer(Consumer<HttpServer.Builder> customize) {
        engine = Engine.start("test", RoutingCore.indexedWithChecks(), journal, clock, EngineOptions.defaults());
        HttpServer.Builder b = HttpServer.builder(engine)
                .clock(clock)
                .port(0)
                .staticFiles("test-dashboard")
                .tokens(tokens());
        customize.accept(b);
        server = b.start();
    }

    static List<ApiToken> tokens() {
        return List.of(
                ApiToken.fromSecret("admin", Set.of(Role.ADMIN), null, ADMIN),
                ApiToken.fromHash("supervisor", Set.of(Role.SUPERVISOR), null, ApiToken.hashOf(SUPERVISOR)),
                ApiToken.fromSecret("anna", Set.of(Role.AGENT), AgentId.of("anna"), ANNA),
                ApiToken.fromSecret("bob", Set.of(Role.AGENT), AgentId.of("bob"), BOB),
                ApiToken.fromSecret("telephony", Set.of(Role.TELEPHONY), null, TELEPHONY));
    }

    String url(String path) {
        return server.baseUrl() + path;
    }

    /** A response with its body parsed as JSON when it is JSON. */
    record Response(int status, String body, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        JsonNode at(String pointer) {
            return json.at(pointer);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response send(String method, String path, String token, String body) {
        return send(method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), null);
    }

    Response send(String method, String path, String token, byte[] body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(url(path))), method, token, body, contentType);
    }

    /** Sends the body only after the server's 100 Continue (or not at all if it answers first). */
    Response sendExpectingContinue(String method, String path, String token, String body) {
        return send(
                HttpRequest.newBuilder(URI.create(url(path))).expectContinue(true),
                method,
                token,
                body.getBytes(StandardCharsets.UTF_8),
                null);
    }

    private Response send(HttpRequest.Builder r, String method, String token, byte[] body, String contentType) {
        r.timeout(WAIT);
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            r.header("Content-Type", contentType == null ? "application/json" : contentType);
        }
        r.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> res = client.send(r.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = null;
            String type = res.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !res.body().isEmpty()) {
                parsed = json.readTree(res.body());
            }
            return new Response(res.statusCode(), res.body(), res, parsed);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Response get(String path, String token) {
        return send("GET", path, token, (String) null);
    }

    Response post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    Response put(String path, String token, String body) {
        return send("PUT", path, token, body);
    }

    Response delete(String path, String token) {
        return send("DELETE", path, token, (String) null);
    }

    /** Reports presence straight to the engine (presence arrives from the Graph adapter, not HTTP). */
    void presence(String agent, Availability availability, Activity activity) {
        engine.submitAndWait(
                new Command.PresenceObserved(
                        clock.instant(),
                        AgentId.of(agent),
                        Presence.detailed(
                                availability,
                                activity,
                                "test",
                                String.format("%08d", presenceSeq.incrementAndGet()),
                                clock.instant())),
                WAIT);
    }

    void available(String... agents) {
        for (String a : agents) {
            presence(a, Availability.AVAILABLE, Activity.AVAILABLE);
        }
    }

    /** Moves the virtual clock and lets the engine fire what is due. */
    void advance(Duration d) {
        clock.advance(d);
        engine.poke().join();
    }

    /** Agents anna and bob (available) in service sales with the given extra service JSON fields. */
    void salesWithAnnaAndBob(String extraServiceFields) {
        ok(put("/api/agents/anna", ADMIN, "{\"displayName\":\"Anna\",\"skills\":{\"english\":7}}"));
        ok(put("/api/agents/bob", ADMIN, "{\"skills\":{\"english\":3}}"));
        ok(put(
                "/api/services/sales",
                ADMIN,
                "{\"members\":[\"anna\",\"bob\"]" + (extraServiceFields.isEmpty() ? "" : "," + extraServiceFields)
                        + "}"));
        available("anna", "bob");
    }

    static Response ok(Response r) {
        if (r.status() >= 300) {
            throw new AssertionError("expected success, got " + r);
        }
        return r;
    }

    @Override
    public void close() {
        server.close();
        engine.close();
    }
}
