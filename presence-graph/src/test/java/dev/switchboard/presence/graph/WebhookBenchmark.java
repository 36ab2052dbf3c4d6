package dev.switchboard.presence.graph;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.engine.CommandGateway;
import dev.switchboard.presence.graph.webhook.HttpsWebhookServer;
import dev.switchboard.presence.graph.webhook.WebhookRequest;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.FakeUser;
import dev.switchboard.sim.tenant.PresenceCatalog;
import dev.switchboard.sim.tenant.PresenceUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Not a test: pushes rich change notifications from the fake tenant through the HTTPS webhook into
 * a CommandGateway and reports throughput and the latency from receipt at the webhook to the
 * gateway (p50/p99/max). Run:
 *
 * <pre>
 * ./mvnw -q -B -pl presence-graph -am test-compile
 * java -cp "presence-graph/target/test-classes:presence-graph/target/classes:$(cat cp.txt)" \
 *     dev.switchboard.presence.graph.WebhookBenchmark [users] [rounds] [keyPerItem]
 * </pre>
 */
public final class WebhookBenchmark {
    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        boolean keyPerItem = args.length > 2 && Boolean.parseBoolean(args[2]);
        int total = users * rounds;
        long[] latencies = new long[total + users * 4];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong submitted = new AtomicLong();
        CommandGateway gateway = command -> {
            submitted.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        };
        try (FakeTeamsTenant tenant = FakeTeamsTenant.start(FakeTenantOptions.builder()
                .port(0)
                .users(users)
                .seed(7)
                .richNotificationKeyPerItem(keyPerItem)
                .maxNotificationsPerPost(100)
                .maxConcurrentPostsPerWebhook(4)
                .maxQueuedNotifications(Math.max(100_000, total * 2))
                .build())) {
            SelfSignedCertificate cert =
                    SelfSignedCertificate.generate("127.0.0.1", List.of("127.0.0.1"), Duration.ofDays(1));
            AtomicReference<Function<WebhookRequest, WebhookResponse>> handler = new AtomicReference<>();
            try (HttpsWebhookServer listener = HttpsWebhookServer.start(
                    "127.0.0.1",
                    0,
                    cert.serverContext(),
                    Map.of("/n", r -> handler.get().apply(r)))) {
                List<GraphPresenceSettings.Account> accounts = new ArrayList<>();
                int n = 1;
                for (FakeAccount a : tenant.accounts()) {
                    accounts.add(new GraphPresenceSettings.Account(
                            "pa" + n++,
                            a.username(),
                            Secret.of("bench", a.password().toCharArray())));
                }
                GraphPresenceSettings settings = new GraphPresenceSettings(
                        tenant.tenantId(),
                        tenant.publicClientId(),
                        tenant.authority(),
                        tenant.graphBaseUrl(),
                        accounts,
                        null,
                        new GraphPresenceSettings.Webhook(
                                "https://127.0.0.1:" + listener.port() + "/n",
                                null,
                                Secret.of("bench", "cs".toCharArray())),
                        new GraphPresenceSettings.RichNotifications(tenant.jwksUrl()),
                        GraphPresenceSettings.Timing.defaults().withResyncInterval(Duration.ZERO),
                        null,
                        null);
                try (GraphPresenceService service = GraphPresenceService.builder(settings, gateway)
                        .clock(tenant::now)
                        .scheduler(Executors.newScheduledThreadPool(1))
                        .sslContext(tenant.sslContext())
                        .webhookWorkers(2)
                        .receiptToGateway(nanos -> {
                            int i = recorded.getAndIncrement();
                            if (i < latencies.length) {
                                latencies[i] = nanos;
                            }
                        })
                        .build()) {
                    handler.set(service.webhook()::handle);
                    List<TrackedUser> tracked = new ArrayList<>();
                    int i = 0;
                    for (FakeUser u : tenant.users()) {
                        tracked.add(new TrackedUser(AgentId.of("a" + i++), u.id()));
                    }
                    service.track(tracked);
                    service.start();
                    recorded.set(0);
                    long before = submitted.get();
                    SplittableRandom random = new SplittableRandom(1);
                    List<PresenceCatalog.Pair> pairs = List.of(
                            PresenceCatalog.AVAILABLE,
                            PresenceCatalog.IN_A_CALL,
                            PresenceCatalog.IN_A_MEETING,
                            PresenceCatalog.BUSY);
                    long start = System.nanoTime();
                    for (int r = 0; r < rounds; r++) {
                        List<PresenceUpdate> batch = new ArrayList<>(users);
                        for (FakeUser u : tenant.users()) {
                            PresenceCatalog.Pair p = pairs.get(random.nextInt(pairs.size()));
                            batch.add(new PresenceUpdate(u.id(), p.availability(), p.activity(), false));
                        }
                        tenant.control().setPresences(batch);
                    }
                    tenant.control().awaitNotificationsDelivered(Duration.ofMinutes(5));
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (service.webhook().backlog() > 0 && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    long elapsed = System.nanoTime() - start;
                    long done = submitted.get() - before;
                    int count = Math.min(recorded.get(), latencies.length);
                    long[] sorted = Arrays.copyOf(latencies, count);
                    Arrays.sort(sorted);
                    System.out.printf(
                            "users=%d rounds=%d keyPerItem=%s: %d notifications -> %d commands in %.2f s = %.0f/s;"
                                    + " receipt->gateway p50=%.3f ms p99=%.3f ms max=%.3f ms; webhook refused=%d,"
                                    + " stale=%d, rejected=%d%n",
                            users,
                            rounds,
                            keyPerItem,
                            service.stats().notifications(),
                            done,
                            elapsed / 1e9,
                            done / (elapsed / 1e9),
                            pct(sorted, 0.50) / 1e6,
                            pct(sorted, 0.99) / 1e6,
                            (count == 0 ? 0 : sorted[count - 1]) / 1e6,
                            service.webhook().refused(),
                            service.stats().stale(),
                            service.stats().rejected());
                }
            }
        }
        System.exit(0);
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
