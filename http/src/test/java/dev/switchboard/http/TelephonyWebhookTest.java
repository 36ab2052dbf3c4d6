package dev.switchboard.http;

import static dev.switchboard.http.TestServer.TELEPHONY;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.switchboard.http.telephony.TelephonyWebhookOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Offers POSTed to a real local receiver that fails on purpose. */
class TelephonyWebhookTest {
    private static final String SECRET = "webhook-shared-secret";

    /** A local HTTP receiver answering each request with the status the policy gives for its number. */
    private static final class Receiver implements AutoCloseable {
        record Received(String event, long sequence, int attempt, String signature, String body) {}

        final com.sun.net.httpserver.HttpServer server;
        final List<Received> received = new CopyOnWriteArrayList<>();
        final AtomicInteger requests = new AtomicInteger();
        final CountDownLatch hold = new CountDownLatch(1);

        Receiver(IntUnaryOperator statusForRequest, boolean blocking) throws IOException {
            server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/telephony", (HttpExchange ex) -> {
                int n = requests.incrementAndGet();
                if (blocking) {
                    try {
                        hold.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(
                        ex.getRequestHeaders().getFirst("X-Switchboard-Event"),
                        Long.parseLong(ex.getRequestHeaders().getFirst("X-Switchboard-Sequence")),
                        Integer.parseInt(ex.getRequestHeaders().getFirst("X-Switchboard-Attempt")),
                        ex.getRequestHeaders().getFirst("X-Switchboard-Signature"),
                        body));
                int status = statusForRequest.applyAsInt(n);
                if (status == 503) {
                    ex.getResponseHeaders().add("Retry-After", "0");
                }
                ex.sendResponseHeaders(status, -1);
                ex.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/telephony");
        }

        @Override
        public void close() {
            hold.countDown();
            server.stop(0);
        }
    }

    private static TelephonyWebhookOptions options(URI url) {
        return TelephonyWebhookOptions.to(url)
                .withSecret(SECRET)
                .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(10);
        }
    }

    private static double counter(TestServer t, String name, String tag, String value) {
        var c = t.server.metrics().find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void offersAreDeliveredSignedAfterRetries() throws Exception {
        // The first two requests fail (500, then 503 with Retry-After), then the receiver is fine.
        try (Receiver receiver = new Receiver(n -> n == 1 ? 500 : n == 2 ? 503 : 204, false);
                TestServer t = new TestServer(b -> b.telephonyWebhook(options(receiver.url())))) {
            t.salesWithAnnaAndBob("");
            ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-hook\",\"service\":\"sales\"}"));
            waitFor(() -> counter(t, "switchboard.webhook.deliveries", "result", "delivered") == 1.0);

            List<Receiver.Received> offers = receiver.received.stream()
                    .filter(r -> r.event().equals("CallOffered"))
                    .toList();
            assertThat(offers).hasSize(3);
            assertThat(offers).extracting(Receiver.Received::attempt).containsExactly(1, 2, 3);
            Receiver.Received delivered = offers.get(2);
            JsonNode body = new ObjectMapper().readTree(delivered.body());
            assertThat(body.path("sequence").asLong()).isEqualTo(delivered.sequence());
            assertThat(body.at("/event/type").asText()).isEqualTo("CallOffered");
            assertThat(body.at("/event/call").asText()).isEqualTo("c-hook");
            assertThat(delivered.sequence())
                    .isEqualTo(t.journal.entries().stream()
                            .filter(e -> e.event() instanceof dev.switchboard.core.event.Event.CallOffered)
                            .findFirst()
                            .orElseThrow()
                            .sequence());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(delivered.signature())
                    .isEqualTo("sha256="
                            + HexFormat.of()
                                    .formatHex(mac.doFinal(delivered.body().getBytes(StandardCharsets.UTF_8))));
            assertThat(counter(t, "switchboard.webhook.attempts", "result", "retry"))
                    .isEqualTo(2.0);
            // CallQueued is not a telephony event.
            assertThat(receiver.received).noneMatch(r -> r.event().equals("CallQueued"));
        }
    }

    @Test
    void clientErrorsAreNotRetriedAndGivingUpIsCounted() throws Exception {
        try (Receiver rejecting = new Receiver(n -> 400, false);
                TestServer t = new TestServer(b -> b.telephonyWebhook(options(rejecting.url())))) {
            t.salesWithAnnaAndBob("");
            ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-400\",\"service\":\"sales\"}"));
            waitFor(() -> counter(t, "switchboard.webhook.dropped", "reason", "rejected") == 1.0);
            assertThat(rejecting.requests.get()).isEqualTo(1);
        }
        try (Receiver failing = new Receiver(n -> 502, false);
                TestServer t = new TestServer(b -> b.telephonyWebhook(options(failing.url())))) {
            t.salesWithAnnaAndBob("");
            ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-502\",\"service\":\"sales\"}"));
            waitFor(() -> counter(t, "switchboard.webhook.dropped", "reason", "gave_up") == 1.0);
            assertThat(failing.requests.get()).isEqualTo(4);
            TestServer.Response health = t.get("/api/health", null);
            assertThat(health.json().findValuesAsText("name")).contains("telephony-webhook");
            assertThat(health.at("/status").asText()).isEqualTo("DEGRADED");
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlockingTheEngine() throws Exception {
        try (Receiver stuck = new Receiver(n -> 200, true);
                TestServer t = new TestServer(b -> b.telephonyWebhook(
                        options(stuck.url()).withQueueCapacity(2).withEventTypes(Set.of("AgentReadinessChanged"))))) {
            ok(t.put("/api/agents/anna", TestServer.ADMIN, "{}"));
            for (int i = 0; i < 6; i++) {
                // Every command answers although the receiver holds the first delivery.
                ok(t.post("/api/agents/anna/not-ready", TestServer.ADMIN, "{\"reason\":\"r" + i + "\"}"));
            }
            // The engine publishes after it answers: the last drops may come a moment later.
            waitFor(() -> counter(t, "switchboard.webhook.dropped", "reason", "queue_full") == 4.0);
            stuck.hold.countDown();
            waitFor(() -> counter(t, "switchboard.webhook.deliveries", "result", "delivered") == 2.0);
            assertThat(t.server.metrics().scrape()).contains("switchboard_webhook_dropped_total");
        }
    }
}
