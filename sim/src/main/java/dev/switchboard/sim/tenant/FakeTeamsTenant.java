package dev.switchboard.sim.tenant;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Microsoft Teams tenant over real HTTPS on 127.0.0.1: Entra's token endpoint and Graph's
 * presence, subscriptions and change notifications, with fault injection and a control API under
 * {@code /_fake/}. See docs/FAKE_TENANT.md.
 *
 * <p>Served by Jetty core (one TLS connector, handlers on virtual threads so that slow-response
 * faults and webhook handshakes never starve the pool).
 */
public final class FakeTeamsTenant implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FakeTeamsTenant.class);

    /** Password of the PKCS#12 files the tenant hands out for generated app certificates. */
    public static final String PKCS12_PASSWORD = "fake-tenant";

    /** Delegated permissions of the default presence accounts. */
    public static final Set<String> PRESENCE_ACCOUNT_PERMISSIONS =
            Set.of("Presence.Read.All", "User.Read", "User.ReadBasic.All");

    final FakeTenantOptions options;
    final String tenantId;
    final String domain;
    final TenantClock clock;
    final Stats stats = new Stats();
    final SignInFaults signInFaults = new SignInFaults();
    final RequestFaults requestFaults = new RequestFaults();
    final Map<String, KeyMaterial> generatedAppKeys = new ConcurrentHashMap<>();
    final KeyMaterial serverKey;
    final String publicClientId;
    final String confidentialClientId;
    private final Server server;
    private final String baseUrl;
    final Directory directory;
    final TokenService tokens;
    final PresenceRateLimiter limiter;
    final NotificationSender sender;
    final Subscriptions subscriptions;
    private final ScheduledFuture<?> sweeper;
    private final TenantControl control;
    private volatile WorkingDay day;
    private volatile ScheduledFuture<?> dayTicker;
    private final Object dayLock = new Object();

    private FakeTeamsTenant(FakeTenantOptions options) throws Exception {
        this.options = options;
        Random ids = new Random(options.seed() * 7919 + 17);
        this.tenantId = options.tenantId() != null ? options.tenantId() : Directory.guid(ids);
        this.domain = options.domain();
        this.clock = new TenantClock(options.clock());
        this.publicClientId = Directory.guid(ids);
        this.confidentialClientId = Directory.guid(ids);
        String presence1Id = Directory.guid(ids);
        String presence2Id = Directory.guid(ids);
        this.serverKey = KeyMaterial.loopbackServer("fake-teams-tenant");

        List<FakeAccount> accounts = new ArrayList<>();
        List<FakeApp> apps = new ArrayList<>();
        if (options.defaultAccountsAndApps()) {
            accounts.add(new FakeAccount(
                    "presence1@" + domain,
                    "Presence1-Fake!",
                    presence1Id,
                    "Presence Account 1",
                    PRESENCE_ACCOUNT_PERMISSIONS));
            accounts.add(new FakeAccount(
                    "presence2@" + domain,
                    "Presence2-Fake!",
                    presence2Id,
                    "Presence Account 2",
                    PRESENCE_ACCOUNT_PERMISSIONS));
            apps.add(new FakeApp(publicClientId, "Switchboard presence (public client)", true, null, Set.of()));
            KeyMaterial appKey = KeyMaterial.rsa("switchboard-presence-app");
            generatedAppKeys.put(confidentialClientId.toLowerCase(java.util.Locale.ROOT), appKey);
            apps.add(new FakeApp(
                    confidentialClientId,
                    "Switchboard presence (application permission)",
                    false,
                    appKey.certificate(),
                    Set.of("Presence.Read.All")));
        }
        accounts.addAll(options.accounts());
        apps.addAll(options.apps());
        this.directory = new Directory(domain, options.users(), options.seed(), accounts, apps);

        QueuedThreadPool pool = new QueuedThreadPool(64, 4);
        pool.setName("fake-tenant");
        pool.setDaemon(true);
        pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("fake-tenant-vt"));
        this.server = new Server(pool);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        char[] password = "unused".toCharArray();
        ssl.setKeyStore(serverKey.keyStore(password));
        ssl.setKeyStorePassword(new String(password));
        ssl.setSniRequired(false);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        secure.setSniRequired(false);
        http.addCustomizer(secure);
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        ServerConnector connector =
                new ServerConnector(server, 1, 2, new SslConnectionFactory(ssl, h1.getProtocol()), h1);
        connector.setHost("127.0.0.1");
        connector.setPort(options.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        Dispatcher dispatcher = new Dispatcher();
        server.setHandler(dispatcher);
        server.start();
        this.baseUrl = "https://127.0.0.1:" + connector.getLocalPort();

        this.tokens = new TokenService(tenantId, clock, options.accessTokenLifetime(), baseUrl);
        this.limiter = new PresenceRateLimiter(options.presenceRequestsPer30Seconds());
        this.sender = new NotificationSender(options, stats, tokens);
        this.subscriptions =
                new Subscriptions(options.users(), clock, sender, stats, options.automaticReauthorizationRequired());
        this.control = new TenantControl(this);

        Router router = new Router();
        new ControlEndpoints(this).register(router);
        new EntraEndpoints(tenantId, domain, baseUrl, directory, tokens, signInFaults, stats, clock).register(router);
        new GraphEndpoints(
                        tenantId,
                        graphBaseUrl(),
                        options,
                        directory,
                        tokens,
                        clock,
                        stats,
                        limiter,
                        subscriptions,
                        sender)
                .register(router);
        dispatcher.router = router;
        this.sweeper = sender.timer().scheduleWithFixedDelay(this::sweepQuietly, 250, 250, TimeUnit.MILLISECONDS);
        LOG.info("fake Teams tenant {} listening on {}", tenantId, baseUrl);
    }

    /** Starts a tenant; it listens until {@link #close()}. */
    public static FakeTeamsTenant start(FakeTenantOptions options) {
        try {
            return new FakeTeamsTenant(options);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the fake Teams tenant: " + e.getMessage(), e);
        }
    }

    private void sweepQuietly() {
        try {
            subscriptions.sweep();
        } catch (RuntimeException e) {
            LOG.warn("subscription sweep failed", e);
        }
    }

    /** {@code https://127.0.0.1:PORT} */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return java.net.URI.create(baseUrl).getPort();
    }

    /** {@code https://127.0.0.1:PORT/{tenantId}/}, the MSAL4J authority. */
    public String authority() {
        return baseUrl + "/" + tenantId + "/";
    }

    /** {@code https://127.0.0.1:PORT/v1.0} */
    public String graphBaseUrl() {
        return baseUrl + "/v1.0";
    }

    /** Where the keys that sign access and notification validation tokens are published. */
    public String jwksUrl() {
        return baseUrl + "/common/discovery/keys";
    }

    public String tenantId() {
        return tenantId;
    }

    public String domain() {
        return domain;
    }

    /** The tenant clock's current time (base clock plus whatever the control API advanced). */
    public Instant now() {
        return clock.now();
    }

    /** An SSL context that trusts the tenant's certificate. */
    public SSLContext sslContext() {
        return serverKey.trustingSslContext();
    }

    public X509Certificate certificate() {
        return serverKey.certificate();
    }

    /** The server certificate in PEM. */
    public String certificatePem() {
        return serverKey.certificatePem();
    }

    public List<FakeUser> users() {
        return directory.users;
    }

    public List<FakeAccount> accounts() {
        return List.copyOf(directory.accounts());
    }

    public List<FakeApp> apps() {
        return List.copyOf(directory.apps());
    }

    /** The default public-client app (ROPC allowed). */
    public String publicClientId() {
        return publicClientId;
    }

    /** The default confidential app (certificate, application Presence.Read.All). */
    public String confidentialClientId() {
        return confidentialClientId;
    }

    /** The key and certificate the tenant generated for an app (the default confidential app, or one registered without a certificate). */
    public KeyMaterial appKey(String clientId) {
        KeyMaterial key = generatedAppKeys.get(clientId.toLowerCase(java.util.Locale.ROOT));
        if (key == null) throw new IllegalArgumentException("the tenant holds no key for app " + clientId);
        return key;
    }

    /** The app's key and certificate as PKCS#12, password {@link #PKCS12_PASSWORD}. */
    public byte[] appPkcs12(String clientId) {
        return appKey(clientId).pkcs12(PKCS12_PASSWORD.toCharArray());
    }

    public TenantControl control() {
        return control;
    }

    // ---- operations behind the control API -----------------------------------------------------

    PresenceState applyPresence(int index, String availability, String activity, boolean outOfOffice) {
        PresenceState state = directory.setPresence(index, availability, activity, outOfOffice);
        stats.presenceChanges.increment();
        subscriptions.presenceChanged(index, state);
        return state;
    }

    void startDay(LocalTime start, double speed, long seed) {
        synchronized (dayLock) {
            stopDay();
            WorkingDay newDay = new WorkingDay(
                    directory.size(),
                    seed,
                    start,
                    speed,
                    (index, pair, oof) -> applyPresence(index, pair.availability(), pair.activity(), oof));
            day = newDay;
            if (speed > 0) {
                dayTicker = sender.timer()
                        .scheduleWithFixedDelay(
                                () -> {
                                    try {
                                        newDay.tick();
                                    } catch (RuntimeException e) {
                                        LOG.warn("working day step failed", e);
                                    }
                                },
                                0,
                                100,
                                TimeUnit.MILLISECONDS);
            } else {
                newDay.advance(0);
            }
        }
    }

    int advanceDay(long seconds) {
        WorkingDay current = day;
        if (current == null) throw new IllegalStateException("no working day is running; start one first");
        return current.advance(seconds);
    }

    void stopDay() {
        synchronized (dayLock) {
            ScheduledFuture<?> ticker = dayTicker;
            if (ticker != null) ticker.cancel(false);
            dayTicker = null;
            day = null;
        }
    }

    WorkingDay.Status dayStatus() {
        WorkingDay current = day;
        return current == null ? new WorkingDay.Status(false, null, 0, 0, 0) : current.status(true);
    }

    void sweep() {
        subscriptions.sweep();
    }

    void reset() {
        stopDay();
        subscriptions.clear();
        sender.clear();
        directory.reset();
        signInFaults.clearAll();
        requestFaults.clear();
        limiter.limit(options.presenceRequestsPer30Seconds());
        clock.reset();
        stats.reset();
    }

    @Override
    public void close() {
        stopDay();
        sweeper.cancel(false);
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the fake tenant's server failed", e);
        }
        sender.close();
        LOG.info("fake Teams tenant {} stopped", tenantId);
    }

    /** Routes every request; faults, errors and statistics are handled here once. */
    private final class Dispatcher extends Handler.Abstract {
        volatile Router router;

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Exchange ex = new Exchange(request, response, callback);
            String clientRequestId = ex.header("client-request-id");
            if (clientRequestId != null) {
                // Entra and Graph echo the caller's correlation id; MSAL4J checks it.
                ex.header("client-request-id", clientRequestId);
            }
            try {
                Router current = router;
                if (current == null) {
                    throw HttpProblem.control(503, "the tenant is starting");
                }
                Router.Route route = current.match(ex);
                Stats.count(stats.requestsByEndpoint, ex.endpoint);
                if (!ex.path.startsWith("/_fake/")) {
                    injectFault(ex);
                }
                if (route == null) {
                    LOG.debug("no route for {} {}", ex.method, ex.path);
                    if (ex.path.startsWith("/v1.0/")) {
                        throw GraphErrors.error(
                                ex,
                                clock,
                                400,
                                "BadRequest",
                                "Resource not found for the segment '" + ex.path.substring(ex.path.lastIndexOf('/') + 1)
                                        + "'.");
                    }
                    throw HttpProblem.control(404, "no such endpoint: " + ex.method + " " + ex.path);
                }
                route.handle(ex);
                if (!ex.sent()) {
                    ex.empty(204);
                }
            } catch (HttpProblem problem) {
                if (!ex.sent()) {
                    problem.headers.forEach(ex::header);
                    ex.json(problem.status, problem.body);
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                if (!ex.sent()) {
                    ex.json(
                            ex.path.startsWith("/_fake/") ? 400 : 500,
                            "{\"error\":" + Json.quote(e.getMessage()) + "}");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.fail(e);
            } catch (Exception e) {
                LOG.warn("{} {} failed", ex.method, ex.path, e);
                if (!ex.sent()) {
                    ex.json(500, "{\"error\":\"internal error of the fake tenant\"}");
                }
            }
            return true;
        }

        private void injectFault(Exchange ex) throws InterruptedException {
            GraphFault fault = requestFaults.take(ex.path);
            if (fault == null) return;
            stats.graphFaultsInjected.increment();
            // Read the request as Graph would before answering: an unread body makes the server
            // close the connection, which a client then sees as a network failure, not a 429.
            ex.body();
            switch (fault.kind()) {
                case SLOW -> Thread.sleep(fault.delayMillis());
                case THROTTLE -> {
                    stats.throttled429.increment();
                    Double seconds = fault.retryAfterSeconds();
                    String retryAfter =
                            seconds == null ? "2" : seconds <= 0 ? null : EntraEndpoints.retryAfterText(seconds);
                    throw GraphErrors.tooManyRequests(ex, clock, retryAfter);
                }
                case SERVER_ERROR -> {
                    Double seconds = fault.retryAfterSeconds();
                    String retryAfter = seconds == null || seconds <= 0 ? null : EntraEndpoints.retryAfterText(seconds);
                    throw GraphErrors.serverError(ex, clock, fault.status(), retryAfter);
                }
            }
        }
    }
}
