package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ANNA;
import static dev.switchboard.http.TestServer.BOB;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.TELEPHONY;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KPI series in one request, and agents reading their own figures. */
class KpiApiTest {
    private TestServer t;
    private Instant start;

    @BeforeEach
    void start() {
        t = new TestServer();
        t.salesWithAnnaAndBob("\"afterCallWorkSeconds\":0");
        start = t.clock.instant();
        // One answered call in each of the first two 5-minute buckets, one abandoned in the third.
        call("c-1", true);
        t.advance(Duration.ofMinutes(5));
        call("c-2", true);
        t.advance(Duration.ofMinutes(5));
        ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-3\",\"service\":\"sales\"}"));
        t.advance(Duration.ofSeconds(10));
        ok(t.post("/api/calls/c-3/hangup", TELEPHONY, null));
        t.advance(Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private void call(String id, boolean answer) {
        TestServer.Response created =
                ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"" + id + "\",\"service\":\"sales\"}"));
        String agent = created.at("/events/1/agents/0").asText();
        t.advance(Duration.ofSeconds(3));
        if (answer) {
            ok(t.post("/api/calls/" + id + "/accept", TELEPHONY, "{\"agent\":\"" + agent + "\"}"));
            t.advance(Duration.ofSeconds(60));
            ok(t.post("/api/calls/" + id + "/end", TELEPHONY, null));
        }
    }

    private String seriesUrl(String more) {
        return "/api/kpis/series?from=" + start + "&to=" + t.clock.instant() + "&step=PT5M" + more;
    }

    @Test
    void aSeriesHasTheFiguresOfKpisPerBucket() {
        JsonNode series = ok(t.get(seriesUrl(""), SUPERVISOR)).json();
        assertThat(series.path("step").asText()).isEqualTo("PT5M");
        assertThat(series.path("from").asText()).isEqualTo(start.toString());
        JsonNode buckets = series.path("buckets");
        assertThat(buckets.size()).isEqualTo(3);
        assertThat(buckets.at("/2/to").asText()).isEqualTo(t.clock.instant().toString());
        int[] handled = new int[3];
        int[] abandoned = new int[3];
        for (int k = 0; k < 3; k++) {
            JsonNode b = buckets.get(k);
            handled[k] = b.at("/services/0/handled").asInt();
            abandoned[k] = b.at("/services/0/abandoned").asInt();
            // Every bucket is what /api/kpis answers for its range.
            JsonNode single = ok(t.get(
                            "/api/kpis?from=" + b.path("from").asText() + "&to="
                                    + b.path("to").asText(),
                            SUPERVISOR))
                    .json();
            assertThat(b).as("bucket %d", k).isEqualTo(single);
        }
        assertThat(handled).containsExactly(1, 1, 0);
        assertThat(abandoned).containsExactly(0, 0, 1);
        assertThat(buckets.at("/0/agents").size()).isGreaterThan(0);

        JsonNode lean =
                ok(t.get(seriesUrl("&agents=false&service=sales"), SUPERVISOR)).json();
        assertThat(lean.at("/buckets/0/agents").size()).isZero();
        assertThat(lean.at("/buckets/0/services/0/service").asText()).isEqualTo("sales");
        assertThat(ok(t.get(seriesUrl("&service=none"), SUPERVISOR))
                        .at("/buckets/0/services")
                        .size())
                .isZero();
    }

    @Test
    void badSeriesParametersAreProblems() {
        assertProblem(t.get(seriesUrl("").replace("PT5M", "5min"), SUPERVISOR), "step");
        assertProblem(t.get(seriesUrl("").replace("PT5M", "PT0.5S"), SUPERVISOR), "step");
        assertProblem(
                t.get(
                        "/api/kpis/series?from=" + start.minusSeconds(3600) + "&to=" + t.clock.instant() + "&step=PT1S",
                        SUPERVISOR),
                "step"); // 4,346 buckets
        assertProblem(t.get(seriesUrl("&agents=maybe"), SUPERVISOR), "agents");
        assertProblem(t.get("/api/kpis/series?from=" + t.clock.instant() + "&to=" + start, SUPERVISOR), "from");
        assertThat(t.get(seriesUrl(""), TELEPHONY).status()).isEqualTo(403);
    }

    private static void assertProblem(TestServer.Response r, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.at("/code").asText()).isEqualTo("INVALID_PARAMETER");
        assertThat(r.at("/field").asText()).isEqualTo(field);
    }

    @Test
    void agentsReadTheirOwnKpisOnly() {
        JsonNode all = ok(t.get("/api/kpis?from=" + start, SUPERVISOR)).json();
        JsonNode anna = ok(t.get("/api/kpis?from=" + start, ANNA)).json();
        assertThat(anna.path("services").size()).isZero();
        assertThat(anna.path("agents").size()).isEqualTo(1);
        assertThat(anna.at("/agents/0/agent").asText()).isEqualTo("anna");
        for (JsonNode a : all.path("agents")) {
            if (a.path("agent").asText().equals("anna")) {
                assertThat(anna.at("/agents/0")).isEqualTo(a);
            }
        }
        assertThat(ok(t.get("/api/kpis?from=" + start + "&agent=anna", ANNA)).json())
                .isEqualTo(anna);
        TestServer.Response other = t.get("/api/kpis?from=" + start + "&agent=bob", ANNA);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.at("/code").asText()).isEqualTo("FORBIDDEN");
        // The service filter gives an agent nothing more.
        assertThat(ok(t.get("/api/kpis?from=" + start + "&service=sales", BOB))
                        .at("/services")
                        .size())
                .isZero();

        JsonNode series = ok(t.get(seriesUrl(""), BOB)).json();
        for (JsonNode b : series.path("buckets")) {
            assertThat(b.path("services").size()).isZero();
            for (JsonNode a : b.path("agents")) {
                assertThat(a.path("agent").asText()).isEqualTo("bob");
            }
        }
        assertThat(t.get(seriesUrl("&agent=anna"), BOB).status()).isEqualTo(403);
    }
}
