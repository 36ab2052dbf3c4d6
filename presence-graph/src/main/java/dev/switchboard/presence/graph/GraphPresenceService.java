package dev.switchboard.presence.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.engine.CommandGateway;
import dev.switchboard.presence.graph.auth.AccessTokenSource;
import dev.switchboard.presence.graph.auth.CertificateTokenSource;
import dev.switchboard.presence.graph.auth.PasswordTokenSource;
import dev.switchboard.presence.graph.coarse.CoarsePresenceSource;
import dev.switchboard.presence.graph.coarse.CoarsePresenceSource.CoarseObservation;
import dev.switchboard.presence.graph.webhook.GraphWebhook;
import dev.switchboard.presence.graph.webhook.NotificationDecryptor;
import dev.switchboard.presence.graph.webhook.ValidationTokenVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks the Teams presence of a set of users through Microsoft Graph and feeds it into the
 * engine as {@link Command.PresenceObserved}; fails agents over to coarse presence (and back)
 * with {@link Command.PresenceTrackingChanged}.
 *
 * <p>The users are split into chunks of at most 650 ids. Each chunk is owned by one healthy
 * presence account, which holds one Graph subscription for it; chunks of a failed account move to
 * the others, and come back when it recovers. A chunk no account can take is read by the
 * application permission if configured (polling), otherwise its agents fall back to coarse
 * presence. Bulk reads (cold start, after a gap, after basic notifications) go through one rate
 * limiter per application and tenant.
 *
 * <p>Time comes from the injected clock; the maintenance cycle (renewals, health re-checks,
 * resyncs, failover) runs on the injected scheduler and can be run at once with {@link
 * #runMaintenance()}. Notifications are processed by the {@link #webhook()} workers.
 */
public final class GraphPresenceService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GraphPresenceService.class);
    private static final String APPLICATION_SOURCE = "application";
    private static final Duration REAUTHORIZE_PROMPTLY = Duration.ofMinutes(1);

    private final GraphPresenceSettings settings;
    private final CommandGateway gateway;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler;
    private final GraphClient delegatedGraph;
    private final GraphClient applicationGraph;
    private final HttpClient http;
    private final List<AccountState> accounts = new ArrayList<>();
    private final ApplicationState application;
    private final CoarsePresenceSource coarse;
    private final GraphWebhook webhook;
    private final EncryptionKeys encryptionKeys;
    private final NotificationDecryptor decryptor;
    private final ValidationTokenVerifier verifier;
    private final LongConsumer receiptToEngine;
    private final ExecutorService io;
    private final ObjectMapper json = new ObjectMapper();

    /** Guards everything the maintenance cycle changes. */
    private final ReentrantLock control = new ReentrantLock();

    private volatile Map<String, List<AgentId>> usersById = Map.of();
    private volatile Map<String, Chunk> chunkByUser = Map.of();
    private final List<Chunk> chunks = new ArrayList<>();
    private int nextChunkId;
    private final Map<String, Chunk> bySubscription = new ConcurrentHashMap<>();
    private final List<Orphan> orphans = new ArrayList<>();

    private final Map<String, String> lastSequence = new ConcurrentHashMap<>();
    private final Map<String, String> lastUnstampedState = new ConcurrentHashMap<>();
    private final Map<String, String> lastCoarse = new ConcurrentHashMap<>();
    private final Map<AgentId, Boolean> detailedSent = new HashMap<>();
    private final Map<AgentId, Boolean> coarseSent = new HashMap<>();

    /** Users a basic notification said changed, with when the first such notification arrived. */
    private final Map<String, Long> dirty = new ConcurrentHashMap<>();
    /** The same users in the order they were first marked, so the longest-waiting are read first. */
    private final ConcurrentLinkedQueue<String> dirtyOrder = new ConcurrentLinkedQueue<>();

    private final Set<String> rereadLater = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean fullBatchFlushing = new AtomicBoolean();
    private final AtomicBoolean maintenanceScheduled = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Lifecycle> lifecycle = new ConcurrentLinkedQueue<>();

    private final HealthTracker webhookHealth;
    private final HealthTracker coarseHealth;
    private Instant coarsePolledAt = Instant.EPOCH;
    private Instant coarseSucceededAt;
    private Instant lastFullResync;
    private long refusedSeen;
    private volatile boolean started;
    private volatile boolean closed;
    private ScheduledFuture<?> periodic;

    private final Counters counters = new Counters();

    private GraphPresenceService(Builder b) {
        this.settings = b.settings;
        this.gateway = b.gateway;
        this.clock = b.clock;
        this.scheduler = b.scheduler;
        this.coarse = b.coarse;
        this.receiptToEngine = b.receiptToEngine;
        SSLContext tls = b.sslContext;
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        GraphPresenceSettings.Limits limits = settings.limits();
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), b.random);
        GraphRateLimiter delegatedLimiter =
                b.limiters.limiterFor(settings.clientId(), settings.tenantId(), limits.budget(), limits.window());
        this.delegatedGraph = new GraphClient(
                http, settings.graphBaseUrl(), delegatedLimiter, backoff, limits.maxAttempts(), b.sleeper, clock);
        for (GraphPresenceSettings.Account a : settings.accounts()) {
            AccessTokenSource tokens = new PasswordTokenSource(
                    a.name(),
                    settings.clientId(),
                    settings.authority(),
                    a.username(),
                    a.password(),
                    settings.scopes(),
                    tls.getSocketFactory(),
                    clock,
                    b.random,
                    settings.timing().tokenRefreshMargin());
            accounts.add(new AccountState(a, tokens, clock.instant()));
        }
        GraphPresenceSettings.Application app = settings.application();
        if (app != null) {
            char[] password = app.certificatePassword().reveal();
            AccessTokenSource tokens = new CertificateTokenSource(
                    APPLICATION_SOURCE,
                    app.clientId(),
                    settings.authority(),
                    app.pkcs12(),
                    password,
                    tls.getSocketFactory(),
                    clock,
                    b.random,
                    settings.timing().tokenRefreshMargin());
            GraphRateLimiter appLimiter =
                    b.limiters.limiterFor(app.clientId(), settings.tenantId(), limits.budget(), limits.window());
            this.applicationGraph = new GraphClient(
                    http, settings.graphBaseUrl(), appLimiter, backoff, limits.maxAttempts(), b.sleeper, clock);
            this.application = new ApplicationState(app, tokens, clock.instant());
        } else {
            this.applicationGraph = null;
            this.application = null;
        }
        if (settings.rich() != null) {
            this.encryptionKeys = EncryptionKeys.generate();
            this.decryptor = new NotificationDecryptor(encryptionKeys);
            this.verifier = new ValidationTokenVerifier(
                    settings.clientId(),
                    settings.tenantId(),
                    () -> fetchJwks(settings.rich().jwksUrl()),
                    clock);
        } else {
            this.encryptionKeys = null;
            this.decryptor = null;
            this.verifier = null;
        }
        this.webhook = new GraphWebhook(this::onNotification, b.webhookQueue, b.webhookWorkers);
        this.webhookHealth = new HealthTracker(clock.instant());
        this.coarseHealth = new HealthTracker(clock.instant());
        this.io = Executors.newVirtualThreadPerTaskExecutor();
    }

    /** Starts building a service. */
    public static Builder builder(GraphPresenceSettings settings, CommandGateway gateway) {
        return new Builder(settings, gateway);
    }

    // =====================================================================================
    // Public API
    // =====================================================================================

    /**
     * Sets which users to track, replacing the previous list. Safe at any time; after {@link
     * #start()} the change is applied by a maintenance cycle scheduled at once.
     */
    public void track(Collection<TrackedUser> users) {
        Map<String, List<AgentId>> map = new LinkedHashMap<>();
        for (TrackedUser u : users) {
            map.computeIfAbsent(u.userId(), k -> new ArrayList<>(1)).add(u.agent());
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        Map<String, List<AgentId>> previous = usersById;
        usersById = Map.copyOf(map);
        for (String gone : previous.keySet()) {
            if (!map.containsKey(gone)) {
                lastSequence.remove(gone);
                lastUnstampedState.remove(gone);
                lastCoarse.remove(gone);
            }
        }
        if (started) {
            maintainSoon();
        }
    }

    /** Signs in, reads everyone (cold start), subscribes, and schedules the maintenance cycle. */
    public void start() {
        if (coarse != null) {
            coarse.start(this::onCoarse);
        }
        started = true;
        runMaintenance();
        Duration every = settings.timing().maintenanceInterval();
        if (!every.isZero() && !every.isNegative()) {
            periodic = scheduler.scheduleWithFixedDelay(
                    this::maintainQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The transport-independent webhook handler to mount at the public notification URL. */
    public GraphWebhook webhook() {
        return webhook;
    }

    /**
     * Runs one maintenance cycle now and waits for it: health re-checks and sign-ins, failover
     * and return, subscription creation, renewal and reauthorization, resyncs, application
     * polling, coarse polling, and the resulting tracking changes.
     */
    public void runMaintenance() {
        control.lock();
        try {
            if (!closed) {
                maintain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            control.unlock();
        }
    }

    /** The health of every source and presence account, and of the webhook. */
    public List<SourceHealth> health() {
        control.lock();
        try {
            List<SourceHealth> result = new ArrayList<>();
            for (AccountState a : accounts) {
                result.add(a.health.toHealth(a.source, SourceKind.PRESENCE_ACCOUNT, agentsOf(a)));
            }
            if (application != null) {
                int polled = 0;
                for (Chunk c : chunks) {
                    if (c.polledByApplication) {
                        polled += agentCount(c);
                    }
                }
                result.add(application.health.toHealth(APPLICATION_SOURCE, SourceKind.APPLICATION, polled));
            }
            if (coarse != null) {
                int onCoarse =
                        (int) detailedSent.values().stream().filter(v -> !v).count();
                result.add(coarseHealth.toHealth(coarse.name(), SourceKind.COARSE, onCoarse));
            }
            if (!accounts.isEmpty()) {
                result.add(webhookHealth.toHealth("webhook", SourceKind.WEBHOOK, 0));
            }
            return List.copyOf(result);
        } finally {
            control.unlock();
        }
    }

    /** Counters for monitoring and tests. */
    public Stats stats() {
        control.lock();
        try {
            int subs = 0;
            for (Chunk c : chunks) {
                if (c.subscriptionId != null) {
                    subs++;
                }
            }
            return counters.snapshot(subs, chunks.size());
        } finally {
            control.unlock();
        }
    }

    /**
     * Reads every user again now and waits: call it when the webhook was unreachable for a while
     * (e.g. the listener restarted), since Graph drops notifications it cannot deliver.
     */
    public void resyncAll() {
        control.lock();
        try {
            for (Chunk c : chunks) {
                c.needsResync = true;
            }
        } finally {
            control.unlock();
        }
        runMaintenance();
    }

    /** Forget every sign-in back-off now (an administrator fixed something). */
    public void retrySignInsNow() {
        accounts.forEach(a -> a.tokens.retryNow());
        if (application != null) {
            application.tokens.retryNow();
        }
    }

    /** The certificate Graph encrypts rich notifications with, when they are enabled. */
    public Optional<EncryptionKeys> encryptionKeys() {
        return Optional.ofNullable(encryptionKeys);
    }

    @Override
    public void close() {
        control.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (periodic != null) {
                periodic.cancel(false);
            }
            deleteSubscriptionsWithin(CLOSE_DELETION_BUDGET);
        } finally {
            control.unlock();
        }
        webhook.close();
        io.shutdownNow();
        if (coarse != null) {
            coarse.close();
        }
    }

    /** How long closing waits for Graph to delete the subscriptions; the rest expire by themselves. */
    static final Duration CLOSE_DELETION_BUDGET = Duration.ofSeconds(5);

    /**
     * Leaves no subscriptions behind — Graph would keep delivering for up to an hour — but does
     * not hold up a shutdown when Graph is slow or unreachable: the deletions run side by side
     * and whatever is not done within the budget is abandoned (and interrupted with {@code io}).
     */
    private void deleteSubscriptionsWithin(Duration budget) {
        List<Future<?>> deletions = new ArrayList<>();
        for (Chunk c : chunks) {
            String id = c.subscriptionId;
            AccountState owner = c.owner;
            if (id != null && owner != null) {
                deletions.add(io.submit(() -> {
                    try {
                        delegatedGraph.deleteSubscription(owner.tokens, id);
                    } catch (PresenceSourceException | InterruptedException | RuntimeException e) {
                        log.debug("could not delete subscription {}: {}", id, e.toString());
                    }
                }));
            }
        }
        long deadline = System.nanoTime() + budget.toNanos();
        for (Future<?> deletion : deletions) {
            try {
                deletion.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                log.info(
                        "closing: {} subscription deletions unfinished after {}; they expire by themselves",
                        deletions.stream().filter(f -> !f.isDone()).count(),
                        budget);
                return;
            } catch (ExecutionException e) {
                log.debug("deleting a subscription failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // =====================================================================================
    // Maintenance
    // =====================================================================================

    private void maintainSoon() {
        if (closed || !maintenanceScheduled.compareAndSet(false, true)) {
            return;
        }
        scheduler.execute(() -> {
            maintenanceScheduled.set(false);
            maintainQuietly();
        });
    }

    private void maintainQuietly() {
        try {
            runMaintenance();
        } catch (RuntimeException e) {
            log.error("presence maintenance failed", e);
        }
    }

    private void maintain() throws InterruptedException {
        Instant now = clock.instant();
        counters.maintenanceCycles.incrementAndGet();
        reconcileChunks();
        drainLifecycle();
        long refused = webhook.refused();
        if (refused != refusedSeen) {
            // Notifications were turned away (queue full or shutting down): read everyone again.
            refusedSeen = refused;
            for (Chunk c : chunks) {
                c.needsResync = true;
            }
        }
        for (AccountState a : accounts) {
            checkAccount(a, now);
        }
        checkApplication();
        for (int round = 0; round < 3; round++) {
            assignChunks(now);
            boolean ownerFailed = false;
            for (Chunk c : List.copyOf(chunks)) {
                ownerFailed |= ensureSubscription(c, now);
            }
            if (!ownerFailed) {
                break;
            }
        }
        deleteOrphans();
        resync(now);
        updateDetailedTracking(now);
        pollCoarse(now);
    }

    /** Brings the chunks in line with the tracked users: drop the gone, place the new, compact. */
    private void reconcileChunks() {
        Map<String, List<AgentId>> users = usersById;
        int capacity = settings.limits().idsPerSubscription();
        Set<String> placed = new HashSet<>();
        for (Chunk c : chunks) {
            c.users.retainAll(users.keySet());
            placed.addAll(c.users);
        }
        for (Chunk c : List.copyOf(chunks)) {
            if (c.users.isEmpty()) {
                retire(c);
            }
        }
        for (String id : users.keySet()) {
            if (placed.contains(id)) {
                continue;
            }
            Chunk target = null;
            for (Chunk c : chunks) {
                if (c.users.size() < capacity) {
                    target = c;
                    break;
                }
            }
            if (target == null) {
                target = new Chunk(nextChunkId++);
                chunks.add(target);
            }
            target.users.add(id);
            target.newUsers.add(id);
        }
        // Compact: never hold more subscriptions than ⌈N / capacity⌉.
        int needed = (users.size() + capacity - 1) / capacity;
        while (chunks.size() > needed) {
            Chunk smallest = chunks.stream()
                    .min(Comparator.comparingInt(c -> c.users.size()))
                    .orElseThrow();
            List<String> moving = new ArrayList<>(smallest.users);
            for (Chunk c : chunks) {
                if (c == smallest) {
                    continue;
                }
                while (c.users.size() < capacity && !moving.isEmpty()) {
                    String id = moving.remove(moving.size() - 1);
                    c.users.add(id);
                    c.newUsers.add(id);
                }
            }
            smallest.users.retainAll(moving);
            if (!moving.isEmpty()) {
                break; // cannot happen when needed is right; be safe
            }
            retire(smallest);
        }
        Map<String, Chunk> index = new HashMap<>();
        for (Chunk c : chunks) {
            for (String id : c.users) {
                index.put(id, c);
            }
        }
        chunkByUser = Map.copyOf(index);
        detailedSent.keySet().removeIf(agent -> !isTracked(agent));
        coarseSent.keySet().removeIf(agent -> !isTracked(agent));
    }

    private boolean isTracked(AgentId agent) {
        for (List<AgentId> agents : usersById.values()) {
            if (agents.contains(agent)) {
                return true;
            }
        }
        return false;
    }

    private void retire(Chunk c) {
        chunks.remove(c);
        if (c.subscriptionId != null) {
            bySubscription.remove(c.subscriptionId);
            if (c.owner != null) {
                orphans.add(new Orphan(c.owner, c.subscriptionId));
            }
            c.subscriptionId = null;
        }
    }

    private void drainLifecycle() {
        Lifecycle event;
        while ((event = lifecycle.poll()) != null) {
            Chunk c = bySubscription.get(event.subscriptionId());
            if (c == null) {
                continue;
            }
            switch (event.kind().toLowerCase(java.util.Locale.ROOT)) {
                case "reauthorizationrequired" -> {
                    if (!c.reauthorize) {
                        c.reauthorizeRequestedAt = clock.instant();
                    }
                    c.reauthorize = true;
                }
                case "missed" -> c.needsResync = true;
                case "subscriptionremoved" -> {
                    bySubscription.remove(c.subscriptionId);
                    c.subscriptionId = null;
                    c.needsResync = true;
                }
                default -> log.debug("ignoring lifecycle event {}", event.kind());
            }
        }
    }

    /** Signs in (or refreshes) and confirms the account's subscriptions still exist. */
    private void checkAccount(AccountState a, Instant now) throws InterruptedException {
        if (a.failed() && now.isBefore(a.tokens.retryNotBefore())) {
            return; // no hot-loop sign-ins: the back-off decides
        }
        try {
            a.tokens.accessToken();
            List<SubscriptionInfo> listed = delegatedGraph.listSubscriptions(a.tokens);
            Map<String, SubscriptionInfo> byId = new HashMap<>();
            for (SubscriptionInfo s : listed) {
                byId.put(s.id(), s);
            }
            for (Chunk c : chunks) {
                if (c.owner != a || c.subscriptionId == null) {
                    continue;
                }
                SubscriptionInfo s = byId.get(c.subscriptionId);
                if (s == null) {
                    log.info("{}: subscription {} is gone; re-creating it", a.source, c.subscriptionId);
                    counters.subscriptionsLost.incrementAndGet();
                    bySubscription.remove(c.subscriptionId);
                    c.subscriptionId = null;
                    c.needsResync = true;
                } else {
                    c.confirmedAt = now;
                    if (s.expirationDateTime() != null) {
                        c.expiresAt = s.expirationDateTime();
                    }
                }
            }
            // Subscriptions to our webhook this instance does not know: left over from before.
            for (SubscriptionInfo s : listed) {
                if (settings.webhook().notificationUrl().equals(s.notificationUrl())
                        && !bySubscription.containsKey(s.id())) {
                    orphans.add(new Orphan(a, s.id()));
                }
            }
            a.ok(now);
        } catch (PresenceSourceException e) {
            accountTrouble(a, e, now);
        }
    }

    private void accountTrouble(AccountState a, PresenceSourceException e, Instant now) {
        Failure f = e.failure();
        boolean graphTransient = e instanceof GraphException
                && (f.status() == HealthStatus.UNREACHABLE || f.status() == HealthStatus.THROTTLED);
        if (graphTransient) {
            a.degraded(f, now, settings.timing().staleAfter());
        } else {
            a.failed(f, now);
        }
        log.warn("{}: {}", a.source, e.getMessage());
    }

    private void checkApplication() throws InterruptedException {
        if (application == null) {
            return;
        }
        Instant now = clock.instant();
        if (application.failed() && now.isBefore(application.tokens.retryNotBefore())) {
            return;
        }
        try {
            application.tokens.accessToken();
            application.ok(now);
        } catch (PresenceSourceException e) {
            application.failed(e.failure(), now);
        }
    }

    /** Gives every chunk whose owner failed (or that has none) to the least-loaded usable account. */
    private void assignChunks(Instant now) {
        List<AccountState> usable = new ArrayList<>();
        for (AccountState a : accounts) {
            if (a.usable()) {
                usable.add(a);
            }
        }
        for (Chunk c : chunks) {
            if (c.owner != null && !c.owner.usable()) {
                log.info("{} lost {} users ({}); handing them over", c.owner.source, c.users.size(), c.owner.label());
                if (c.subscriptionId != null) {
                    bySubscription.remove(c.subscriptionId);
                    orphans.add(new Orphan(c.owner, c.subscriptionId));
                    c.subscriptionId = null;
                }
                c.previousOwner = c.owner;
                c.owner = null;
                c.needsResync = true;
            }
        }
        for (Chunk c : chunks) {
            if (c.owner == null) {
                AccountState best = leastLoaded(usable);
                if (best != null) {
                    c.owner = best;
                    c.source = best.source;
                    counters.takeovers.incrementAndGet();
                }
            }
        }
        // A recovered account takes back its share, so load and redundancy are split again.
        while (usable.size() > 1) {
            AccountState most = usable.stream()
                    .max(Comparator.comparingInt(this::chunkCount))
                    .orElseThrow();
            AccountState least = leastLoaded(usable);
            if (least == null || chunkCount(most) - chunkCount(least) <= 1) {
                break;
            }
            Chunk moving = null;
            for (Chunk c : chunks) {
                if (c.owner == most) {
                    moving = c;
                }
            }
            if (moving == null) {
                break;
            }
            if (moving.subscriptionId != null) {
                moving.replacing = new Orphan(most, moving.subscriptionId);
                bySubscription.remove(moving.subscriptionId);
                moving.subscriptionId = null;
                // The old subscription delivers until the new one exists: no gap, no resync needed.
                moving.keepConfirmed = true;
            }
            moving.owner = least;
            moving.source = least.source;
        }
    }

    private AccountState leastLoaded(List<AccountState> usable) {
        AccountState best = null;
        int max = settings.limits().maxSubscriptionsPerAccount();
        for (AccountState a : usable) {
            int n = chunkCount(a);
            if (max > 0 && n >= max) {
                continue;
            }
            if (best == null || n < chunkCount(best)) {
                best = a;
            }
        }
        return best;
    }

    private int chunkCount(AccountState a) {
        int n = 0;
        for (Chunk c : chunks) {
            if (c.owner == a) {
                n++;
            }
        }
        return n;
    }

    /**
     * Creates, renews or reauthorizes the chunk's subscription as needed. Returns true when the
     * owner turned out to be unusable (the caller reassigns).
     */
    private boolean ensureSubscription(Chunk c, Instant now) throws InterruptedException {
        AccountState owner = c.owner;
        if (owner == null) {
            return false;
        }
        GraphPresenceSettings.Timing timing = settings.timing();
        try {
            List<String> wanted = List.copyOf(c.users);
            if (c.subscriptionId != null && !wanted.equals(c.subscribedIds)) {
                // Graph cannot change a subscription's resource: replace it (new first, then delete).
                c.replacing = new Orphan(owner, c.subscriptionId);
                bySubscription.remove(c.subscriptionId);
                c.subscriptionId = null;
                c.keepConfirmed = true;
            }
            if (c.subscriptionId == null) {
                create(c, owner, wanted, now);
            } else if (c.reauthorize) {
                if (delegatedGraph.reauthorize(owner.tokens, c.subscriptionId)) {
                    counters.reauthorizations.incrementAndGet();
                    c.reauthorize = false;
                    c.confirmedAt = now;
                    // Graph may pause delivery until a subscription is reauthorized: when that took
                    // a while, read what changed meanwhile. A prompt answer loses nothing.
                    if (c.reauthorizeRequestedAt == null
                            || Duration.between(c.reauthorizeRequestedAt, now).compareTo(REAUTHORIZE_PROMPTLY) > 0) {
                        c.needsResync = true;
                    }
                    c.reauthorizeRequestedAt = null;
                } else {
                    bySubscription.remove(c.subscriptionId);
                    c.subscriptionId = null;
                    create(c, owner, wanted, now);
                }
            } else if (c.expiresAt == null || Duration.between(now, c.expiresAt).compareTo(timing.renewBefore()) < 0) {
                Optional<SubscriptionInfo> renewed = delegatedGraph.renewSubscription(
                        owner.tokens, c.subscriptionId, now.plus(timing.subscriptionLifetime()));
                if (renewed.isPresent()) {
                    counters.renewals.incrementAndGet();
                    c.expiresAt = renewed.get().expirationDateTime() != null
                            ? renewed.get().expirationDateTime()
                            : now.plus(timing.subscriptionLifetime());
                    c.confirmedAt = now;
                } else {
                    counters.subscriptionsLost.incrementAndGet();
                    bySubscription.remove(c.subscriptionId);
                    c.subscriptionId = null;
                    create(c, owner, wanted, now);
                }
            }
            return false;
        } catch (GraphException e) {
            if (e.httpStatus() == 400 && c.subscriptionId == null) {
                webhookHealth.set(
                        HealthStatus.UNREACHABLE,
                        null,
                        "make " + settings.webhook().notificationUrl()
                                + " reachable from Microsoft Graph over HTTPS with a publicly trusted certificate,"
                                + " forwarded to the webhook",
                        e.getMessage(),
                        now);
                return false;
            }
            accountTrouble(owner, e, now);
            return !owner.usable();
        } catch (PresenceSourceException e) {
            accountTrouble(owner, e, now);
            return !owner.usable();
        }
    }

    private void create(Chunk c, AccountState owner, List<String> wanted, Instant now)
            throws PresenceSourceException, InterruptedException {
        String clientState = settings.webhook().clientState().revealString();
        SubscriptionInfo s = delegatedGraph.createSubscription(
                owner.tokens,
                wanted,
                settings.webhook().notificationUrl(),
                settings.webhook().lifecycleUrl(),
                clientState,
                now.plus(settings.timing().subscriptionLifetime()),
                encryptionKeys == null ? null : encryptionKeys.current());
        counters.subscriptionsCreated.incrementAndGet();
        c.clientState = clientState.getBytes(StandardCharsets.UTF_8);
        c.subscriptionId = s.id();
        c.subscribedIds = wanted;
        c.expiresAt = s.expirationDateTime() != null
                ? s.expirationDateTime()
                : now.plus(settings.timing().subscriptionLifetime());
        c.reauthorize = false;
        c.source = owner.source;
        bySubscription.put(s.id(), c);
        webhookHealth.set(HealthStatus.OK, null, null, null, now);
        if (c.keepConfirmed && c.replacing != null) {
            c.confirmedAt = now;
        } else {
            c.needsResync = true;
        }
        c.keepConfirmed = false;
        if (c.replacing != null) {
            orphans.add(c.replacing);
            c.replacing = null;
        }
        if (!c.newUsers.isEmpty()) {
            c.needsResync = true;
        }
        log.info(
                "{} subscribed to {} users (subscription {}, expires {})",
                owner.source,
                wanted.size(),
                s.id(),
                c.expiresAt);
    }

    private void deleteOrphans() throws InterruptedException {
        for (Orphan o : List.copyOf(orphans)) {
            if (!o.owner.usable()) {
                // Its token is gone; the subscription expires by itself within the hour, and its
                // notifications are ignored (unknown subscription id).
                orphans.remove(o);
                continue;
            }
            try {
                delegatedGraph.deleteSubscription(o.owner.tokens, o.subscriptionId);
                orphans.remove(o);
            } catch (PresenceSourceException e) {
                log.debug("could not delete subscription {}: {}", o.subscriptionId, e.getMessage());
                orphans.remove(o);
            }
        }
    }

    /** Bulk reads: after gaps, on the safety-net interval, and application polling. */
    private void resync(Instant now) throws InterruptedException {
        Duration every = settings.timing().resyncInterval();
        boolean full = !every.isZero()
                && (lastFullResync == null
                        || Duration.between(lastFullResync, now).compareTo(every) >= 0);
        if (full) {
            lastFullResync = now;
        }
        List<String> retry = new ArrayList<>(rereadLater);
        rereadLater.removeAll(retry);
        for (Chunk c : chunks) {
            boolean subscribed = c.owner != null && c.subscriptionId != null && c.owner.usable();
            if (subscribed) {
                c.polledByApplication = false;
                if (c.needsResync || full) {
                    if (read(c, c.owner.tokens, delegatedGraph, c.owner.source, List.copyOf(c.users))) {
                        c.needsResync = false;
                        c.newUsers.clear();
                        c.confirmedAt = now;
                    }
                } else if (!retry.isEmpty()) {
                    List<String> mine = new ArrayList<>();
                    for (String id : retry) {
                        if (c.users.contains(id)) {
                            mine.add(id);
                        }
                    }
                    if (!mine.isEmpty()) {
                        read(c, c.owner.tokens, delegatedGraph, c.owner.source, mine);
                    }
                }
            } else if (application != null && application.usable()) {
                Duration poll = settings.application().pollInterval();
                if (!c.polledByApplication
                        || c.polledAt == null
                        || Duration.between(c.polledAt, now).compareTo(poll) >= 0) {
                    c.polledByApplication = true;
                    c.source = APPLICATION_SOURCE;
                    if (read(c, application.tokens, applicationGraph, APPLICATION_SOURCE, List.copyOf(c.users))) {
                        c.polledAt = now;
                        c.needsResync = true; // a subscription taking it back must read again
                        counters.applicationPolls.incrementAndGet();
                    }
                }
            } else {
                c.polledByApplication = false;
            }
        }
    }

    /** Reads users in batches and observes them; false (and health updated) on failure. */
    private boolean read(Chunk c, AccessTokenSource tokens, GraphClient graph, String source, List<String> ids)
            throws InterruptedException {
        int batch = settings.limits().idsPerSubscription();
        try {
            for (int from = 0; from < ids.size(); from += batch) {
                List<String> part = ids.subList(from, Math.min(ids.size(), from + batch));
                counters.bulkReads.incrementAndGet();
                for (GraphPresence p : graph.getPresencesByUserId(tokens, part)) {
                    observe(p, source, 0);
                }
            }
            return true;
        } catch (PresenceSourceException e) {
            if (source.equals(APPLICATION_SOURCE)) {
                application.failed(e.failure(), clock.instant());
            } else if (c.owner != null) {
                accountTrouble(c.owner, e, clock.instant());
            }
            return false;
        }
    }

    /** Tells the engine which agents have working detailed tracking, by difference. */
    private void updateDetailedTracking(Instant now) {
        Duration stale = settings.timing().staleAfter();
        Map<String, List<AgentId>> users = usersById;
        Map<List<Object>, List<AgentId>> changes = new LinkedHashMap<>();
        for (Chunk c : chunks) {
            boolean subscribed = c.owner != null
                    && c.owner.usable()
                    && c.subscriptionId != null
                    && !c.needsResync
                    && c.confirmedAt != null
                    && Duration.between(c.confirmedAt, now).compareTo(stale) <= 0;
            boolean polled = c.polledByApplication
                    && c.polledAt != null
                    && application != null
                    && application.usable()
                    && Duration.between(c.polledAt, now)
                                    .compareTo(max(
                                            stale,
                                            settings.application()
                                                    .pollInterval()
                                                    .multipliedBy(2)))
                            <= 0;
            boolean tracking = subscribed || polled;
            String source;
            String reason;
            if (tracking) {
                source = subscribed ? c.owner.source : APPLICATION_SOURCE;
                reason = subscribed ? "subscribed" : "read by the application permission";
            } else {
                AccountState blame = c.owner != null ? c.owner : c.previousOwner;
                source = blame != null ? blame.source : "presence-accounts";
                reason = whyNotTracking(c, blame);
            }
            for (String id : c.users) {
                List<AgentId> agents = users.get(id);
                if (agents == null) {
                    continue;
                }
                for (AgentId agent : agents) {
                    Boolean sent = detailedSent.get(agent);
                    if (sent == null || sent != tracking) {
                        changes.computeIfAbsent(List.of(tracking, source, reason), k -> new ArrayList<>())
                                .add(agent);
                    }
                }
            }
        }
        changes.forEach((key, agents) -> {
            boolean tracking = (Boolean) key.get(0);
            String source = (String) key.get(1);
            String reason = (String) key.get(2);
            agents.forEach(a -> detailedSent.put(a, tracking));
            if (!tracking) {
                log.warn("{} agents fall back to coarse presence: {} ({})", agents.size(), reason, source);
            } else {
                log.info("{} agents have detailed presence again ({})", agents.size(), source);
            }
            counters.trackingChanges.incrementAndGet();
            submitTracking(
                    new Command.PresenceTrackingChanged(now, agents, Fidelity.DETAILED, tracking, source, reason),
                    detailedSent);
        });
    }

    private String whyNotTracking(Chunk c, AccountState blame) {
        if (accounts.isEmpty() && application == null) {
            return "no detailed presence source configured";
        }
        StringBuilder why = new StringBuilder();
        if (blame != null && !blame.usable()) {
            why.append(blame.source).append(' ').append(blame.label());
        } else if (c.owner != null && c.subscriptionId == null) {
            why.append("no subscription");
            if (webhookHealth.status != HealthStatus.OK && webhookHealth.status != HealthStatus.PENDING) {
                why.append(" (webhook ").append(webhookHealth.status).append(')');
            }
        } else if (c.owner != null) {
            why.append("presence data not confirmed");
        } else {
            why.append("no presence account available");
        }
        if (application != null && !application.usable()) {
            why.append("; application ").append(application.label());
        }
        return why.toString();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private void submitTracking(Command.PresenceTrackingChanged command, Map<AgentId, Boolean> sent) {
        try {
            gateway.submit(command).whenComplete((outcome, error) -> {
                if (error != null) {
                    // Forget what was sent, so the next cycle sends it again.
                    control.lock();
                    try {
                        command.agents().forEach(sent::remove);
                    } finally {
                        control.unlock();
                    }
                    log.warn("the engine did not take a tracking change: {}", error.toString());
                }
            });
        } catch (RuntimeException e) {
            command.agents().forEach(sent::remove);
            log.warn("the engine did not take a tracking change: {}", e.toString());
        }
    }

    private void pollCoarse(Instant now) throws InterruptedException {
        if (coarse == null) {
            return;
        }
        boolean anyFallback = detailedSent.containsValue(Boolean.FALSE);
        if (coarse.polls()) {
            Duration every = anyFallback
                    ? settings.timing().coarseFallbackPollInterval()
                    : settings.timing().coarsePollInterval();
            if (coarseSucceededAt != null
                    && Duration.between(coarsePolledAt, now).compareTo(every) < 0) {
                return;
            }
            coarsePolledAt = now;
            try {
                List<CoarseObservation> read = coarse.read(usersById.keySet());
                counters.coarseReads.incrementAndGet();
                onCoarse(read);
                coarseSucceededAt = now;
                coarseHealth.set(HealthStatus.OK, null, null, null, now);
            } catch (PresenceSourceException e) {
                Failure f = e.failure();
                coarseHealth.set(f.status(), f.aadstsCode(), f.fix(), f.detail(), now);
                log.warn("{}: {}", coarse.name(), e.getMessage());
            }
        } else {
            coarseHealth.set(HealthStatus.OK, null, null, null, now);
            if (coarseSucceededAt == null) {
                coarseSucceededAt = now;
            }
        }
        boolean coarseTracking = coarseSucceededAt != null
                && Duration.between(coarseSucceededAt, now)
                                .compareTo(settings.timing().staleAfter())
                        <= 0;
        List<AgentId> changed = new ArrayList<>();
        for (List<AgentId> agents : usersById.values()) {
            for (AgentId a : agents) {
                Boolean sent = coarseSent.get(a);
                if (sent == null || sent != coarseTracking) {
                    changed.add(a);
                    coarseSent.put(a, coarseTracking);
                }
            }
        }
        if (!changed.isEmpty()) {
            submitTracking(
                    new Command.PresenceTrackingChanged(
                            now,
                            changed,
                            Fidelity.COARSE,
                            coarseTracking,
                            coarse.name(),
                            coarseTracking ? "coarse presence readable" : coarseHealth.label()),
                    coarseSent);
        }
    }

    // =====================================================================================
    // Observations
    // =====================================================================================

    /** Coarse observations, polled or pushed: only changes go to the engine. */
    private void onCoarse(List<CoarseObservation> observations) {
        Map<String, List<AgentId>> users = usersById;
        Instant now = clock.instant();
        for (CoarseObservation o : observations) {
            List<AgentId> agents = users.get(o.userId());
            if (agents == null || o.availability() == null) {
                continue;
            }
            String previous = lastCoarse.put(o.userId(), o.availability());
            if (o.availability().equalsIgnoreCase(previous)) {
                continue;
            }
            Presence presence = Presence.coarse(Availability.parse(o.availability()), coarse.name(), now);
            for (AgentId a : agents) {
                counters.coarseObservations.incrementAndGet();
                submitObservation(new Command.PresenceObserved(now, a, presence), o.userId(), null, true);
            }
        }
    }

    /**
     * One detailed reading: dropped unless its stamp is newer than the last one seen for the user
     * (duplicates and out-of-order deliveries), then sent for every agent of the user.
     */
    private void observe(GraphPresence p, String source, long receivedNanos) {
        if (p.userId() == null) {
            return;
        }
        List<AgentId> agents = usersById.get(p.userId());
        if (agents == null) {
            counters.untracked.incrementAndGet();
            return;
        }
        String seq = p.sequenceNumber();
        if (seq != null) {
            boolean[] newer = {false};
            lastSequence.compute(p.userId(), (k, old) -> {
                if (old == null || seq.compareTo(old) > 0) {
                    newer[0] = true;
                    return seq;
                }
                return old;
            });
            if (!newer[0]) {
                counters.stale.incrementAndGet();
                return;
            }
        } else {
            String state = p.availability() + '/' + p.activity() + '/' + p.outOfOffice();
            if (state.equals(lastUnstampedState.put(p.userId(), state))) {
                counters.stale.incrementAndGet();
                return;
            }
        }
        Instant now = clock.instant();
        Presence presence = new Presence(
                Availability.parse(p.availability()),
                Activity.parse(p.activity()),
                p.outOfOffice(),
                Fidelity.DETAILED,
                source,
                seq,
                now);
        for (AgentId a : agents) {
            counters.observations.incrementAndGet();
            submitObservation(new Command.PresenceObserved(now, a, presence), p.userId(), seq, false, receivedNanos);
        }
    }

    private void submitObservation(Command.PresenceObserved command, String userId, String seq, boolean isCoarse) {
        submitObservation(command, userId, seq, isCoarse, 0);
    }

    /** @param receivedNanos when the notification behind it arrived at the webhook, or 0 */
    private void submitObservation(
            Command.PresenceObserved command, String userId, String seq, boolean isCoarse, long receivedNanos) {
        try {
            gateway.submit(command).whenComplete((outcome, error) -> {
                if (error != null) {
                    forgetObservation(userId, seq, isCoarse);
                } else if (receivedNanos != 0 && receiptToEngine != null) {
                    receiptToEngine.accept(System.nanoTime() - receivedNanos);
                }
            });
        } catch (RuntimeException e) {
            forgetObservation(userId, seq, isCoarse);
        }
    }

    /** The engine refused it (overloaded): read the user again later. */
    private void forgetObservation(String userId, String seq, boolean isCoarse) {
        counters.refusedByEngine.incrementAndGet();
        if (isCoarse) {
            lastCoarse.remove(userId);
            return;
        }
        if (seq != null) {
            lastSequence.remove(userId, seq);
        } else {
            lastUnstampedState.remove(userId);
        }
        rereadLater.add(userId);
    }

    // =====================================================================================
    // Notifications
    // =====================================================================================

    private void onNotification(byte[] body, long receivedNanos) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            counters.rejected.incrementAndGet();
            return;
        }
        Boolean tokensValid = null;
        for (JsonNode item : root.path("value")) {
            counters.notifications.incrementAndGet();
            String subscriptionId = item.path("subscriptionId").asText(null);
            Chunk c = subscriptionId == null ? null : bySubscription.get(subscriptionId);
            if (c == null) {
                counters.unknownSubscription.incrementAndGet();
                continue;
            }
            String clientState = item.path("clientState").asText(null);
            if (clientState == null
                    || !MessageDigest.isEqual(clientState.getBytes(StandardCharsets.UTF_8), c.clientState)) {
                counters.rejected.incrementAndGet();
                continue;
            }
            String lifecycleEvent = item.path("lifecycleEvent").asText(null);
            if (lifecycleEvent != null) {
                counters.lifecycleEvents.incrementAndGet();
                lifecycle.add(new Lifecycle(subscriptionId, lifecycleEvent));
                maintainSoon();
                continue;
            }
            String source = c.source;
            JsonNode encrypted = item.get("encryptedContent");
            if (encrypted != null && decryptor != null) {
                if (tokensValid == null) {
                    List<String> tokens = new ArrayList<>();
                    root.path("validationTokens").forEach(t -> tokens.add(t.asText()));
                    tokensValid = verifier.verifyAll(tokens);
                }
                if (!tokensValid) {
                    counters.rejected.incrementAndGet();
                    continue;
                }
                Optional<String> plain = decryptor.decrypt(encrypted);
                if (plain.isEmpty()) {
                    counters.rejected.incrementAndGet();
                    continue;
                }
                try {
                    GraphPresence p = GraphClient.parsePresence(json.readTree(plain.get()));
                    if (p.sequenceNumber() != null && p.availability() != null && p.userId() != null) {
                        observe(p, source, receivedNanos);
                    } else if (p.userId() != null) {
                        markDirty(p.userId(), receivedNanos);
                    }
                } catch (IOException e) {
                    counters.rejected.incrementAndGet();
                }
                continue;
            }
            String userId = userIdOf(item);
            if (userId != null) {
                markDirty(userId, receivedNanos);
            }
        }
    }

    private static String userIdOf(JsonNode item) {
        String id = item.path("resourceData").path("id").asText(null);
        if (id != null && !id.isBlank()) {
            return GraphClient.lastSegment(id);
        }
        String odataId = item.path("resourceData").path("@odata.id").asText(null);
        if (odataId != null) {
            // users/{id}/presence
            String[] parts = odataId.split("/");
            for (int i = 0; i + 1 < parts.length; i++) {
                if (parts[i].equalsIgnoreCase("users")) {
                    return parts[i + 1];
                }
            }
        }
        return null;
    }

    /**
     * A basic notification says only "this user changed": collect ids and read them in bulk, after
     * the coalescing delay — or at once when a full request's worth (650 ids) is waiting, since
     * waiting longer would not save a request, only add latency.
     */
    private void markDirty(String userId, long receivedNanos) {
        if (!usersById.containsKey(userId)) {
            counters.untracked.incrementAndGet();
            return;
        }
        remember(userId, receivedNanos);
        // Each account (or the application) reads its own users: from this size on, at least one
        // of them has a whole request's worth.
        int readers = accounts.size() + (application != null ? 1 : 0);
        int wholeRequests = settings.limits().idsPerSubscription() * Math.max(1, readers);
        if (dirty.size() >= wholeRequests) {
            readWholeRequests(wholeRequests);
        }
    }

    /** Reads whole requests' worth off the request thread, one reader at a time, until fewer wait. */
    private void readWholeRequests(int threshold) {
        if (!fullBatchFlushing.compareAndSet(false, true)) {
            return;
        }
        io.execute(() -> {
            boolean stuck = false;
            try {
                while (dirty.size() >= threshold && !stuck) {
                    stuck = !readDirty(true);
                }
            } finally {
                fullBatchFlushing.set(false);
            }
            // A notification that came while the flag was still set did not start a read.
            if (!stuck && dirty.size() >= threshold) {
                readWholeRequests(threshold);
            }
        });
    }

    private void remember(String userId, long receivedNanos) {
        if (dirty.putIfAbsent(userId, receivedNanos) == null) {
            dirtyOrder.add(userId);
        }
        if (flushScheduled.compareAndSet(false, true)) {
            scheduler.schedule(
                    () -> io.execute(this::flushDirty),
                    settings.timing().coalesceDelay().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void flushDirty() {
        flushScheduled.set(false);
        readDirty(false);
    }

    /**
     * Reads the users marked changed, longest-waiting first, through the account that tracks them,
     * in requests of up to 650 ids. With {@code wholeRequestsOnly}, an account's last partial
     * request is left for the coalescing delay (it goes back to the queue).
     *
     * @return whether any request was made
     */
    private boolean readDirty(boolean wholeRequestsOnly) {
        Map<String, Long> receivedAt = new HashMap<>();
        Map<String, Chunk> index = chunkByUser;
        Map<Reader, List<String>> byReader = new LinkedHashMap<>();
        for (String id = dirtyOrder.poll(); id != null; id = dirtyOrder.poll()) {
            Long received = dirty.remove(id);
            if (received == null) {
                continue;
            }
            Chunk c = index.get(id);
            Reader r = c == null ? null : readerOf(c);
            if (r == null) {
                continue; // no detailed source for it right now: coarse presence decides
            }
            receivedAt.put(id, received);
            byReader.computeIfAbsent(r, k -> new ArrayList<>()).add(id);
        }
        int batch = settings.limits().idsPerSubscription();
        boolean[] read = {false};
        byReader.forEach((reader, list) -> {
            int whole = wholeRequestsOnly ? list.size() / batch * batch : list.size();
            for (String id : list.subList(whole, list.size())) {
                remember(id, receivedAt.get(id));
            }
            for (int from = 0; from < whole; from += batch) {
                List<String> part = list.subList(from, Math.min(whole, from + batch));
                read[0] = true;
                try {
                    counters.bulkReads.incrementAndGet();
                    counters.coalescedReads.incrementAndGet();
                    for (GraphPresence p : reader.graph.getPresencesByUserId(reader.tokens, part)) {
                        observe(p, reader.source, p.userId() == null ? 0 : receivedAt.getOrDefault(p.userId(), 0L));
                    }
                } catch (PresenceSourceException e) {
                    log.debug("re-reading {} changed users failed: {}", part.size(), e.getMessage());
                    rereadLater.addAll(part);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    rereadLater.addAll(part);
                    return;
                }
            }
        });
        return read[0];
    }

    private record Reader(AccessTokenSource tokens, GraphClient graph, String source) {}

    private Reader readerOf(Chunk c) {
        AccountState owner = c.owner;
        if (owner != null && owner.usable()) {
            return new Reader(owner.tokens, delegatedGraph, owner.source);
        }
        if (application != null && application.usable()) {
            return new Reader(application.tokens, applicationGraph, APPLICATION_SOURCE);
        }
        return null;
    }

    private String fetchJwks(String url) {
        try {
            String body = get(url);
            JsonNode node = json.readTree(body);
            if (node.has("jwks_uri")) {
                return get(node.get("jwks_uri").asText());
            }
            return body;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        return r.body();
    }

    private int agentsOf(AccountState a) {
        int n = 0;
        for (Chunk c : chunks) {
            if (c.owner == a && c.subscriptionId != null) {
                n += agentCount(c);
            }
        }
        return n;
    }

    private int agentCount(Chunk c) {
        int n = 0;
        Map<String, List<AgentId>> users = usersById;
        for (String id : c.users) {
            List<AgentId> agents = users.get(id);
            n += agents == null ? 0 : agents.size();
        }
        return n;
    }

    // =====================================================================================
    // State
    // =====================================================================================

    private record Lifecycle(String subscriptionId, String kind) {}

    private record Orphan(AccountState owner, String subscriptionId) {}

    /** Up to 650 users under one subscription. */
    private static final class Chunk {
        final int id;
        final LinkedHashSet<String> users = new LinkedHashSet<>();
        /** Users added since the last read: read them with the next subscription. */
        final Set<String> newUsers = new HashSet<>();

        AccountState owner;
        AccountState previousOwner;
        volatile String source = "presence-accounts";
        String subscriptionId;
        List<String> subscribedIds = List.of();
        Instant expiresAt;
        Instant confirmedAt;
        boolean needsResync = true;
        boolean reauthorize;
        Instant reauthorizeRequestedAt;
        boolean polledByApplication;
        Instant polledAt;
        Orphan replacing;
        boolean keepConfirmed;
        volatile byte[] clientState = new byte[0];

        Chunk(int id) {
            this.id = id;
        }

        @Override
        public String toString() {
            return "Chunk(" + id + ", " + users.size() + " users)";
        }
    }

    /** Status, since when, and why, as shown to administrators. */
    private static final class HealthTracker {
        HealthStatus status = HealthStatus.PENDING;
        String aadsts;
        String fix;
        String detail = "";
        Instant since;

        HealthTracker(Instant now) {
            this.since = now;
        }

        void set(HealthStatus next, String code, String fixText, String detailText, Instant now) {
            if (next != status || !Objects.equals(code, aadsts)) {
                since = now;
            }
            status = next;
            aadsts = code;
            fix = fixText;
            detail = detailText == null ? "" : detailText;
        }

        void set(Failure f, Instant now) {
            set(f.status(), f.aadstsCode(), f.fix(), f.detail(), now);
        }

        String label() {
            return aadsts == null ? status.name() : status.name() + " (AADSTS" + aadsts + ")";
        }

        SourceHealth toHealth(String source, SourceKind kind, int agents) {
            return new SourceHealth(source, kind, status, aadsts, since, fix, detail, agents);
        }
    }

    private static final class AccountState {
        final GraphPresenceSettings.Account config;
        final AccessTokenSource tokens;
        final String source;
        final HealthTracker health;
        /** Failed: sign-in or permission; its chunks go to other accounts. */
        boolean failed;
        /** Graph trouble (unreachable, throttled) since then; fails after the stale age. */
        Instant degradedSince;

        boolean degradedTooLong;

        AccountState(GraphPresenceSettings.Account config, AccessTokenSource tokens, Instant now) {
            this.config = config;
            this.tokens = tokens;
            this.source = "presence-account:" + config.name();
            this.health = new HealthTracker(now);
        }

        boolean failed() {
            return failed || degradedTooLong;
        }

        boolean usable() {
            return health.status != HealthStatus.PENDING && !failed && !degradedTooLong;
        }

        void ok(Instant now) {
            failed = false;
            degradedSince = null;
            degradedTooLong = false;
            health.set(HealthStatus.OK, null, null, null, now);
        }

        void failed(Failure f, Instant now) {
            failed = true;
            health.set(f, now);
        }

        void degraded(Failure f, Instant now, Duration limit) {
            if (degradedSince == null) {
                degradedSince = now;
            }
            degradedTooLong = Duration.between(degradedSince, now).compareTo(limit) > 0;
            if (health.status == HealthStatus.PENDING) {
                failed = true;
            }
            health.set(f, now);
        }

        String label() {
            return health.label();
        }
    }

    private static final class ApplicationState {
        final GraphPresenceSettings.Application config;
        final AccessTokenSource tokens;
        final HealthTracker health;
        boolean failed;

        ApplicationState(GraphPresenceSettings.Application config, AccessTokenSource tokens, Instant now) {
            this.config = config;
            this.tokens = tokens;
            this.health = new HealthTracker(now);
        }

        boolean failed() {
            return failed;
        }

        boolean usable() {
            return health.status != HealthStatus.PENDING && !failed;
        }

        void ok(Instant now) {
            failed = false;
            health.set(HealthStatus.OK, null, null, null, now);
        }

        void failed(Failure f, Instant now) {
            failed = true;
            health.set(f, now);
        }

        String label() {
            return health.label();
        }
    }

    /** Counters since start. */
    public record Stats(
            long notifications,
            long observations,
            long coarseObservations,
            long stale,
            long rejected,
            long unknownSubscription,
            long untracked,
            long lifecycleEvents,
            long bulkReads,
            long coalescedReads,
            long applicationPolls,
            long coarseReads,
            long subscriptionsCreated,
            long subscriptionsLost,
            long renewals,
            long reauthorizations,
            long takeovers,
            long trackingChanges,
            long refusedByEngine,
            long maintenanceCycles,
            int activeSubscriptions,
            int chunks) {}

    private static final class Counters {
        final AtomicLong notifications = new AtomicLong();
        final AtomicLong observations = new AtomicLong();
        final AtomicLong coarseObservations = new AtomicLong();
        final AtomicLong stale = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong unknownSubscription = new AtomicLong();
        final AtomicLong untracked = new AtomicLong();
        final AtomicLong lifecycleEvents = new AtomicLong();
        final AtomicLong bulkReads = new AtomicLong();
        final AtomicLong coalescedReads = new AtomicLong();
        final AtomicLong applicationPolls = new AtomicLong();
        final AtomicLong coarseReads = new AtomicLong();
        final AtomicLong subscriptionsCreated = new AtomicLong();
        final AtomicLong subscriptionsLost = new AtomicLong();
        final AtomicLong renewals = new AtomicLong();
        final AtomicLong reauthorizations = new AtomicLong();
        final AtomicLong takeovers = new AtomicLong();
        final AtomicLong trackingChanges = new AtomicLong();
        final AtomicLong refusedByEngine = new AtomicLong();
        final AtomicLong maintenanceCycles = new AtomicLong();

        Stats snapshot(int activeSubscriptions, int chunks) {
            return new Stats(
                    notifications.get(),
                    observations.get(),
                    coarseObservations.get(),
                    stale.get(),
                    rejected.get(),
                    unknownSubscription.get(),
                    untracked.get(),
                    lifecycleEvents.get(),
                    bulkReads.get(),
                    coalescedReads.get(),
                    applicationPolls.get(),
                    coarseReads.get(),
                    subscriptionsCreated.get(),
                    subscriptionsLost.get(),
                    renewals.get(),
                    reauthorizations.get(),
                    takeovers.get(),
                    trackingChanges.get(),
                    refusedByEngine.get(),
                    maintenanceCycles.get(),
                    activeSubscriptions,
                    chunks);
        }
    }

    /** Rate limiters per application and tenant, shared by every service of one process. */
    public static final class RateLimiters {
        private final Map<String, GraphRateLimiter> limiters = new ConcurrentHashMap<>();

        public GraphRateLimiter limiterFor(String clientId, String tenantId, int budget, Duration window) {
            return limiters.computeIfAbsent(clientId + '|' + tenantId, k -> GraphRateLimiter.realTime(budget, window));
        }
    }

    /** Builds a {@link GraphPresenceService}. */
    public static final class Builder {
        private final GraphPresenceSettings settings;
        private final CommandGateway gateway;
        private InstantSource clock = InstantSource.system();
        private ScheduledExecutorService scheduler;
        private RandomGenerator random = new java.util.SplittableRandom();
        private SSLContext sslContext;
        private CoarsePresenceSource coarse;
        private RateLimiters limiters = new RateLimiters();
        private GraphRateLimiter.Sleeper sleeper = nanos -> {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        };
        private int webhookWorkers = 2;
        private int webhookQueue = 10_000;
        private LongConsumer receiptToEngine;

        private Builder(GraphPresenceSettings settings, CommandGateway gateway) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.gateway = Objects.requireNonNull(gateway, "gateway");
        }

        /** The clock every expiry, renewal and back-off is judged on. */
        public Builder clock(InstantSource value) {
            this.clock = value;
            return this;
        }

        /** Runs the maintenance cycle and the coalescing of changed ids. */
        public Builder scheduler(ScheduledExecutorService value) {
            this.scheduler = value;
            return this;
        }

        /** Jitter for back-offs. */
        public Builder random(RandomGenerator value) {
            this.random = value;
            return this;
        }

        /** TLS trust for Entra ID and Graph (default: the JDK's). */
        public Builder sslContext(SSLContext value) {
            this.sslContext = value;
            return this;
        }

        public Builder coarseSource(CoarsePresenceSource value) {
            this.coarse = value;
            return this;
        }

        /** Share limiters between services of the same application and tenant. */
        public Builder rateLimiters(RateLimiters value) {
            this.limiters = value;
            return this;
        }

        /** How retries wait (real time by default). */
        public Builder sleeper(GraphRateLimiter.Sleeper value) {
            this.sleeper = value;
            return this;
        }

        public Builder webhookWorkers(int value) {
            this.webhookWorkers = value;
            return this;
        }

        public Builder webhookQueue(int value) {
            this.webhookQueue = value;
            return this;
        }

        /**
         * Called with the nanoseconds from a notification's receipt at the webhook to the engine's
         * acknowledgement of the presence command it became (the engine has applied it to its
         * state). For basic notifications this includes the coalescing delay and the bulk read.
         */
        public Builder receiptToEngine(LongConsumer value) {
            this.receiptToEngine = value;
            return this;
        }

        public GraphPresenceService build() {
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "graph-presence-maintenance");
                    t.setDaemon(true);
                    return t;
                });
            }
            if (sslContext == null) {
                sslContext = TrustedCertificates.clientContext(List.of());
            }
            return new GraphPresenceService(this);
        }
    }

    @Override
    public String toString() {
        return "GraphPresenceService(" + accounts.size() + " accounts, " + usersById.size() + " users)";
    }
}
