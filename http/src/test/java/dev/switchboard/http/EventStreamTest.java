package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.ANNA;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.engine.codec.CoreJson;
import dev.switchboard.http.stream.EventStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    @Test
    void resumesWithLastEventIdFromTheBufferAndResetsWhenTooOld() {
        try (TestServer t = new TestServer(
                b -> b.eventStream(new EventStream.Options(5, 1000, Duration.ofSeconds(15), Duration.ofSeconds(2))))) {
            ok(t.put("/api/agents/a1", ADMIN, "{}"));
            long afterFirst = t.journal.lastSequence();
            ok(t.put("/api/agents/a2", ADMIN, "{}"));
            ok(t.put("/api/agents/a3", ADMIN, "{}"));

            // Resume right after the first event: the next two come from the buffer, in order.
            try (SseClient s =
                    SseClient.connect(t.client, t.url("/api/events"), SUPERVISOR, Long.toString(afterFirst))) {
                SseClient.Message m2 = s.awaitType("AgentConfigured");
                SseClient.Message m3 = s.awaitType("AgentConfigured");
                assertThat(m2.sequence()).isEqualTo(afterFirst + 1);
                assertThat(m2.json().at("/agent/id").asText()).isEqualTo("a2");
                assertThat(m3.json().at("/agent/id").asText()).isEqualTo("a3");
                // Then live.
                ok(t.put("/api/agents/a4", ADMIN, "{}"));
                assertThat(s.awaitType("AgentConfigured").json().at("/agent/id").asText())
                        .isEqualTo("a4");
            }

            // The same with the query parameter (EventSource's first connect), and the token as a parameter.
            try (SseClient s = SseClient.connect(
                    t.client,
                    t.url("/api/events?lastEventId=" + afterFirst + "&access_token=" + SUPERVISOR),
                    null,
                    null)) {
                assertThat(s.status()).isEqualTo(200);
                assertThat(s.awaitType("AgentConfigured").sequence()).isEqualTo(afterFirst + 1);
            }

            // Five more events push the first ones out of the five-event buffer: reset, then live.
            for (int i = 5; i < 10; i++) {
                ok(t.put("/api/agents/a" + i, ADMIN, "{}"));
            }
            try (SseClient s =
                    SseClient.connect(t.client, t.url("/api/events"), SUPERVISOR, Long.toString(afterFirst))) {
                SseClient.Message reset = s.await(m -> m.event().equals("reset"), Duration.ofSeconds(10));
                // What the stream had at connect; later events (in flight) follow live.
                assertThat(reset.json().path("latest").asLong()).isBetween(afterFirst + 5, t.journal.lastSequence());
                ok(t.put("/api/agents/a10", ADMIN, "{}"));
                SseClient.Message live = s.awaitType("AgentConfigured");
                assertThat(live.json().at("/agent/id").asText()).isEqualTo("a10");
            }

            // An id ahead of the server (it restarted with a fresh journal): reset too.
            try (SseClient s = SseClient.connect(t.client, t.url("/api/events"), SUPERVISOR, "999999")) {
                assertThat(s.await(m -> m.event().equals("reset"), Duration.ofSeconds(10))
                                .data())
                        .contains("ahead");
            }

            TestServer.Response bad = t.get("/api/events?lastEventId=abc", SUPERVISOR);
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.at("/field").asText()).isEqualTo("lastEventId");
        }
    }

    @Test
    void agentTokensSeeOnlyTheirOwnEventsAndIdleStreamsGetHeartbeats() {
        try (TestServer t = new TestServer(b ->
                b.eventStream(new EventStream.Options(100, 1000, Duration.ofMillis(200), Duration.ofSeconds(2))))) {
            t.salesWithAnnaAndBob("");
            try (SseClient anna = SseClient.connect(t.client, t.url("/api/events"), ANNA, null)) {
                anna.await(m -> m.event().equals("comment") && m.data().equals("heartbeat"), Duration.ofSeconds(10));
                ok(t.post("/api/agents/bob/not-ready", SUPERVISOR, "{\"reason\":\"bob's\"}"));
                ok(t.put("/api/services/other", ADMIN, "{}"));
                ok(t.post("/api/agents/anna/not-ready", ANNA, "{\"reason\":\"anna's\"}"));
                // Until anna's own event: nothing about bob or the service (set-up events of anna
                // still in flight when the stream opened may come first).
                List<SseClient.Message> seen = new ArrayList<>();
                SseClient.Message mine = anna.await(
                        m -> {
                            if (m.event().equals("message")) {
                                seen.add(m);
                            }
                            return m.event().equals("message") && m.type().equals("AgentReadinessChanged");
                        },
                        Duration.ofSeconds(10));
                assertThat(mine.json().path("agent").asText()).isEqualTo("anna");
                assertThat(seen)
                        .allSatisfy(
                                m -> assertThat(m.data()).doesNotContain("bob").doesNotContain("other"));
            }
        }
    }

    @Test
    void sseCarriesExactlyTheJournalsJsonAndSequence() {
        try (TestServer t = new TestServer()) {
            try (SseClient s = SseClient.connect(t.client, t.url("/api/events"), SUPERVISOR, null)) {
                ok(t.put("/api/agents/z", ADMIN, "{\"skills\":{\"x\":2}}"));
                SseClient.Message m = s.awaitType("AgentConfigured");
                JournaledEvent journaled = t.journal.entries().get((int) m.sequence() - 1);
                assertThat(m.data()).isEqualTo(CoreJson.eventToJson(CoreJson.mapper(), journaled.event()));
            }
        }
    }

    /** An output stream that blocks until released, like a client that stopped reading. */
    private static final class StuckOutput extends OutputStream {
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> written = new ArrayList<>();

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(len);
        }
    }

    @Test
    void aClientThatFallsBehindIsDroppedWithoutBlockingThePublisher() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EventStream stream = new EventStream(
                CoreJson.mapper(),
                new EventStream.Options(1000, 3, Duration.ofSeconds(30), Duration.ofSeconds(1)),
                0,
                registry)) {
            StuckOutput stuck = new StuckOutput();
            Thread client = Thread.ofVirtual().start(() -> {
                try {
                    stream.serve(stuck, null, null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            waitFor(() -> stream.clientCount() == 1);
            // publish() only hands over: the publisher finishes although the client is stuck.
            Thread publisher = Thread.ofVirtual().start(() -> {
                for (int i = 1; i <= 50; i++) {
                    stream.publish(List.of(new JournaledEvent(
                            i, new Event.AgentReadinessChanged(Instant.EPOCH, AgentId.of("a"), true, null))));
                }
            });
            publisher.join(30_000);
            assertThat(publisher.isAlive())
                    .as("publisher blocked by a stuck client")
                    .isFalse();
            waitFor(() -> stream.clientCount() == 0);
            waitFor(() -> registry.find("switchboard.sse.clients.dropped").counter() != null);
            assertThat(registry.get("switchboard.sse.clients.dropped")
                            .tag("reason", "slow")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
            // The publisher's events all arrive anyway.
            waitFor(() -> stream.latestSequence() == 50);
            stuck.release.countDown();
            client.join(10_000);
            assertThat(client.isAlive()).isFalse();
        }
    }

    @Test
    void aGapInTheSequenceDisconnectsClientsAndForbidsResumingAcrossIt() throws Exception {
        try (EventStream stream = new EventStream(
                CoreJson.mapper(),
                new EventStream.Options(100, 100, Duration.ofSeconds(30), Duration.ofSeconds(1)),
                0,
                new SimpleMeterRegistry())) {
            for (int i = 1; i <= 3; i++) {
                stream.publish(List.of(event(i)));
            }
            waitFor(() -> stream.latestSequence() == 3);
            java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
            Thread client = Thread.ofVirtual().start(() -> serve(stream, first, 1L));
            waitFor(() -> stream.clientCount() == 1);
            stream.publish(List.of(event(10)));
            client.join(10_000);
            assertThat(client.isAlive()).as("dropped at the gap").isFalse();
            String written = first.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(written).contains("id: 2\n").contains("id: 3\n").doesNotContain("id: 10\n");

            java.io.ByteArrayOutputStream second = new java.io.ByteArrayOutputStream();
            Thread again = Thread.ofVirtual().start(() -> serve(stream, second, 3L));
            waitFor(() ->
                    second.toString(java.nio.charset.StandardCharsets.UTF_8).contains("event: reset"));
            stream.close();
            again.join(10_000);
        }
    }

    private static JournaledEvent event(long sequence) {
        return new JournaledEvent(
                sequence, new Event.AgentReadinessChanged(Instant.EPOCH, AgentId.of("a"), true, null));
    }

    private static void serve(EventStream stream, OutputStream out, Long lastEventId) {
        try {
            stream.serve(out, lastEventId, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
