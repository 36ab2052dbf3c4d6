package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.TELEPHONY;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many call flows at once through real HTTP against an engine that checks its invariants before
 * every offer: every flow completes, nothing answers 5xx, and the KPIs add up.
 */
class ConcurrentCallsTest {
    private static final int AGENTS = 20;
    private static final int THREADS = 16;
    private static final int FLOWS_PER_THREAD = 25;

    @Test
    void parallelFlowsAllCompleteAndAddUp() throws Exception {
        try (TestServer t = new TestServer();
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            StringBuilder members = new StringBuilder();
            for (int i = 0; i < AGENTS; i++) {
                ok(t.put("/api/agents/a" + i, ADMIN, "{}"));
                members.append(i == 0 ? "" : ",").append("\"a").append(i).append('"');
            }
            ok(t.put(
                    "/api/services/busy",
                    ADMIN,
                    "{\"members\":[" + members + "],\"afterCallWorkSeconds\":0,\"rona\":{\"enabled\":false},"
                            + "\"queue\":{\"maxSize\":200}}"));
            for (int i = 0; i < AGENTS; i++) {
                t.available("a" + i);
            }
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            List<Future<Integer>> results = new ArrayList<>();
            for (int th = 0; th < THREADS; th++) {
                int thread = th;
                results.add(pool.submit(() -> {
                    int answered = 0;
                    for (int n = 0; n < FLOWS_PER_THREAD; n++) {
                        String id = "p" + thread + "-" + n;
                        TestServer.Response created =
                                t.post("/api/calls", TELEPHONY, "{\"id\":\"" + id + "\",\"service\":\"busy\"}");
                        if (created.status() != 201) {
                            failures.add(id + " create " + created);
                            continue;
                        }
                        String agent = null;
                        for (JsonNode e : created.at("/events")) {
                            if (e.path("type").asText().equals("CallOffered")) {
                                agent = e.at("/agents/0").asText();
                            }
                        }
                        if (agent == null) {
                            // Every agent is busy with another thread's call: the caller gives up.
                            expect(failures, id, t.post("/api/calls/" + id + "/hangup", TELEPHONY, null), 200);
                            continue;
                        }
                        TestServer.Response accepted =
                                t.post("/api/calls/" + id + "/accept", TELEPHONY, "{\"agent\":\"" + agent + "\"}");
                        if (accepted.status() == 409) {
                            // The offer moved on (another thread's hang-up freed someone first): give up.
                            expect(failures, id, t.post("/api/calls/" + id + "/hangup", TELEPHONY, null), 200);
                            continue;
                        }
                        expect(failures, id, accepted, 200);
                        expect(failures, id, t.post("/api/calls/" + id + "/end", TELEPHONY, null), 200);
                        answered++;
                    }
                    return answered;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : results) {
                answered += f.get();
            }
            assertThat(failures).isEmpty();
            assertThat(answered).isPositive();
            assertThat(t.engine.running()).isTrue();

            JsonNode kpis = ok(t.get("/api/kpis", SUPERVISOR)).json();
            JsonNode busy = kpis.at("/services/0");
            assertThat(busy.path("offered").asInt()).isEqualTo(THREADS * FLOWS_PER_THREAD);
            assertThat(busy.path("handled").asInt()).isEqualTo(answered);
            assertThat(busy.path("active").asInt()).isZero();
            assertThat(ok(t.get("/api/calls", SUPERVISOR)).json().size()).isZero();
        }
    }

    private static void expect(ConcurrentLinkedQueue<String> failures, String id, TestServer.Response r, int status) {
        if (r.status() != status) {
            failures.add(id + ": " + r);
        }
    }
}
