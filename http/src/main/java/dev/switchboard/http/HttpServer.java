package dev.switchboard.http;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.codec.CoreJson;
import dev.switchboard.http.api.Api;
import dev.switchboard.http.api.ApiRoute;
import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.auth.Authenticator;
import dev.switchboard.http.live.CallLog;
import dev.switchboard.http.live.LiveKpis;
import dev.switchboard.http.live.ReadModels;
import dev.switchboard.http.port.CallHistoryQuery;
import dev.switchboard.http.port.ComponentHealth;
import dev.switchboard.http.port.HealthProvider;
import dev.switchboard.http.port.KpiQuery;
import dev.switchboard.http.port.WebhookHandler;
import dev.switchboard.http.stream.EventStream;
import dev.switchboard.http.telephony.TelephonyWebhookOptions;
import dev.switchboard.http.telephony.TelephonyWebhooks;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of one tenant's engine: REST API, event stream, Prometheus metrics, Graph
 * webhooks and the static dashboard, on Javalin (Jetty) with virtual threads.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.builder(engine)
 *         .port(8080)
 *         .tokens(List.of(ApiToken.fromHash("ops", Set.of(Role.ADMIN), null, "sha256:…")))
 *         .health(databaseHealth).health(presenceHealth)
 *         .graphWebhooks(presenceHandler, lifecycleHandler)
 *         .start();
 * ...
 * server.close();
 * }</pre>
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Builder settings;
    private final PrometheusMeterRegistry metrics;
    private final EventStream events;
    private final CallLog callLog;
    private final LiveKpis liveKpis;
    private final TelephonyWebhooks telephony;
    private final ReadModels readModels;
    private final List<EventSink> sinks = new ArrayList<>();
    private final Api api;
    private final Javalin javalin;
    private volatile boolean stopped;

    private HttpServer(Builder b) {
        this.settings = b;
        this.metrics = b.metrics != null ? b.metrics : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registerEngineMeters();
        long start = b.engine.stats().journalSequence();
        this.events = new EventStream(Api.pooled(CoreJson.mapper()), b.streamOptions, start, metrics);
        this.callLog = new CallLog(b.callLogSize);
        this.liveKpis = b.kpis == null ? new LiveKpis(b.clock, Duration.ofDays(8)) : null;
        this.telephony =
                b.telephony == null ? null : new TelephonyWebhooks(b.telephony, Api.pooled(CoreJson.mapper()), metrics);
        this.readModels = new ReadModels(liveKpis == null ? List.of(callLog) : List.of(callLog, liveKpis));
        sinks.add(events);
        sinks.add(readModels);
        if (telephony != null) {
            sinks.add(telephony);
        }
        this.api = new Api(new Api.Dependencies(
                b.engine,
                b.clock,
                new Authenticator(b.tokens),
                callLog,
                b.callHistory,
                readModels,
                b.kpis != null ? b.kpis : liveKpis,
                this::componentHealth,
                events,
                metrics,
                b.publicMetrics,
                b.graphPresence,
                b.graphLifecycle,
                b.commandTimeout,
                b.maxRequestBytes));
        this.javalin = Javalin.create(this::configure);
    }

    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.concurrency.useVirtualThreads = settings.virtualThreads;
        config.http.maxRequestSize = settings.maxRequestBytes;
        config.http.prefer405over404 = true;
        config.http.generateEtags = false;
        config.router.ignoreTrailingSlashes = true;
        config.jetty.host = settings.host;
        config.jetty.port = settings.port;
        if (settings.keystore != null) {
            config.jetty.addConnector((server, httpConfig) -> {
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                // Certificates for 127.0.0.1 or internal names must not be refused for SNI.
                secure.setSniHostCheck(false);
                httpConfig.addCustomizer(secure);
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setKeyStorePath(settings.keystore.toAbsolutePath().toString());
                ssl.setKeyStorePassword(settings.keystorePassword);
                ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(httpConfig));
                connector.setHost(settings.host);
                connector.setPort(settings.port);
                return connector;
            });
        }
        if (settings.staticFolder != null) {
            addStaticFiles(config, settings.staticFolder);
        }
        config.requestLogger.http(this::recordRequest);
        api.register(config.routes);
    }

    /**
     * The dashboard: HTML is always revalidated (so a new version shows at once), other files may
     * be cached for five minutes.
     */
    private static void addStaticFiles(JavalinConfig config, String folder) {
        String directory = "/" + folder.replaceAll("^/+|/+$", "");
        if (HttpServer.class.getResource(directory) == null) {
            log.info("no static files at classpath:{}; the dashboard is not served", directory);
            return;
        }
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = directory;
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
            files.skipFileFunction = req -> !isHtml(req.getRequestURI());
        });
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = directory;
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "public, max-age=300");
            files.skipFileFunction = req -> isHtml(req.getRequestURI());
        });
    }

    private static boolean isHtml(String uri) {
        return uri.endsWith("/") || uri.endsWith(".html") || uri.endsWith(".htm");
    }

    /** One timer per method, route template and status; looked up without building meter ids. */
    private record TimerKey(String method, String route, int status) {}

    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

    private void recordRequest(Context ctx, Float millis) {
        ApiRoute route = ctx.attribute("switchboard.route");
        // Route templates, never raw paths: the label set stays bounded whatever clients request.
        String path = route != null ? route.path() : ctx.statusCode() < 400 ? "static" : "unmatched";
        TimerKey key = new TimerKey(ctx.method().name(), path, ctx.statusCode());
        timers.computeIfAbsent(
                        key,
                        k -> Timer.builder("http.server.requests")
                                .description("HTTP requests by route and status")
                                .tag("method", k.method())
                                .tag("route", k.route())
                                .tag("status", Integer.toString(k.status()))
                                .publishPercentileHistogram()
                                .minimumExpectedValue(Duration.ofMillis(1))
                                .maximumExpectedValue(Duration.ofSeconds(10))
                                .register(metrics))
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private void registerEngineMeters() {
        Engine engine = settings.engine;
        String tenant = engine.tenant();
        counter(
                "switchboard.engine.commands",
                "Commands decided",
                engine,
                e -> e.stats().commands(),
                tenant);
        counter(
                "switchboard.engine.rejected",
                "Commands the core refused",
                engine,
                e -> e.stats().rejected(),
                tenant);
        counter(
                "switchboard.engine.events",
                "Events journaled",
                engine,
                e -> e.stats().events(),
                tenant);
        counter(
                "switchboard.engine.batches",
                "Journal appends",
                engine,
                e -> e.stats().batches(),
                tenant);
        counter(
                "switchboard.engine.refused",
                "Commands refused, inbox full",
                engine,
                e -> e.stats().refused(),
                tenant);
        Gauge.builder("switchboard.engine.inbox.size", engine, e -> e.stats().inboxSize())
                .description("Commands waiting in the engine's inbox")
                .tag("tenant", tenant)
                .register(metrics);
        Gauge.builder(
                        "switchboard.engine.journal.sequence",
                        engine,
                        e -> e.stats().journalSequence())
                .description("The journal's last sequence number")
                .tag("tenant", tenant)
                .register(metrics);
        Gauge.builder("switchboard.engine.running", engine, e -> e.running() ? 1 : 0)
                .description("1 while the engine takes commands")
                .tag("tenant", tenant)
                .register(metrics);
    }

    private void counter(
            String name,
            String description,
            Engine engine,
            java.util.function.ToDoubleFunction<Engine> f,
            String tenant) {
        FunctionCounter.builder(name, engine, f)
                .description(description)
                .tag("tenant", tenant)
                .register(metrics);
    }

    private List<ComponentHealth> componentHealth() {
        List<ComponentHealth> out = new ArrayList<>();
        for (HealthProvider p : settings.health) {
            out.addAll(p.health());
        }
        if (telephony != null) {
            Map<String, Object> details = Map.of("pending", telephony.pending());
            var failure = telephony.lastFailure();
            boolean recent = failure.isPresent()
                    && failure.get().at().isAfter(java.time.Instant.now().minus(Duration.ofMinutes(5)));
            out.add(new ComponentHealth(
                    "telephony-webhook",
                    "webhook",
                    recent ? ComponentHealth.Status.DEGRADED : ComponentHealth.Status.OK,
                    recent ? "DELIVERY_FAILED" : null,
                    recent ? failure.get().reason() : null,
                    recent ? failure.get().at() : null,
                    recent ? "check that the telephony receiver is reachable and answers 2xx" : null,
                    false,
                    details));
        }
        return out;
    }

    /** Subscribes to the engine and starts listening. */
    public HttpServer start() {
        for (EventSink sink : sinks) {
            settings.engine.subscribe(sink);
        }
        // Events journaled before we subscribed never reach the read models: nobody waits for them.
        readModels.advanceTo(settings.engine.stats().journalSequence());
        javalin.start();
        log.info(
                "HTTP API listening on {}://{}:{}",
                settings.keystore == null ? "http" : "https",
                settings.host,
                javalin.port());
        return this;
    }

    /** The port listened on (the actual one when started with port 0). */
    public int port() {
        return javalin.port();
    }

    /** {@code http://host:port} or {@code https://host:port}. */
    public String baseUrl() {
        return (settings.keystore == null ? "http" : "https") + "://" + settings.host + ":" + port();
    }

    /** The API's routes, as documented in openapi.json. */
    public List<ApiRoute> routes() {
        return api.routes();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Stops listening, disconnects stream clients and stops webhook delivery. Idempotent. */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (EventSink sink : sinks) {
            settings.engine.unsubscribe(sink);
        }
        events.close();
        javalin.stop();
        if (telephony != null) {
            telephony.close();
        }
    }

    /** Settings of a server; {@link #engine} is required, everything else has a default. */
    public static final class Builder {
        private final Engine engine;
        private InstantSource clock = InstantSource.system();
        private String host = "127.0.0.1";
        private int port = 8080;
        private List<ApiToken> tokens = List.of();
        private final List<HealthProvider> health = new ArrayList<>();
        private KpiQuery kpis;
        private CallHistoryQuery callHistory = id -> java.util.Optional.empty();
        private WebhookHandler graphPresence;
        private WebhookHandler graphLifecycle;
        private TelephonyWebhookOptions telephony;
        private String staticFolder = "dashboard";
        private Path keystore;
        private String keystorePassword;
        private PrometheusMeterRegistry metrics;
        private boolean publicMetrics;
        private EventStream.Options streamOptions = EventStream.Options.defaults();
        private int callLogSize = 10_000;
        private long maxRequestBytes = 1_000_000;
        private Duration commandTimeout = Duration.ofSeconds(10);
        private boolean virtualThreads = true;

        private Builder(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** The clock that stamps commands; use the engine's. Default: the system clock. */
        public Builder clock(InstantSource value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /** The interface to bind. Default 127.0.0.1; 0.0.0.0 for all. */
        public Builder host(String value) {
            host = Objects.requireNonNull(value);
            return this;
        }

        /** The port; 0 picks a free one (see {@link HttpServer#port()}). Default 8080. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** The bearer tokens; without any, every protected route answers 401. */
        public Builder tokens(List<ApiToken> value) {
            tokens = List.copyOf(value);
            return this;
        }

        /** Adds a health provider (database, presence sources, ...). */
        public Builder health(HealthProvider value) {
            health.add(Objects.requireNonNull(value));
            return this;
        }

        /** Where KPIs come from; default: {@link LiveKpis} from this server's events. */
        public Builder kpis(KpiQuery value) {
            kpis = value;
            return this;
        }

        /**
         * Where {@code GET /api/calls/{id}} looks for calls the in-memory call log does not know
         * (e.g. the store's call history). Default: nowhere.
         */
        public Builder callHistory(CallHistoryQuery value) {
            callHistory = Objects.requireNonNull(value);
            return this;
        }

        /** The Graph webhook handlers; null leaves the route answering 404. */
        public Builder graphWebhooks(WebhookHandler presence, WebhookHandler lifecycle) {
            graphPresence = presence;
            graphLifecycle = lifecycle;
            return this;
        }

        /** Deliver offers and call actions to the telephony side. */
        public Builder telephonyWebhook(TelephonyWebhookOptions value) {
            telephony = value;
            return this;
        }

        /** The classpath folder of the dashboard; null serves none. Default {@code dashboard}. */
        public Builder staticFiles(String classpathFolder) {
            staticFolder = classpathFolder;
            return this;
        }

        /** Serve HTTPS only, with the key and certificate of this keystore (PKCS12 or JKS). */
        public Builder https(Path keystorePath, String password) {
            if (!Files.isReadable(keystorePath)) {
                throw new IllegalArgumentException("keystore " + keystorePath + " is not readable");
            }
            keystore = keystorePath;
            keystorePassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Register meters here (shared with the rest of the app); default: a new registry. */
        public Builder metrics(PrometheusMeterRegistry value) {
            metrics = value;
            return this;
        }

        /** Whether {@code /metrics} needs no token (for a scraper on a private network). */
        public Builder publicMetrics(boolean value) {
            publicMetrics = value;
            return this;
        }

        public Builder eventStream(EventStream.Options value) {
            streamOptions = Objects.requireNonNull(value);
            return this;
        }

        /** How many finished calls {@code GET /api/calls/{id}} remembers. Default 10,000. */
        public Builder callLogSize(int value) {
            callLogSize = value;
            return this;
        }

        public Builder maxRequestBytes(long value) {
            maxRequestBytes = value;
            return this;
        }

        public Builder commandTimeout(Duration value) {
            commandTimeout = Objects.requireNonNull(value);
            return this;
        }

        /** Serve requests on virtual threads (default) or Jetty's platform thread pool. */
        public Builder virtualThreads(boolean value) {
            virtualThreads = value;
            return this;
        }

        public HttpServer build() {
            return new HttpServer(this);
        }

        /** Builds and starts. */
        public HttpServer start() {
            return build().start();
        }
    }
}
