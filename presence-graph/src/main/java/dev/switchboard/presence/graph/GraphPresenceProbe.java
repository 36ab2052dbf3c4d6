package dev.switchboard.presence.graph;

import dev.switchboard.presence.graph.auth.AccessTokenSource;
import dev.switchboard.presence.graph.auth.CertificateTokenSource;
import dev.switchboard.presence.graph.auth.PasswordTokenSource;
import dev.switchboard.presence.graph.coarse.CoarsePresenceSource;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.net.ssl.SSLContext;

/**
 * A one-shot check of every configured source, for {@code switchboard presence-check}: signs in,
 * reads a sample of presences, and (for presence accounts) creates and deletes a short
 * subscription, which makes Graph perform the validation handshake against the webhook.
 */
public final class GraphPresenceProbe {
    private static final Duration PROBE_SUBSCRIPTION = Duration.ofMinutes(15);

    private final GraphPresenceSettings settings;
    private final SSLContext tls;
    private final InstantSource clock;
    private final HttpClient http;

    public GraphPresenceProbe(GraphPresenceSettings settings, SSLContext tls, InstantSource clock) {
        this.settings = settings;
        this.tls = tls;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Checks everything.
     *
     * @param sampleUserIds users whose presence is read; when empty, each account reads its own
     * @param coarse the coarse source, or null
     * @param trySubscription whether to try a subscription (needs the webhook to answer)
     */
    public List<SourceHealth> check(List<String> sampleUserIds, CoarsePresenceSource coarse, boolean trySubscription)
            throws InterruptedException {
        List<SourceHealth> result = new ArrayList<>();
        GraphPresenceSettings.Limits limits = settings.limits();
        GraphClient graph = new GraphClient(
                http,
                settings.graphBaseUrl(),
                GraphRateLimiter.realTime(limits.budget(), limits.window()),
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), new SplittableRandom()),
                2,
                nanos -> Thread.sleep(nanos / 1_000_000),
                clock);
        List<String> sample = new ArrayList<>(sampleUserIds);
        SourceHealth webhook = null;
        for (GraphPresenceSettings.Account a : settings.accounts()) {
            String source = "presence-account:" + a.name();
            AccessTokenSource tokens = new PasswordTokenSource(
                    a.name(),
                    settings.clientId(),
                    settings.authority(),
                    a.username(),
                    a.password(),
                    settings.scopes(),
                    tls.getSocketFactory(),
                    clock,
                    new SplittableRandom(),
                    settings.timing().tokenRefreshMargin());
            try {
                tokens.accessToken();
                List<String> ids = sample.isEmpty()
                        ? tokens.userObjectId().map(List::of).orElse(List.of())
                        : sample.subList(0, Math.min(sample.size(), GraphClient.MAX_IDS));
                String detail = "signed in";
                if (!ids.isEmpty()) {
                    int read = graph.getPresencesByUserId(tokens, ids).size();
                    detail += "; read " + read + " of " + ids.size() + " presences";
                    if (sample.isEmpty()) {
                        sample.addAll(ids);
                    }
                }
                if (trySubscription && !ids.isEmpty() && settings.webhook() != null) {
                    try {
                        SubscriptionInfo s = graph.createSubscription(
                                tokens,
                                ids,
                                settings.webhook().notificationUrl(),
                                settings.webhook().lifecycleUrl(),
                                settings.webhook().clientState().revealString(),
                                clock.instant().plus(PROBE_SUBSCRIPTION),
                                null);
                        graph.deleteSubscription(tokens, s.id());
                        detail += "; subscription and webhook handshake work";
                        webhook = webhook == null ? ok("webhook", SourceKind.WEBHOOK, "handshake answered") : webhook;
                    } catch (GraphException e) {
                        if (e.httpStatus() == 400) {
                            webhook = new SourceHealth(
                                    "webhook",
                                    SourceKind.WEBHOOK,
                                    HealthStatus.UNREACHABLE,
                                    null,
                                    clock.instant(),
                                    "make " + settings.webhook().notificationUrl()
                                            + " reachable from Microsoft Graph over HTTPS and answer the validation"
                                            + " handshake (is the service or presence-check listening?)",
                                    e.getMessage(),
                                    0);
                        } else {
                            throw e;
                        }
                    }
                }
                result.add(ok(source, SourceKind.PRESENCE_ACCOUNT, detail));
            } catch (PresenceSourceException e) {
                result.add(failed(source, SourceKind.PRESENCE_ACCOUNT, e.failure()));
            }
        }
        if (webhook != null) {
            result.add(webhook);
        }
        GraphPresenceSettings.Application app = settings.application();
        if (app != null) {
            GraphClient appGraph = new GraphClient(
                    http,
                    settings.graphBaseUrl(),
                    GraphRateLimiter.realTime(limits.budget(), limits.window()),
                    new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), new SplittableRandom()),
                    2,
                    nanos -> Thread.sleep(nanos / 1_000_000),
                    clock);
            try {
                AccessTokenSource tokens = new CertificateTokenSource(
                        "application",
                        app.clientId(),
                        settings.authority(),
                        app.pkcs12(),
                        app.certificatePassword().reveal(),
                        tls.getSocketFactory(),
                        clock,
                        new SplittableRandom(),
                        settings.timing().tokenRefreshMargin());
                tokens.accessToken();
                String detail = "signed in";
                if (!sample.isEmpty()) {
                    int read = appGraph.getPresencesByUserId(
                                    tokens, sample.subList(0, Math.min(sample.size(), GraphClient.MAX_IDS)))
                            .size();
                    detail += "; read " + read + " presences";
                } else {
                    detail += "; no sample user ids to read";
                }
                result.add(ok("application", SourceKind.APPLICATION, detail));
            } catch (PresenceSourceException e) {
                result.add(failed("application", SourceKind.APPLICATION, e.failure()));
            } catch (IllegalArgumentException e) {
                result.add(failed(
                        "application",
                        SourceKind.APPLICATION,
                        new Failure(
                                HealthStatus.WRONG_PASSWORD,
                                null,
                                "check the certificate file and its password",
                                e.getMessage())));
            }
        }
        if (coarse != null) {
            if (coarse.polls() && !sample.isEmpty()) {
                try {
                    int read = coarse.read(sample).size();
                    result.add(ok(coarse.name(), SourceKind.COARSE, "read " + read + " availabilities"));
                } catch (PresenceSourceException e) {
                    result.add(failed(coarse.name(), SourceKind.COARSE, e.failure()));
                }
            } else {
                result.add(ok(
                        coarse.name(),
                        SourceKind.COARSE,
                        coarse.polls() ? "no sample user ids to read" : "push source: nothing to check"));
            }
        }
        return result;
    }

    private SourceHealth ok(String source, SourceKind kind, String detail) {
        return new SourceHealth(source, kind, HealthStatus.OK, null, clock.instant(), null, detail, 0);
    }

    private SourceHealth failed(String source, SourceKind kind, Failure f) {
        Instant now = clock.instant();
        return new SourceHealth(source, kind, f.status(), f.aadstsCode(), now, f.fix(), f.detail(), 0);
    }
}
