package dev.switchboard.http.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.codec.CoreJson;
import dev.switchboard.http.auth.Authenticator;
import dev.switchboard.http.auth.Role;
import dev.switchboard.http.live.CallLog;
import dev.switchboard.http.live.ReadModels;
import dev.switchboard.http.port.CallHistoryQuery;
import dev.switchboard.http.port.ComponentHealth;
import dev.switchboard.http.port.KpiQuery;
import dev.switchboard.http.port.WebhookHandler;
import dev.switchboard.http.stream.EventStream;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the HTTP API, registered in one place with its roles, plus the error mapping
 * that turns every failure into problem details.
 */
public final class Api {
    private static final Logger log = LoggerFactory.getLogger(Api.class);

    /** Graph batches notifications; anything much larger is not from Graph. */
    static final int MAX_WEBHOOK_BODY = 4 * 1024 * 1024;

    /**
     * What the API is built from.
     *
     * @param callHistory finds calls the call log does not know (e.g. the store's history)
     * @param health components beyond the engine (database, presence sources, webhooks)
     * @param graphPresence handler of {@code POST /webhooks/graph/presence}, or null
     * @param graphLifecycle handler of {@code POST /webhooks/graph/lifecycle}, or null
     * @param publicMetrics whether {@code /metrics} needs no token
     * @param commandTimeout how long a request waits for the engine
     */
    public record Dependencies(
            Engine engine,
            InstantSource clock,
            Authenticator authenticator,
            CallLog callLog,
            CallHistoryQuery callHistory,
            ReadModels readModels,
            KpiQuery kpis,
            Supplier<List<ComponentHealth>> health,
            EventStream events,
            PrometheusMeterRegistry metrics,
            boolean publicMetrics,
            WebhookHandler graphPresence,
            WebhookHandler graphLifecycle,
            Duration commandTimeout,
            long maxRequestBytes) {
        public Dependencies {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(callLog, "callLog");
            Objects.requireNonNull(callHistory, "callHistory");
            Objects.requireNonNull(readModels, "readModels");
            Objects.requireNonNull(kpis, "kpis");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(commandTimeout, "commandTimeout");
        }
    }

    private final Dependencies deps;
    private final ObjectMapper mapper;
    private final ObjectMapper coreJson;
    private final byte[] openApi;
    private List<ApiRoute> routes = List.of();

    public Api(Dependencies deps) {
        this.deps = deps;
        this.coreJson = pooled(CoreJson.mapper());
        this.mapper = apiMapper();
        this.openApi = loadOpenApi();
    }

    /**
     * A mapper whose buffers are recycled through a shared pool: Jackson's default pool is per
     * thread, which recycles nothing when every request runs on a new virtual thread.
     */
    public static ObjectMapper pooled(ObjectMapper mapper) {
        mapper.getFactory().setRecyclerPool(JsonRecyclerPools.newBoundedPool(256));
        return mapper;
    }

    /** The mapper for DTOs: the core's (ids as strings, ISO times) but every field always written. */
    static ObjectMapper apiMapper() {
        ObjectMapper m = pooled(CoreJson.mapper().copy());
        m.setDefaultPropertyInclusion(
                JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS));
        m.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        m.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxNumberLength(100)
                        .maxStringLength(1_000_000)
                        .build());
        return m;
    }

    private static byte[] loadOpenApi() {
        try (InputStream in = Api.class.getResourceAsStream("/dev/switchboard/http/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Registers every route and the error handlers. */
    public void register(RoutesConfig config) {
        Http http = new Http(config, deps.authenticator(), mapper, deps.maxRequestBytes());
        Commands commands =
                new Commands(deps.engine(), deps.clock(), deps.commandTimeout(), coreJson, deps.readModels());
        new ConfigController(http, commands).register();
        new AgentController(http, commands).register();
        new CallController(http, commands, deps.callLog(), deps.callHistory()).register();
        new QueryController(http, commands, deps.callLog(), deps.kpis(), deps.engine(), deps.health()).register();

        http.route(GET, "/api/events", Set.of(Role.SUPERVISOR, Role.AGENT, Role.TELEPHONY), this::events);
        if (deps.publicMetrics()) {
            http.open(GET, "/metrics", this::metrics);
        } else {
            http.route(GET, "/metrics", Set.of(Role.SUPERVISOR), this::metrics);
        }
        http.open(GET, "/openapi.json", ctx -> ctx.contentType(Http.JSON).result(openApi));
        http.open(POST, "/webhooks/graph/presence", ctx -> webhook(ctx, deps.graphPresence()));
        http.open(POST, "/webhooks/graph/lifecycle", ctx -> webhook(ctx, deps.graphLifecycle()));

        config.exception(ApiException.class, (e, ctx) -> problem(ctx, e));
        config.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, fromJavalin(e)));
        config.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            problem(
                    ctx,
                    new ApiException(500, "INTERNAL_ERROR", null, "an internal error occurred; see the server log"));
        });
        config.error(404, ctx -> {
            if (ctx.result() == null) {
                problem(ctx, new ApiException(404, "NOT_FOUND", null, "no such resource: " + ctx.path()));
            }
        });
        this.routes = http.routes();
    }

    /** Every registered route, for the OpenAPI check and for documentation. */
    public List<ApiRoute> routes() {
        return routes;
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        int status = e.getStatus();
        String code = switch (status) {
            case 400 -> "MALFORMED_REQUEST";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "HTTP_" + status;
        };
        String detail = switch (status) {
            case 405 -> "this route does not take this method";
            case 413 -> "the body is too large";
            default -> Problem.title(code);
        };
        return new ApiException(status < 400 ? 400 : status, code, null, detail);
    }

    private void problem(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        try {
            ctx.status(e.status())
                    .contentType(Problem.CONTENT_TYPE)
                    .result(mapper.writeValueAsBytes(Problem.of(e, ctx.path())));
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
    }

    // ---- event stream ----

    private void events(Context ctx) throws IOException {
        Long lastId = lastEventId(ctx);
        AgentId onlyFor = Http.limitedToOwnAgent(ctx) ? Http.principal(ctx).agent() : null;
        // Registered before the response starts: what the client does after it sees the
        // response is on its stream.
        try (EventStream.Subscription subscription = deps.events().subscribe(lastId, onlyFor)) {
            HttpServletResponse res = ctx.res();
            ctx.disableCompression();
            res.setStatus(200);
            res.setContentType("text/event-stream");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            res.flushBuffer();
            subscription.serve(res.getOutputStream());
        } catch (IOException e) {
            // The client went away: nothing to answer.
            log.debug("event stream client disconnected: {}", e.toString());
        }
    }

    private static Long lastEventId(Context ctx) {
        String value = ctx.header("Last-Event-ID");
        String name = "Last-Event-ID";
        if (value == null || value.isBlank()) {
            value = ctx.queryParam("lastEventId");
            name = "lastEventId";
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.invalidParameter(name, name + " must be an event sequence number");
        }
    }

    // ---- metrics ----

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(deps.metrics().scrape().getBytes(StandardCharsets.UTF_8));
    }

    // ---- Graph webhooks ----

    private void webhook(Context ctx, WebhookHandler handler) throws IOException {
        if (handler == null) {
            throw new ApiException(404, "NOT_FOUND", null, "no presence adapter is configured for this webhook");
        }
        byte[] body = ctx.req().getInputStream().readNBytes(MAX_WEBHOOK_BODY + 1);
        if (body.length > MAX_WEBHOOK_BODY) {
            throw new ApiException(413, "PAYLOAD_TOO_LARGE", null, "the body is too large");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(ctx.req().getHeaders(name))));
        }
        WebhookHandler.Response r =
                handler.handle(new WebhookHandler.Request(ctx.method().name(), ctx.queryParamMap(), headers, body));
        ctx.status(r.status());
        r.headers().forEach(ctx::header);
        if (r.contentType() != null) {
            ctx.contentType(r.contentType());
        }
        ctx.result(r.body());
    }
}
