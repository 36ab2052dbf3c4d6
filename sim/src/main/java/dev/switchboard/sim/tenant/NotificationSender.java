package dev.switchboard.sim.tenant;

import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers change notifications to webhooks the way Graph does: several notifications (of one or
 * more subscriptions) per POST, a 3-second answer deadline, retries with backoff, then drop.
 *
 * <p>One queue per webhook URL; a small worker pool drains them into at most
 * {@code maxConcurrentPostsPerWebhook} POSTs in flight over the JDK HttpClient's persistent
 * HTTP/1.1 connections. Under load the queue grows while POSTs are in flight, so batches grow to
 * {@code maxNotificationsPerPost} by themselves; nothing is started per notification.
 */
final class NotificationSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationSender.class);

    private record Item(Subscription subscription, PresenceState state, int attempt, boolean reordered) {}

    private final class Destination {
        final URI uri;
        final ConcurrentLinkedQueue<Item> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicBoolean draining = new AtomicBoolean();

        Destination(String url) {
            this.uri = URI.create(url);
        }
    }

    private final FakeTenantOptions options;
    private final Stats stats;
    private final TokenService tokens;
    private final HttpClient client;
    private final ExecutorService workers;
    private final ExecutorService clientExecutor;
    private final ScheduledExecutorService timer;
    private final Map<String, Destination> destinations = new ConcurrentHashMap<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final Random random;
    private volatile NotificationFaults faults = NotificationFaults.NONE;
    private volatile boolean held;

    NotificationSender(FakeTenantOptions options, Stats stats, TokenService tokens) {
        this.options = options;
        this.stats = stats;
        this.tokens = tokens;
        this.random = new Random(options.seed() ^ 0x5EED_0F_DE11L);
        this.workers = Executors.newFixedThreadPool(2, daemon("fake-tenant-notify"));
        this.clientExecutor = Executors.newFixedThreadPool(2, daemon("fake-tenant-http"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("fake-tenant-timer"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trustingAnyLoopbackServer())
                .connectTimeout(Duration.ofSeconds(3))
                .executor(clientExecutor)
                .build();
    }

    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void faults(NotificationFaults value) {
        this.faults = value;
    }

    NotificationFaults faults() {
        return faults;
    }

    /** Stops delivery: notifications queue up until {@link #release()} (for deterministic tests). */
    void hold() {
        held = true;
    }

    void release() {
        held = false;
        destinations.values().forEach(this::kick);
    }

    boolean held() {
        return held;
    }

    /** Notifications queued, waiting for a retry or delay, or in flight. */
    long outstanding() {
        return outstanding.get();
    }

    /** Queues a change of one user's presence for one subscription. */
    void enqueue(Subscription subscription, PresenceState state) {
        stats.notificationsQueued.increment();
        if (subscription.paused) {
            stats.notificationsLostWhilePaused.increment();
            return;
        }
        NotificationFaults f = faults;
        if (f.dropRate() > 0 && chance(f.dropRate())) {
            stats.notificationsDropped.increment();
            return;
        }
        int copies = 1;
        if (f.duplicateRate() > 0 && chance(f.duplicateRate())) {
            copies = 2;
            stats.notificationsDuplicated.increment();
        }
        Destination destination = destinations.computeIfAbsent(subscription.notificationUrl, Destination::new);
        for (int i = 0; i < copies; i++) {
            Item item = new Item(subscription, state, 0, false);
            outstanding.incrementAndGet();
            if (f.delayMillis() > 0) {
                timer.schedule(() -> offer(destination, item), f.delayMillis(), TimeUnit.MILLISECONDS);
            } else {
                offer(destination, item);
            }
        }
    }

    private boolean chance(double rate) {
        return rate >= 1 || random.nextDouble() < rate;
    }

    private void offer(Destination destination, Item item) {
        if (outstanding.get() > options.maxQueuedNotifications()) {
            stats.notificationsLostOverflow.increment();
            outstanding.decrementAndGet();
            return;
        }
        destination.queue.add(item);
        kick(destination);
    }

    private void kick(Destination destination) {
        if (!held
                && !destination.queue.isEmpty()
                && destination.inFlight.get() < options.maxConcurrentPostsPerWebhook()
                && destination.draining.compareAndSet(false, true)) {
            try {
                workers.execute(() -> drain(destination));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                destination.draining.set(false);
            }
        }
    }

    private void drain(Destination destination) {
        try {
            while (!held && destination.inFlight.get() < options.maxConcurrentPostsPerWebhook()) {
                List<Item> batch = new ArrayList<>(Math.min(options.maxNotificationsPerPost(), 64));
                Item item;
                while (batch.size() < options.maxNotificationsPerPost() && (item = destination.queue.poll()) != null) {
                    batch.add(item);
                }
                if (batch.isEmpty()) {
                    break;
                }
                post(destination, batch);
            }
        } catch (RuntimeException e) {
            LOG.warn("notification delivery to {} failed to start", destination.uri, e);
        } finally {
            destination.draining.set(false);
        }
        kick(destination);
    }

    private void post(Destination destination, List<Item> polled) {
        List<Item> batch = new ArrayList<>(polled.size());
        for (Item item : polled) {
            Subscription s = item.subscription;
            if (s.removed) {
                outstanding.decrementAndGet();
            } else if (s.paused) {
                stats.notificationsLostWhilePaused.increment();
                outstanding.decrementAndGet();
            } else {
                batch.add(item);
            }
        }
        double outOfOrder = faults.outOfOrderRate();
        if (outOfOrder > 0) {
            for (int i = 0; i < batch.size(); i++) {
                Item item = batch.get(i);
                if (item.reordered || !chance(outOfOrder)) continue;
                stats.notificationsReordered.increment();
                if (i + 1 < batch.size()) {
                    batch.set(i, batch.get(i + 1));
                    batch.set(i + 1, new Item(item.subscription, item.state, item.attempt, true));
                    i++;
                } else {
                    batch.remove(i);
                    destination.queue.add(new Item(item.subscription, item.state, item.attempt, true));
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        String body = body(batch);
        HttpRequest request = HttpRequest.newBuilder(destination.uri)
                .timeout(options.deliveryTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        destination.inFlight.incrementAndGet();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            destination.inFlight.decrementAndGet();
            if (failure == null && response.statusCode() / 100 == 2) {
                stats.notificationPosts.increment();
                stats.notificationsSent.add(batch.size());
                outstanding.addAndGet(-batch.size());
            } else {
                stats.failedPosts.increment();
                retry(destination, batch);
            }
            kick(destination);
        });
    }

    private void retry(Destination destination, List<Item> batch) {
        for (Item item : batch) {
            int attempt = item.attempt + 1;
            if (attempt >= options.maxDeliveryAttempts()) {
                stats.notificationsFailed.increment();
                outstanding.decrementAndGet();
                continue;
            }
            stats.notificationsRetried.increment();
            long delay = options.retryBackoff().toMillis() << Math.min(attempt - 1, 16);
            Item again = new Item(item.subscription, item.state, attempt, item.reordered);
            try {
                timer.schedule(() -> offer(destination, again), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                outstanding.decrementAndGet();
            }
        }
    }

    /** The changeNotificationCollection JSON for one POST. */
    private String body(List<Item> batch) {
        StringBuilder out = new StringBuilder(batch.size() * 480 + 64);
        out.append("{\"value\":[");
        Set<String> audiences = null;
        Map<Subscription, RichNotificationCrypto.DataKey> sharedKeys = null;
        for (int i = 0; i < batch.size(); i++) {
            Item item = batch.get(i);
            Subscription s = item.subscription;
            String id = item.state.id;
            if (i > 0) out.append(',');
            out.append("{\"subscriptionId\":\"").append(s.id).append("\",\"clientState\":");
            Json.quote(out, s.clientState).append(",\"changeType\":\"updated\",\"resource\":\"");
            if (s.bulk) {
                out.append("communications/presences?$filter=id+in+(%27")
                        .append(id)
                        .append("%27)");
            } else {
                out.append("communications/presences/").append(id);
            }
            out.append("\",\"subscriptionExpirationDateTime\":\"")
                    .append(s.expirationText())
                    .append("\",\"resourceData\":{\"@odata.type\":\"")
                    .append(s.includeResourceData ? "#microsoft.graph.presence" : "#Microsoft.Graph.presence")
                    .append("\",\"@odata.id\":\"users/")
                    .append(id)
                    .append("/presence\",\"id\":\"")
                    .append(id)
                    .append("\"},\"tenantId\":\"")
                    .append(s.tenantId)
                    .append("\",\"organizationId\":\"")
                    .append(s.tenantId)
                    .append('"');
            if (s.includeResourceData) {
                RichNotificationCrypto.DataKey key = switch (options.richNotificationKeys()) {
                    case PER_ITEM -> RichNotificationCrypto.newKey(s.encryptionCertificate.getPublicKey());
                    case PER_POST -> {
                        if (sharedKeys == null) sharedKeys = new IdentityHashMap<>();
                        yield sharedKeys.computeIfAbsent(
                                s, sub -> RichNotificationCrypto.newKey(sub.encryptionCertificate.getPublicKey()));
                    }
                    case PER_SUBSCRIPTION -> {
                        RichNotificationCrypto.DataKey known = s.lifetimeKey;
                        if (known == null) {
                            known = RichNotificationCrypto.newKey(s.encryptionCertificate.getPublicKey());
                            s.lifetimeKey = known;
                        }
                        yield known;
                    }
                };
                RichNotificationCrypto.Encrypted encrypted = RichNotificationCrypto.encrypt(richData(item.state), key);
                out.append(",\"encryptedContent\":{\"data\":\"")
                        .append(encrypted.data())
                        .append("\",\"dataSignature\":\"")
                        .append(encrypted.dataSignature())
                        .append("\",\"dataKey\":\"")
                        .append(encrypted.dataKey())
                        .append("\",\"encryptionCertificateId\":");
                Json.quote(out, s.encryptionCertificateId)
                        .append(",\"encryptionCertificateThumbprint\":\"")
                        .append(s.encryptionCertificateThumbprint)
                        .append("\"}");
                if (audiences == null) audiences = new LinkedHashSet<>();
                audiences.add(s.applicationId);
            }
            out.append('}');
        }
        out.append(']');
        if (audiences != null) {
            out.append(",\"validationTokens\":[");
            boolean first = true;
            for (String audience : audiences) {
                if (!first) out.append(',');
                first = false;
                out.append('"').append(tokens.validationToken(audience)).append('"');
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    private String richData(PresenceState state) {
        StringBuilder json = new StringBuilder(260);
        json.append("{\"@odata.type\":\"#microsoft.graph.presence\",\"@odata.id\":\"users/")
                .append(state.id)
                .append("/presence\",\"id\":\"")
                .append(state.id)
                .append("\",\"availability\":");
        Json.quote(json, state.availability).append(",\"activity\":");
        Json.quote(json, state.activity);
        if (options.richNotificationSequenceNumber()) {
            json.append(",\"outOfOfficeSettings\":{\"message\":null,\"isOutOfOffice\":")
                    .append(state.outOfOffice)
                    .append("},\"sequenceNumber\":\"")
                    .append(state.sequenceNumber)
                    .append('"');
        }
        return json.append('}').toString();
    }

    /** Sends a lifecycle notification (e.g. reauthorizationRequired) to the subscription's lifecycle URL. */
    void lifecycle(Subscription s, String event) {
        if (s.lifecycleNotificationUrl == null) {
            return;
        }
        StringBuilder json = new StringBuilder(300);
        json.append("{\"value\":[{\"subscriptionId\":\"")
                .append(s.id)
                .append("\",\"subscriptionExpirationDateTime\":\"")
                .append(s.expirationText())
                .append("\",\"tenantId\":\"")
                .append(s.tenantId)
                .append("\",\"organizationId\":\"")
                .append(s.tenantId)
                .append("\",\"clientState\":");
        Json.quote(json, s.clientState).append(",\"lifecycleEvent\":");
        Json.quote(json, event).append("}]}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(s.lifecycleNotificationUrl))
                .timeout(options.deliveryTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure == null && response.statusCode() / 100 == 2) {
                stats.lifecycleNotificationsSent.increment();
            } else {
                stats.failedPosts.increment();
            }
        });
    }

    /**
     * Graph's endpoint validation: POST {@code url?validationToken=...} as text/plain and expect
     * 200, text/plain and the decoded token within 10 seconds. Returns null on success, else why not.
     */
    String validate(String url) {
        stats.validationHandshakes.increment();
        String token = "Validation: Testing client application reachability for subscription Request-Id: "
                + UUID.randomUUID() + " 100%+ok";
        String target = url + (url.contains("?") ? "&" : "?") + "validationToken="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(target))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() != 200) {
                return "the endpoint answered " + response.statusCode() + " instead of 200";
            }
            if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/plain")) {
                return "the endpoint answered Content-Type '" + contentType + "' instead of text/plain";
            }
            if (!token.equals(response.body())) {
                return "the endpoint did not echo the decoded validation token";
            }
            return null;
        } catch (java.io.IOException e) {
            return "the endpoint could not be reached (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IllegalArgumentException e) {
            return "the URL is not valid";
        }
    }

    /** Drops everything queued (reset). */
    void clear() {
        for (Destination destination : destinations.values()) {
            Item item;
            while ((item = destination.queue.poll()) != null) {
                outstanding.decrementAndGet();
            }
        }
        faults = NotificationFaults.NONE;
        held = false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
        clientExecutor.shutdownNow();
        client.shutdownNow();
    }

    /**
     * Trusts any certificate: the tenant only calls back to loopback webhooks (checked when a
     * subscription is created), which use self-signed certificates.
     */
    private static SSLContext trustingAnyLoopbackServer() {
        X509ExtendedTrustManager trustAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
