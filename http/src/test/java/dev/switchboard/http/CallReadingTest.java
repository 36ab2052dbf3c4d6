package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ANNA;
import static dev.switchboard.http.TestServer.BOB;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.TELEPHONY;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.http.live.CallLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading one call: from the in-memory call log, from the history port when the log forgot it,
 * and by agent tokens for the calls that concern their agent.
 */
class CallReadingTest {

    /** A call that rings on one of anna and bob; returns the agent it rings on. */
    private static String ring(TestServer t, String id) {
        TestServer.Response created =
                ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"" + id + "\",\"service\":\"sales\"}"));
        return created.at("/events/1/agents/0").asText();
    }

    private static void answerAndEnd(TestServer t, String id) {
        String agent = ring(t, id);
        ok(t.post("/api/calls/" + id + "/accept", TELEPHONY, "{\"agent\":\"" + agent + "\"}"));
        ok(t.post("/api/calls/" + id + "/end", TELEPHONY, null));
    }

    @Test
    void callsTheLogForgotAreFoundInTheHistory() {
        // An in-memory history: a second call log that forgets nothing, fed by the same engine.
        CallLog history = new CallLog(1_000);
        List<String> asked = new ArrayList<>();
        try (TestServer t = new TestServer(b -> b.callLogSize(1).callHistory(id -> {
            synchronized (asked) {
                asked.add(id.value());
            }
            return history.find(id);
        }))) {
            t.engine.subscribe(history);
            t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":0");
            answerAndEnd(t, "c-old");
            JsonNode whileLogged = ok(t.get("/api/calls/c-old", SUPERVISOR)).json();
            assertThat(asked).isEmpty();
            answerAndEnd(t, "c-new"); // the log keeps one finished call: c-old is forgotten

            TestServer.Response old = ok(t.get("/api/calls/c-old", SUPERVISOR));
            assertThat(asked).contains("c-old");
            assertThat(old.json()).isEqualTo(whileLogged);
            assertThat(old.at("/status").asText()).isEqualTo("ENDED");
            assertThat(old.at("/outcome").asText()).isEqualTo("COMPLETED");
            assertThat(old.at("/offers/0/explanation/candidates").size()).isEqualTo(2);

            TestServer.Response unknown = t.get("/api/calls/c-never", SUPERVISOR);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.at("/code").asText()).isEqualTo("UNKNOWN_CALL");
        }
    }

    @Test
    void withoutAHistoryAForgottenCallIsUnknown() {
        try (TestServer t = new TestServer(b -> b.callLogSize(1))) {
            t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":0");
            answerAndEnd(t, "c-1");
            answerAndEnd(t, "c-2");
            assertThat(t.get("/api/calls/c-1", SUPERVISOR).status()).isEqualTo(404);
            assertThat(t.get("/api/calls/c-2", SUPERVISOR).status()).isEqualTo(200);
        }
    }

    @Test
    void agentsReadTheCallsThatRingOnThemTalkToThemOrWereLastOfferedToThem() {
        try (TestServer t = new TestServer()) {
            t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":0");
            String first = ring(t, "c-1");
            String firstToken = first.equals("anna") ? ANNA : BOB;
            String otherToken = first.equals("anna") ? BOB : ANNA;

            // Ringing: the agent it rings on reads it, with the offer's explanation and deadline.
            TestServer.Response ringing = ok(t.get("/api/calls/c-1", firstToken));
            assertThat(ringing.at("/ringExpiresAt").isTextual()).isTrue();
            assertThat(ringing.at("/offers/0/explanation/rule").asText()).isNotBlank();
            TestServer.Response other = t.get("/api/calls/c-1", otherToken);
            assertThat(other.status()).isEqualTo(403);
            assertThat(other.at("/code").asText()).isEqualTo("FORBIDDEN");

            // Connected: the agent on the call reads it.
            ok(t.post("/api/calls/c-1/accept", firstToken, "{\"agent\":\"" + first + "\"}"));
            assertThat(ok(t.get("/api/calls/c-1", firstToken)).at("/status").asText())
                    .isEqualTo("CONNECTED");
            assertThat(t.get("/api/calls/c-1", otherToken).status()).isEqualTo(403);

            // Ended: still the agent's call; an unknown call is simply not theirs.
            ok(t.post("/api/calls/c-1/end", TELEPHONY, null));
            assertThat(ok(t.get("/api/calls/c-1", firstToken)).at("/outcome").asText())
                    .isEqualTo("COMPLETED");
            assertThat(t.get("/api/calls/c-1", otherToken).status()).isEqualTo(403);
            assertThat(t.get("/api/calls/c-never", firstToken).status()).isEqualTo(403);

            // Declined: the call was last offered to the agent, who may still read it (the other
            // agent is offline, so nobody else is offered the call afterwards).
            String otherAgent = first.equals("anna") ? "bob" : "anna";
            t.presence(otherAgent, Availability.OFFLINE, Activity.OFFLINE);
            assertThat(ring(t, "c-2")).isEqualTo(first);
            ok(t.post("/api/calls/c-2/decline", firstToken, "{\"agent\":\"" + first + "\"}"));
            TestServer.Response declined = ok(t.get("/api/calls/c-2", firstToken));
            assertThat(declined.at("/status").asText()).isEqualTo("WAITING");
            assertThat(declined.at("/offers/0/outcomes/" + first).asText()).isEqualTo("DECLINED");
            assertThat(t.get("/api/calls/c-2", otherToken).status()).isEqualTo(403);
        }
    }
}
