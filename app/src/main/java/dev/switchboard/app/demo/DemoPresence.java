package dev.switchboard.app.demo;

import dev.switchboard.app.server.PresenceMetrics;
import dev.switchboard.app.server.PresenceRuntime;
import dev.switchboard.engine.Engine;
import dev.switchboard.presence.graph.GraphPresenceService;
import dev.switchboard.presence.graph.GraphPresenceSettings;
import dev.switchboard.presence.graph.Secret;
import dev.switchboard.presence.graph.SelfSignedCertificate;
import dev.switchboard.presence.graph.TrustedCertificates;
import dev.switchboard.presence.graph.coarse.FederatedPresenceSource;
import dev.switchboard.presence.graph.webhook.HttpsWebhookServer;
import dev.switchboard.presence.graph.webhook.WebhookRequest;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.store.query.PresenceAudit;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * The real Graph presence adapter, signed in to the fake tenant with its two presence accounts:
 * subscriptions over HTTPS to a webhook listener of its own, bulk reads, and the federated view
 * as the coarse fallback — exactly as it would run against Microsoft.
 */
public final class DemoPresence {
    private static final String WEBHOOK_PATH = "/graph/notifications";

    private DemoPresence() {}

    public static PresenceRuntime start(FakeTeamsTenant tenant, Engine engine, PresenceAudit audit) throws Exception {
        SSLContext trustFake = TrustedCertificates.clientContext(TrustedCertificates.parsePem(tenant.certificatePem()));
        // The listener must exist before the adapter (its URL goes into the subscriptions), and the
        // adapter's handler before the listener answers: hand it over through a reference.
        AtomicReference<GraphPresenceService> adapter = new AtomicReference<>();
        HttpsWebhookServer listener = HttpsWebhookServer.start(
                "127.0.0.1",
                0,
                SelfSignedCertificate.generate(
                                "switchboard-demo-webhook", List.of("127.0.0.1", "localhost"), Duration.ofDays(30))
                        .serverContext(),
                Map.of(WEBHOOK_PATH, request -> deliver(adapter.get(), request)));
        try {
            List<GraphPresenceSettings.Account> accounts = new ArrayList<>();
            int n = 1;
            for (FakeAccount a : tenant.accounts()) {
                accounts.add(new GraphPresenceSettings.Account(
                        "pa" + n++,
                        a.username(),
                        Secret.of("fake tenant account", a.password().toCharArray())));
            }
            byte[] state = new byte[24];
            new SecureRandom().nextBytes(state);
            GraphPresenceSettings settings = new GraphPresenceSettings(
                    tenant.tenantId(),
                    tenant.publicClientId(),
                    tenant.authority(),
                    tenant.graphBaseUrl(),
                    accounts,
                    null,
                    new GraphPresenceSettings.Webhook(
                            "https://127.0.0.1:" + listener.port() + WEBHOOK_PATH,
                            null,
                            Secret.of(
                                    "generated", HexFormat.of().formatHex(state).toCharArray())),
                    null,
                    GraphPresenceSettings.Timing.defaults(),
                    GraphPresenceSettings.Limits.defaults(),
                    null);
            HttpClient federation = HttpClient.newBuilder()
                    .sslContext(trustFake)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            PresenceMetrics metrics = new PresenceMetrics();
            GraphPresenceService service = GraphPresenceService.builder(settings, engine)
                    .sslContext(trustFake)
                    .receiptToEngine(metrics)
                    .coarseSource(new FederatedPresenceSource(federation, tenant.baseUrl() + "/federation/v1"))
                    .scheduler(Executors.newScheduledThreadPool(2, r -> {
                        Thread t = new Thread(r, "graph-presence");
                        t.setDaemon(true);
                        return t;
                    }))
                    .build();
            adapter.set(service);
            return new PresenceRuntime(service, listener, engine, audit, metrics);
        } catch (Exception | Error e) {
            listener.close();
            throw e;
        }
    }

    private static WebhookResponse deliver(GraphPresenceService service, WebhookRequest request) {
        return service == null ? WebhookResponse.status(503) : service.webhook().handle(request);
    }
}
