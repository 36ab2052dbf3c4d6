package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.ANNA;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.TELEPHONY;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading agents: several at once, when their status began, and the server's time. */
class AgentReadsTest {
    private TestServer t;

    @BeforeEach
    void start() {
        t = new TestServer();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private List<String> ids(TestServer.Response r) {
        List<String> out = new ArrayList<>();
        r.json().forEach(a -> out.add(a.path("id").asText()));
        return out;
    }

    @Test
    void severalAgentsAtOnceByIdUnknownOnesLeftOut() {
        for (String id : List.of("carl", "anna", "dora", "bob")) {
            ok(t.put("/api/agents/" + id, ADMIN, "{}"));
        }
        TestServer.Response some = ok(t.get("/api/agents?id=dora&id=anna&id=nobody&id=anna", SUPERVISOR));
        assertThat(ids(some)).containsExactly("anna", "dora");
        // Each entry is the same view as the single read.
        JsonNode anna = ok(t.get("/api/agents/anna", SUPERVISOR)).json();
        assertThat(some.json().get(0)).isEqualTo(anna);
        assertThat(ids(ok(t.get("/api/agents", SUPERVISOR)))).containsExactly("anna", "bob", "carl", "dora");
        assertThat(ok(t.get("/api/agents?id=nobody", SUPERVISOR)).json().size()).isZero();

        StringBuilder many = new StringBuilder("/api/agents?id=a0");
        for (int i = 1; i <= 100; i++) {
            many.append("&id=a").append(i);
        }
        TestServer.Response tooMany = t.get(many.toString(), SUPERVISOR);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.at("/code").asText()).isEqualTo("INVALID_PARAMETER");
        assertThat(tooMany.at("/field").asText()).isEqualTo("id");
        TestServer.Response empty = t.get("/api/agents?id=", SUPERVISOR);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.at("/field").asText()).isEqualTo("id");
        assertThat(t.get("/api/agents?id=anna", ANNA).status()).isEqualTo(403);
    }

    @Test
    void statusSinceFollowsTheStatusWord() {
        t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":30");
        t.presence("bob", Availability.OFFLINE, Activity.OFFLINE);
        Instant available = t.clock.instant();
        t.advance(Duration.ofSeconds(60));
        assertThat(status("anna")).isEqualTo("AVAILABLE since " + available);

        ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-1\",\"service\":\"sales\"}"));
        Instant offered = t.clock.instant();
        t.advance(Duration.ofSeconds(5));
        assertThat(status("anna")).isEqualTo("RINGING since " + offered);

        ok(t.post("/api/calls/c-1/accept", ANNA, "{\"agent\":\"anna\"}"));
        Instant connected = t.clock.instant();
        t.advance(Duration.ofSeconds(40));
        assertThat(status("anna")).isEqualTo("CONNECTED since " + connected);

        ok(t.post("/api/calls/c-1/end", TELEPHONY, null));
        Instant ended = t.clock.instant();
        t.advance(Duration.ofSeconds(10));
        assertThat(status("anna")).isEqualTo("AFTER_CALL_WORK since " + ended);
        t.advance(Duration.ofSeconds(20)); // after-call work runs out at 30 s
        assertThat(status("anna")).isEqualTo("AVAILABLE since " + ended.plusSeconds(30));

        ok(t.post("/api/agents/anna/not-ready", ANNA, "{\"reason\":\"Break\"}"));
        Instant notReady = t.clock.instant();
        t.advance(Duration.ofSeconds(3));
        // The presence changes underneath, the status word does not.
        t.presence("anna", Availability.BUSY, Activity.IN_A_MEETING);
        assertThat(status("anna")).isEqualTo("NOT_READY since " + notReady);
        ok(t.post("/api/agents/anna/ready", ANNA, null));
        assertThat(status("anna")).isEqualTo("IN_A_MEETING since " + t.clock.instant());

        // Everywhere an agent view appears, the same.
        JsonNode state = ok(t.get("/api/state", SUPERVISOR)).json();
        assertThat(state.at("/agents/0/id").asText()).isEqualTo("anna");
        assertThat(state.at("/agents/0/statusSince").asText())
                .isEqualTo(t.clock.instant().toString());
        assertThat(ok(t.get("/api/agents?id=anna", SUPERVISOR))
                        .at("/0/statusSince")
                        .asText())
                .isEqualTo(t.clock.instant().toString());
    }

    @Test
    void aServerStartedLaterTakesTheStatusesFromTheCore() {
        t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":0");
        ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-1\",\"service\":\"sales\"}"));
        String agent = ok(t.get("/api/calls/c-1", SUPERVISOR)).at("/ringing/0").asText();
        String other = agent.equals("anna") ? "bob" : "anna";
        t.advance(Duration.ofSeconds(4));
        ok(t.post("/api/calls/c-1/accept", TELEPHONY, "{\"agent\":\"" + agent + "\"}"));
        Instant connected = t.clock.instant();
        t.advance(Duration.ofSeconds(2));
        ok(t.post("/api/agents/" + other + "/not-ready", ADMIN, null));
        Instant notReady = t.clock.instant();
        t.advance(Duration.ofSeconds(20));

        // A second server on the same engine saw none of these events.
        try (HttpServer late = HttpServer.builder(t.engine)
                .clock(t.clock)
                .port(0)
                .staticFiles(null)
                .tokens(TestServer.tokens())
                .start()) {
            TestServer.Response talking = t.send("GET", "/api/agents/" + agent, SUPERVISOR, (String) null);
            assertThat(talking.at("/statusSince").asText()).isEqualTo(connected.toString());
            String base = late.baseUrl();
            JsonNode lateTalking = get(base + "/api/agents/" + agent);
            assertThat(lateTalking.path("status").asText()).isEqualTo("CONNECTED");
            assertThat(lateTalking.path("statusSince").asText()).isEqualTo(connected.toString());
            // Not ready began before this server too: the core knows when.
            JsonNode lateNotReady = get(base + "/api/agents/" + other);
            assertThat(lateNotReady.path("status").asText()).isEqualTo("NOT_READY");
            assertThat(lateNotReady.path("statusSince").asText()).isEqualTo(notReady.toString());
            t.advance(Duration.ofSeconds(5));
            ok(t.post("/api/agents/" + other + "/ready", ADMIN, null));
            assertThat(get(base + "/api/agents/" + other).path("statusSince").asText())
                    .isEqualTo(t.clock.instant().toString());
        }
    }

    @Test
    void stateAndMeTellTheServersTimeNow() {
        t.salesWithAnnaAndBob("");
        t.clock.advance(Duration.ofMinutes(7)); // no command since: the state's "at" stays behind
        Instant now = t.clock.instant();
        JsonNode state = ok(t.get("/api/state", SUPERVISOR)).json();
        assertThat(state.path("now").asText()).isEqualTo(now.toString());
        assertThat(Instant.parse(state.path("at").asText())).isBefore(now);
        assertThat(ok(t.get("/api/me", ANNA)).at("/now").asText()).isEqualTo(now.toString());
    }

    private String status(String agent) {
        JsonNode a = ok(t.get("/api/agents/" + agent, SUPERVISOR)).json();
        return a.path("status").asText() + " since " + a.path("statusSince").asText();
    }

    private JsonNode get(String url) {
        try {
            var r = t.client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                            .header("Authorization", "Bearer " + SUPERVISOR)
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return t.json.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
