package dev.switchboard.sim.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures how fast the tenant pushes notifications and serves 650-id reads. Not part of the
 * normal suite (timings belong in benchmarks): run with
 * {@code ./mvnw -q -B -pl sim -am test -Dtest=TenantLoadCheck -Dswitchboard.loadcheck=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and read the numbers in the test output.
 */
@EnabledIfSystemProperty(named = "switchboard.loadcheck", matches = "true")
class TenantLoadCheck {
    static final int USERS = 20_000;

    /** A fast HTTPS webhook on Jetty that answers the handshake and counts notifications. */
    static final class CountingWebhook implements AutoCloseable {
        final Server server = new Server();
        final AtomicLong notifications = new AtomicLong();
        final AtomicLong posts = new AtomicLong();
        final int port;

        CountingWebhook() throws Exception {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            KeyMaterial key = KeyMaterial.loopbackServer("load-webhook");
            ssl.setKeyStore(key.keyStore("x".toCharArray()));
            ssl.setKeyStorePassword("x");
            ssl.setSniRequired(false);
            HttpConfiguration config = new HttpConfiguration();
            org.eclipse.jetty.server.SecureRequestCustomizer secure =
                    new org.eclipse.jetty.server.SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            config.addCustomizer(secure);
            HttpConnectionFactory h1 = new HttpConnectionFactory(config);
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), h1);
            connector.setHost("127.0.0.1");
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    String query = request.getHttpURI().getQuery();
                    String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                    if (query != null && query.startsWith("validationToken=")) {
                        response.getHeaders().put("Content-Type", "text/plain");
                        Content.Sink.write(
                                response,
                                true,
                                java.net.URLDecoder.decode(query.substring(16), StandardCharsets.UTF_8),
                                callback);
                        return true;
                    }
                    int n = 0;
                    for (int i = body.indexOf("\"subscriptionId\"");
                            i >= 0;
                            i = body.indexOf("\"subscriptionId\"", i + 1)) n++;
                    notifications.addAndGet(n);
                    posts.incrementAndGet();
                    response.setStatus(202);
                    callback.succeeded();
                    return true;
                }
            });
            server.start();
            port = connector.getLocalPort();
        }

        String url() {
            return "https://127.0.0.1:" + port + "/notify";
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    @Test
    void measure() throws Exception {
        try (FakeTeamsTenant tenant = FakeTeamsTenant.start(FakeTenantOptions.builder()
                        .users(USERS)
                        .presenceRequestsPer30Seconds(0)
                        .richNotificationKeyPerItem(false)
                        .build());
                CountingWebhook webhook = new CountingWebhook()) {
            TenantClient client = new TenantClient(tenant);
            String token = client.presence1Token();
            List<String> ids = tenant.users().stream().map(FakeUser::id).toList();
            for (int from = 0; from < USERS; from += 650) {
                List<String> chunk = ids.subList(from, Math.min(USERS, from + 650));
                Map<String, Object> body = Map.of(
                        "changeType",
                        "updated",
                        "notificationUrl",
                        webhook.url(),
                        "resource",
                        "/communications/presences?$filter=id in ("
                                + chunk.stream().map(x -> "'" + x + "'").collect(Collectors.joining(","))
                                + ")",
                        "expirationDateTime",
                        tenant.now().plus(Duration.ofMinutes(59)).toString(),
                        "clientState",
                        "load");
                assertThat(client.post("/v1.0/subscriptions", token, client.json(body))
                                .status())
                        .isEqualTo(201);
            }

            int warmup = 100_000;
            push(tenant, ids, warmup);
            assertThat(tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(120)))
                    .isTrue();

            int n = 400_000;
            long sentBefore = webhook.notifications.get();
            long postsBefore = webhook.posts.get();
            long start = System.nanoTime();
            push(tenant, ids, n);
            double produced = (System.nanoTime() - start) / 1e9;
            assertThat(tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(120)))
                    .isTrue();
            double seconds = (System.nanoTime() - start) / 1e9;
            long delivered = webhook.notifications.get() - sentBefore;
            long posts = webhook.posts.get() - postsBefore;
            System.out.printf(
                    "LOADCHECK basic notifications: %d delivered in %.2f s = %.0f/s (%d POSTs, %.1f per POST;"
                            + " producing took %.2f s)%n",
                    delivered, seconds, delivered / seconds, posts, delivered / (double) posts, produced);
            assertThat(delivered).isEqualTo(n);

            // Bulk reads: 650 ids per request from 4 concurrent callers.
            String bulk = client.json(Map.of("ids", ids.subList(0, 650)));
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(tenant.graphBaseUrl() + "/communications/getPresencesByUserId"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bulk))
                    .build();
            for (int i = 0; i < 500; i++) client.http.send(request, HttpResponse.BodyHandlers.ofString());
            AtomicLong reads = new AtomicLong();
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                callers.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (System.nanoTime() < until) {
                            HttpResponse<String> r = client.http.send(request, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) throw new IllegalStateException(r.body());
                            reads.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : callers) t.join();
            System.out.printf(
                    "LOADCHECK bulk reads: %.0f requests/s of 650 ids = %.0f presences/s%n",
                    reads.get() / 5.0, reads.get() * 650 / 5.0);
            assertThat(reads.get()).isPositive();
        }
    }

    @Test
    void measureRich() throws Exception {
        for (boolean keyPerItem : new boolean[] {true, false}) {
            try (FakeTeamsTenant tenant = FakeTeamsTenant.start(FakeTenantOptions.builder()
                            .users(6500)
                            .richNotificationKeyPerItem(keyPerItem)
                            .build());
                    CountingWebhook webhook = new CountingWebhook()) {
                TenantClient client = new TenantClient(tenant);
                String token = client.presence1Token();
                KeyMaterial subscriber = KeyMaterial.rsa("load-subscriber");
                List<String> ids = tenant.users().stream().map(FakeUser::id).toList();
                for (int from = 0; from < ids.size(); from += 650) {
                    List<String> chunk = ids.subList(from, from + 650);
                    Map<String, Object> body = new java.util.HashMap<>(Map.of(
                            "changeType",
                            "updated",
                            "notificationUrl",
                            webhook.url(),
                            "resource",
                            "/communications/presences?$filter=id in ("
                                    + chunk.stream().map(x -> "'" + x + "'").collect(Collectors.joining(","))
                                    + ")",
                            "expirationDateTime",
                            tenant.now().plus(Duration.ofMinutes(59)).toString(),
                            "includeResourceData",
                            true,
                            "encryptionCertificate",
                            subscriber.certificateBase64(),
                            "encryptionCertificateId",
                            "load"));
                    assertThat(client.post("/v1.0/subscriptions", token, client.json(body))
                                    .status())
                            .isEqualTo(201);
                }
                push(tenant, ids, 20_000);
                assertThat(tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(120)))
                        .isTrue();
                int n = 100_000;
                long before = webhook.notifications.get();
                long start = System.nanoTime();
                push(tenant, ids, n);
                assertThat(tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(120)))
                        .isTrue();
                double seconds = (System.nanoTime() - start) / 1e9;
                long delivered = webhook.notifications.get() - before;
                System.out.printf(
                        "LOADCHECK rich notifications (key per item: %s): %d in %.2f s = %.0f/s%n",
                        keyPerItem, delivered, seconds, delivered / seconds);
                assertThat(delivered).isEqualTo(n);
            }
        }
    }

    private static void push(FakeTeamsTenant tenant, List<String> ids, int n) {
        PresenceCatalog.Pair[] pairs = PresenceCatalog.DOCUMENTED.toArray(PresenceCatalog.Pair[]::new);
        for (int i = 0; i < n; i++) {
            tenant.control().setPresence(ids.get(i % ids.size()), pairs[i % pairs.length]);
        }
    }
}
