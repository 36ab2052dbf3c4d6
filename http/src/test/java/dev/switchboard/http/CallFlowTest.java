package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.ANNA;
import static dev.switchboard.http.TestServer.BOB;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.TELEPHONY;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Call control end to end: HTTP in, offers out on the event stream, KPIs at the end. */
class CallFlowTest {
    private TestServer t;

    @BeforeEach
    void start() {
        t = new TestServer();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static String token(String agent) {
        return agent.equals("anna") ? ANNA : BOB;
    }

    @Test
    void createOfferDeclineAcceptEndAndKpis() {
        t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":30,\"serviceLevelTargetSeconds\":20");
        Instant start = t.clock.instant();
        try (SseClient stream = SseClient.connect(t.client, t.url("/api/events"), SUPERVISOR, null)) {
            assertThat(stream.status()).isEqualTo(200);

            TestServer.Response created = t.post(
                    "/api/calls", TELEPHONY, "{\"id\":\"c-1\",\"service\":\"sales\",\"caller\":\"+41790000000\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo("/api/calls/c-1");
            assertThat(created.at("/status").asText()).isEqualTo("RINGING");
            assertThat(created.at("/events/0/type").asText()).isEqualTo("CallQueued");

            SseClient.Message queued = stream.awaitType("CallQueued");
            SseClient.Message offered = stream.awaitType("CallOffered");
            assertThat(offered.sequence()).isEqualTo(queued.sequence() + 1);
            JsonNode offer = offered.json();
            assertThat(offer.path("call").asText()).isEqualTo("c-1");
            assertThat(offer.at("/explanation/candidates").size()).isGreaterThanOrEqualTo(2);
            String first = offer.at("/agents/0").asText();
            String second = first.equals("anna") ? "bob" : "anna";

            TestServer.Response ringing = ok(t.get("/api/calls/c-1", SUPERVISOR));
            assertThat(ringing.at("/status").asText()).isEqualTo("RINGING");
            assertThat(ringing.at("/ringing/0").asText()).isEqualTo(first);
            assertThat(ringing.at("/offers/0/outcomes/" + first).asText()).isEqualTo("RINGING");
            assertThat(ringing.at("/offers/0/explanation/summary").asText()).contains("DIRECT");

            // The other agent may not answer this offer, and not with the first one's token.
            assertThat(t.post("/api/calls/c-1/accept", TELEPHONY, "{\"agent\":\"" + second + "\"}")
                            .at("/code")
                            .asText())
                    .isEqualTo("NOT_RINGING_FOR_AGENT");
            assertThat(t.post("/api/calls/c-1/accept", token(second), "{\"agent\":\"" + first + "\"}")
                            .status())
                    .isEqualTo(403);

            // The first declines (with its own agent token): RONA, and the call goes to the second.
            TestServer.Response declined =
                    ok(t.post("/api/calls/c-1/decline", token(first), "{\"agent\":\"" + first + "\"}"));
            assertThat(declined.json().findValuesAsText("type"))
                    .contains("OfferDeclined", "RonaStarted", "CallOffered");
            SseClient.Message reoffer = stream.awaitType("CallOffered");
            assertThat(reoffer.json().at("/agents/0").asText()).isEqualTo(second);
            assertThat(ok(t.get("/api/agents/" + first, SUPERVISOR))
                            .at("/status")
                            .asText())
                    .isEqualTo("RONA");

            t.advance(Duration.ofSeconds(4));
            ok(t.post("/api/calls/c-1/accept", TELEPHONY, "{\"agent\":\"" + second + "\"}"));
            assertThat(stream.awaitType("CallConnected").json().path("agent").asText())
                    .isEqualTo(second);
            JsonNode agentView = ok(t.get("/api/agents/" + second, SUPERVISOR)).json();
            assertThat(agentView.path("status").asText()).isEqualTo("CONNECTED");
            assertThat(agentView.path("connectedCall").asText()).isEqualTo("c-1");
            assertThat(agentView.at("/services/0/reasons/0/code").asText()).isEqualTo("CONNECTED");

            t.advance(Duration.ofSeconds(60));
            ok(t.post("/api/calls/c-1/end", TELEPHONY, null));
            stream.awaitType("CallCompleted");
            stream.awaitType("AfterCallWorkStarted");

            TestServer.Response ended = ok(t.get("/api/calls/c-1", SUPERVISOR));
            assertThat(ended.at("/status").asText()).isEqualTo("ENDED");
            assertThat(ended.at("/outcome").asText()).isEqualTo("COMPLETED");
            assertThat(ended.at("/agent").asText()).isEqualTo(second);
            assertThat(ended.at("/offers").size()).isEqualTo(2);
            assertThat(ended.at("/offers/0/outcomes/" + first).asText()).isEqualTo("DECLINED");
            assertThat(ended.at("/offers/1/outcomes/" + second).asText()).isEqualTo("ACCEPTED");
            assertThat(ended.at("/offers/1/explanation/candidates/0/agent").asText())
                    .isEqualTo(second);

            TestServer.Response kpis = ok(
                    t.get("/api/kpis?from=" + start + "&to=" + t.clock.instant().plusSeconds(1), SUPERVISOR));
            JsonNode sales = service(kpis.json(), "sales");
            assertThat(sales.path("offered").asInt()).isEqualTo(1);
            assertThat(sales.path("handled").asInt()).isEqualTo(1);
            assertThat(sales.path("answeredWithinTarget").asInt()).isEqualTo(1);
            assertThat(sales.path("averageSpeedOfAnswerSeconds").asDouble()).isEqualTo(4.0);
            assertThat(sales.path("averageTalkSeconds").asDouble()).isEqualTo(60.0);
            assertThat(sales.path("serviceLevel").asDouble()).isEqualTo(1.0);
            assertThat(sales.path("reachability").asDouble()).isEqualTo(1.0);
            JsonNode firstKpis = agent(kpis.json(), first);
            assertThat(firstKpis.path("offered").asInt()).isEqualTo(1);
            assertThat(firstKpis.path("declined").asInt()).isEqualTo(1);
            assertThat(firstKpis.path("ronaCount").asInt()).isEqualTo(1);
            assertThat(firstKpis.path("handled").asInt()).isEqualTo(0);
            JsonNode secondKpis = agent(kpis.json(), second);
            assertThat(secondKpis.path("handled").asInt()).isEqualTo(1);
            assertThat(secondKpis.path("talkSeconds").asDouble()).isEqualTo(60.0);
            assertThat(secondKpis.path("occupancy").asDouble()).isGreaterThan(0.0);

            TestServer.Response filtered = ok(t.get("/api/kpis?service=none&agent=" + first, SUPERVISOR));
            assertThat(filtered.at("/services").size()).isZero();
            assertThat(filtered.at("/agents").size()).isEqualTo(1);
        }
    }

    private static JsonNode service(JsonNode kpis, String id) {
        for (JsonNode s : kpis.path("services")) {
            if (s.path("service").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no KPIs for service " + id + " in " + kpis);
    }

    private static JsonNode agent(JsonNode kpis, String id) {
        for (JsonNode a : kpis.path("agents")) {
            if (a.path("agent").asText().equals(id)) {
                return a;
            }
        }
        throw new AssertionError("no KPIs for agent " + id + " in " + kpis);
    }

    @Test
    void callerHangsUpWhileWaitingAndCallsAreRejectedOrOverflowed() {
        ok(t.put("/api/agents/anna", ADMIN, "{}"));
        ok(t.put("/api/services/sales", ADMIN, "{\"members\":[\"anna\"]}"));
        // Anna is offline: the call waits.
        TestServer.Response waiting =
                ok(t.post("/api/calls", TELEPHONY, "{\"service\":\"sales\",\"priority\":\"high\"}"));
        String id = waiting.at("/id").asText();
        assertThat(id).isNotBlank();
        assertThat(waiting.at("/status").asText()).isEqualTo("WAITING");
        JsonNode service = ok(t.get("/api/services/sales", TestServer.ANNA)).json();
        assertThat(service.at("/waiting/0/id").asText()).isEqualTo(id);
        assertThat(service.at("/waiting/0/priority").asText()).isEqualTo("HIGH");
        assertThat(ok(t.get("/api/calls", TELEPHONY)).json().findValuesAsText("id"))
                .containsExactly(id);

        assertThat(t.post("/api/calls", TELEPHONY, "{\"id\":\"" + id + "\",\"service\":\"sales\"}")
                        .at("/code")
                        .asText())
                .isEqualTo("DUPLICATE_CALL");
        assertThat(t.post("/api/calls/" + id + "/end", TELEPHONY, null)
                        .at("/code")
                        .asText())
                .isEqualTo("CALL_NOT_CONNECTED");

        ok(t.post("/api/calls/" + id + "/hangup", TELEPHONY, null));
        TestServer.Response abandoned = ok(t.get("/api/calls/" + id, TELEPHONY));
        assertThat(abandoned.at("/outcome").asText()).isEqualTo("ABANDONED");
        assertThat(t.post("/api/calls/" + id + "/hangup", TELEPHONY, null).status())
                .isEqualTo(404);

        ok(t.put(
                "/api/services/tiny",
                ADMIN,
                "{\"members\":[\"anna\"],\"queue\":{\"maxSize\":0,"
                        + "\"overflowAction\":{\"type\":\"VOICEMAIL\",\"target\":\"box\"}}}"));
        TestServer.Response overflow = ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-over\",\"service\":\"tiny\"}"));
        assertThat(overflow.at("/status").asText()).isEqualTo("OVERFLOWED");
        TestServer.Response overflowed = ok(t.get("/api/calls/c-over", SUPERVISOR));
        assertThat(overflowed.at("/action/type").asText()).isEqualTo("VOICEMAIL");

        // Closed all week: rejected with the closed action.
        ok(t.put(
                "/api/services/closed",
                ADMIN,
                "{\"openingHours\":{\"zone\":\"UTC\"},"
                        + "\"closedAction\":{\"type\":\"FORWARD\",\"target\":\"+4100\"}}"));
        TestServer.Response rejected =
                ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-closed\",\"service\":\"closed\"}"));
        assertThat(rejected.at("/status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.at("/events/0/reason").asText()).isEqualTo("CLOSED");

        TestServer.Response unknown = t.post("/api/calls", TELEPHONY, "{\"service\":\"nope\"}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.at("/code").asText()).isEqualTo("UNKNOWN_SERVICE");
        assertThat(unknown.at("/field").asText()).isEqualTo("service");
        TestServer.Response badPriority =
                t.post("/api/calls", TELEPHONY, "{\"service\":\"sales\",\"priority\":\"urgent\"}");
        assertThat(badPriority.at("/field").asText()).isEqualTo("priority");
        assertThat(t.post("/api/calls/nope/accept", TELEPHONY, "{\"agent\":\"anna\"}")
                        .status())
                .isEqualTo(404);
        TestServer.Response unknownAgent = t.post("/api/calls/c-closed/accept", TELEPHONY, "{\"agent\":\"zed\"}");
        assertThat(unknownAgent.status()).isIn(404, 422);
    }

    @Test
    void agentActionsForThemselves() {
        t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":30,\"requiresDuty\":true");
        ok(t.put("/api/profiles/on", ADMIN, "{\"onDuty\":true}"));

        JsonNode anna = ok(t.get("/api/agents/anna", ANNA)).json();
        assertThat(anna.at("/services/0/selectable").asBoolean()).isFalse();
        assertThat(anna.at("/services/0/reasons/0/code").asText()).isEqualTo("OFF_DUTY");

        TestServer.Response duty = ok(t.put("/api/agents/anna/duty", ANNA, "{\"profile\":\"on\"}"));
        assertThat(duty.at("/events/0/type").asText()).isEqualTo("DutyChanged");
        assertThat(t.put("/api/agents/anna/duty", ANNA, "{\"profile\":\"nope\"}")
                        .at("/field")
                        .asText())
                .isEqualTo("profile");
        assertThat(t.put("/api/agents/anna/duty", ANNA, "{}").at("/code").asText())
                .isEqualTo("MISSING_FIELD");
        JsonNode onDuty = ok(t.get("/api/agents/anna", ANNA)).json();
        assertThat(onDuty.path("profile").asText()).isEqualTo("on");
        assertThat(onDuty.at("/services/0/selectable").asBoolean()).isTrue();
        assertThat(onDuty.at("/presence/effective/availability").asText()).isEqualTo("AVAILABLE");
        assertThat(onDuty.at("/presence/effective/fidelity").asText()).isEqualTo("DETAILED");
        assertThat(onDuty.at("/presence/effective/ageSeconds").asInt()).isZero();
        assertThat(onDuty.at("/presence/coarse").isNull()).isTrue();

        ok(t.put("/api/agents/anna/services/sales/active", ANNA, "{\"active\":false}"));
        assertThat(ok(t.get("/api/agents/anna", ANNA))
                        .at("/services/0/reasons/0/code")
                        .asText())
                .isEqualTo("INACTIVE_IN_SERVICE");
        ok(t.put("/api/agents/anna/services/sales/active", ANNA, "{\"active\":true}"));
        ok(t.put("/api/services/other", ADMIN, "{}"));
        assertThat(t.put("/api/agents/anna/services/other/active", ANNA, "{\"active\":true}")
                        .at("/code")
                        .asText())
                .isEqualTo("NOT_A_MEMBER");

        TestServer.Response notReady = ok(t.post("/api/agents/anna/not-ready", ANNA, "{\"reason\":\"Break\"}"));
        assertThat(notReady.at("/events/0/reason").asText()).isEqualTo("Break");
        assertThat(ok(t.get("/api/agents/anna", ANNA)).at("/notReadyReason").asText())
                .isEqualTo("Break");
        ok(t.post("/api/agents/anna/ready", ANNA, null));
        assertThat(ok(t.post("/api/agents/anna/ready", ANNA, null))
                        .at("/events")
                        .size())
                .as("ready twice changes nothing")
                .isZero();

        // Not in after-call work yet.
        assertThat(t.post("/api/agents/anna/acw/end", ANNA, null).at("/code").asText())
                .isEqualTo("NOT_IN_AFTER_CALL_WORK");
        // Only its own agent.
        assertThat(t.post("/api/agents/bob/ready", ANNA, null).status()).isEqualTo(403);
        assertThat(t.get("/api/agents/bob", ANNA).status()).isEqualTo(403);
        // Supervisors act for anyone.
        ok(t.put("/api/agents/bob/duty", SUPERVISOR, "{\"profile\":\"on\"}"));

        // A call to anna, then after-call work: extend and end early.
        t.presence("bob", Availability.BUSY, Activity.IN_A_CALL);
        TestServer.Response call = ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-acw\",\"service\":\"sales\"}"));
        assertThat(call.at("/events/1/agents/0").asText()).isEqualTo("anna");
        ok(t.post("/api/calls/c-acw/accept", ANNA, "{\"agent\":\"anna\"}"));
        ok(t.post("/api/calls/c-acw/hangup", TELEPHONY, null));
        assertThat(ok(t.get("/api/agents/anna", ANNA)).at("/status").asText()).isEqualTo("AFTER_CALL_WORK");
        assertThat(t.post("/api/agents/anna/acw/extend", ANNA, "{\"seconds\":0}")
                        .at("/field")
                        .asText())
                .isEqualTo("seconds");
        TestServer.Response extended = ok(t.post("/api/agents/anna/acw/extend", ANNA, "{\"seconds\":120}"));
        assertThat(extended.at("/events/0/until").asText())
                .isEqualTo(t.clock.instant().plusSeconds(120).toString());
        ok(t.post("/api/agents/anna/acw/end", ANNA, null));
        assertThat(ok(t.get("/api/agents/anna", ANNA)).at("/status").asText()).isEqualTo("AVAILABLE");

        // RONA: anna misses an offer; she resets it herself.
        ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-rona\",\"service\":\"sales\"}"));
        t.advance(Duration.ofSeconds(31));
        assertThat(ok(t.get("/api/agents/anna", ANNA)).at("/status").asText()).isEqualTo("RONA");
        TestServer.Response reset = ok(t.post("/api/agents/anna/rona/reset", ANNA, null));
        assertThat(reset.json().findValuesAsText("type")).contains("RonaCleared");

        // External calls from the telephony side.
        TestServer.Response external = ok(t.post("/api/agents/bob/external-call", TELEPHONY, "{\"inCall\":true}"));
        assertThat(external.at("/events/0/type").asText()).isEqualTo("ExternalCallChanged");
        assertThat(t.post("/api/agents/bob/external-call", TELEPHONY, "{\"inCall\":\"yes\"}")
                        .status())
                .isEqualTo(400);
        assertThat(t.post("/api/agents/bob/external-call", ANNA, "{\"inCall\":true}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void stateHasTheJournalVersionAndEverything() {
        t.salesWithAnnaAndBob("");
        ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-s\",\"service\":\"sales\"}"));
        JsonNode state = ok(t.get("/api/state", SUPERVISOR)).json();
        assertThat(state.path("version").asLong()).isEqualTo(t.journal.lastSequence());
        assertThat(state.path("agents").size()).isEqualTo(2);
        assertThat(state.path("services").size()).isEqualTo(1);
        assertThat(state.at("/calls/0/id").asText()).isEqualTo("c-s");
        assertThat(state.at("/calls/0/offers/0/explanation/type").asText()).isEqualTo("DIRECT");
    }
}
