package dev.switchboard.presence.graph;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.InMemoryJournal;
import dev.switchboard.presence.graph.coarse.FederatedPresenceSource;
import dev.switchboard.presence.graph.webhook.HttpsWebhookServer;
import dev.switchboard.presence.graph.webhook.WebhookRequest;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.FakeUser;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A fake Teams tenant over HTTPS, a real engine (RoutingCore behind the CommandGateway), an HTTPS
 * webhook listener, and the service under test wired to them. Nothing of the adapter is mocked.
 */
final class TenantHarness implements AutoCloseable {
    static final String CLIENT_STATE = "client-state-" + Long.toHexString(System.nanoTime());

    final long seed;
    final FakeTeamsTenant tenant;
    final Engine engine;
    final InMemoryJournal journal = new InMemoryJournal();
    final InstantSource clock;
    final HttpsWebhookServer listener;
    final AtomicReference<Function<WebhookRequest, WebhookResponse>> handler = new AtomicReference<>();
    final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    final List<TrackedUser> tracked = new ArrayList<>();
    GraphPresenceService service;

    TenantHarness(int users, long seed, UnaryOperator<FakeTenantOptions.Builder> options) throws Exception {
        this.seed = seed;
        this.tenant = FakeTeamsTenant.start(
                options.apply(FakeTenantOptions.builder().port(0).users(users).seed(seed))
                        .build());
        this.clock = tenant::now;
        this.engine = Engine.start("t1", RoutingCore.indexed(), journal, clock, EngineOptions.defaults());
        SelfSignedCertificate cert =
                SelfSignedCertificate.generate("127.0.0.1", List.of("127.0.0.1"), Duration.ofDays(1));
        handler.set(r -> WebhookResponse.status(503));
        this.listener = HttpsWebhookServer.start(
                "127.0.0.1",
                0,
                cert.serverContext(),
                Map.of("/graph/notifications", r -> handler.get().apply(r)));
        int i = 0;
        for (FakeUser u : tenant.users()) {
            AgentId agent = AgentId.of(String.format("agent-%05d", i++));
            engine.submitAndWait(
                    new Command.ConfigureAgent(
                            clock.instant(), new AgentConfig(agent, u.displayName(), u.id(), Map.of())),
                    Duration.ofSeconds(10));
            tracked.add(new TrackedUser(agent, u.id()));
        }
    }

    String webhookUrl() {
        return "https://127.0.0.1:" + listener.port() + "/graph/notifications";
    }

    GraphPresenceSettings settings(UnaryOperator<GraphPresenceSettings.Timing> timing, boolean rich) {
        List<GraphPresenceSettings.Account> accounts = new ArrayList<>();
        int i = 1;
        for (FakeAccount a : tenant.accounts()) {
            accounts.add(new GraphPresenceSettings.Account(
                    "pa" + i++, a.username(), Secret.of("test", a.password().toCharArray())));
        }
        GraphPresenceSettings.Timing t = new GraphPresenceSettings.Timing(
                Duration.ZERO, // the test runs the maintenance cycle itself
                Duration.ofMinutes(58),
                Duration.ofMinutes(15),
                Duration.ZERO,
                Duration.ofMinutes(5),
                Duration.ofMillis(50),
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ofSeconds(15));
        return new GraphPresenceSettings(
                tenant.tenantId(),
                tenant.publicClientId(),
                tenant.authority(),
                tenant.graphBaseUrl(),
                accounts,
                null,
                new GraphPresenceSettings.Webhook(webhookUrl(), null, Secret.of("test", CLIENT_STATE.toCharArray())),
                rich ? new GraphPresenceSettings.RichNotifications(tenant.jwksUrl()) : null,
                timing.apply(t),
                null,
                null);
    }

    GraphPresenceService.Builder builder(GraphPresenceSettings settings) {
        return GraphPresenceService.builder(settings, engine)
                .clock(clock)
                .scheduler(scheduler)
                .random(new SplittableRandom(seed))
                .sslContext(tenant.sslContext())
                .coarseSource(new FederatedPresenceSource(
                        HttpClient.newBuilder().sslContext(tenant.sslContext()).build(),
                        tenant.baseUrl() + "/federation/v1"));
    }

    GraphPresenceService start(GraphPresenceService.Builder builder) {
        service = builder.build();
        handler.set(service.webhook()::handle);
        service.track(tracked);
        service.start();
        return service;
    }

    AgentView agent(int index) {
        AgentId id = tracked.get(index).agent();
        return engine.read(core -> core.snapshot().agents().get(id));
    }

    String userId(int index) {
        return tracked.get(index).userId();
    }

    /** Polls an asynchronous result (notifications, coalesced reads) with a timeout. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        listener.close();
        engine.close();
        tenant.close();
        scheduler.shutdownNow();
    }
}
