package dev.switchboard.http.api;

import static io.javalin.http.HandlerType.GET;

import dev.switchboard.core.kpi.RangeKpis;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.routing.CallView;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.core.routing.ServiceView;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineStats;
import dev.switchboard.http.auth.Principal;
import dev.switchboard.http.auth.Role;
import dev.switchboard.http.live.CallLog;
import dev.switchboard.http.port.ComponentHealth;
import dev.switchboard.http.port.KpiQuery;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Read-only views: services, the whole state, KPIs, health, and who the caller is. */
final class QueryController {
    private static final Logger log = LoggerFactory.getLogger(QueryController.class);
    private static final Set<Role> EVERYONE = Set.of(Role.SUPERVISOR, Role.AGENT, Role.TELEPHONY);
    /** Agent tokens may read their own agent's KPIs (checked per request). */
    private static final Set<Role> KPI_READERS = Set.of(Role.SUPERVISOR, Role.AGENT);
    /** KPI ranges longer than this are refused: they would scan too much history. */
    private static final Duration MAX_KPI_RANGE = Duration.ofDays(400);
    /** A series has at most this many buckets, each at least {@link #MIN_STEP} long. */
    static final int MAX_BUCKETS = 1000;

    private static final Duration MIN_STEP = Duration.ofSeconds(1);

    private final Http http;
    private final Commands commands;
    private final CallLog callLog;
    private final KpiQuery kpis;
    private final Engine engine;
    private final Supplier<List<ComponentHealth>> components;

    QueryController(
            Http http,
            Commands commands,
            CallLog callLog,
            KpiQuery kpis,
            Engine engine,
            Supplier<List<ComponentHealth>> components) {
        this.http = http;
        this.commands = commands;
        this.callLog = callLog;
        this.kpis = kpis;
        this.engine = engine;
        this.components = components;
    }

    void register() {
        http.route(GET, "/api/services", EVERYONE, this::services);
        http.route(GET, "/api/services/{serviceId}", EVERYONE, this::service);
        http.route(GET, "/api/state", Set.of(Role.SUPERVISOR), this::state);
        http.route(GET, "/api/kpis", KPI_READERS, this::kpis);
        http.route(GET, "/api/kpis/series", KPI_READERS, this::series);
        http.route(GET, "/api/me", EVERYONE, this::me);
        http.open(GET, "/api/health", this::health);
    }

    private void services(Context ctx) {
        http.json(ctx, Views.services(commands.snapshot(), commands.now()));
    }

    private void service(Context ctx) {
        ServiceId id = ServiceId.of(Http.pathId(ctx, "serviceId"));
        RoutingSnapshot s = commands.snapshot();
        ServiceView v = s.services().get(id);
        if (v == null) {
            throw ApiException.notFound("UNKNOWN_SERVICE", "no service " + id);
        }
        http.json(ctx, Views.service(v, s, commands.now()));
    }

    private void state(Context ctx) {
        commands.awaitReadModels();
        RoutingSnapshot s = commands.snapshot();
        Instant now = commands.now();
        http.json(
                ctx,
                new Views.StateDto(
                        s.version(),
                        s.at(),
                        now,
                        Views.agents(s.agents().values(), now),
                        Views.services(s, now),
                        s.calls().values().stream()
                                .sorted(Comparator.comparing(CallView::arrivedAt)
                                        .thenComparing(CallView::id))
                                .map(c -> Views.call(c, callLog.find(c.id()).orElse(null)))
                                .toList(),
                        s.profiles().values().stream()
                                .sorted(Comparator.comparing(ResponsibilityProfile::id))
                                .map(ConfigJson::dto)
                                .toList()));
    }

    /**
     * Which figures a KPI request may see: a supervisor any (optionally one service or agent), an
     * agent token only its own agent's, without the services.
     */
    private record KpiFilter(String service, String agent, boolean services) {
        static KpiFilter of(Context ctx) {
            String agent = ctx.queryParam("agent");
            if (Http.limitedToOwnAgent(ctx)) {
                AgentId own = Http.principal(ctx).agent();
                if (own == null || (agent != null && !agent.equals(own.value()))) {
                    throw Http.forbidden("an agent token may read only its own agent's KPIs");
                }
                return new KpiFilter(null, own.value(), false);
            }
            return new KpiFilter(ctx.queryParam("service"), agent, true);
        }

        Views.KpiDto view(RangeKpis r, boolean agents) {
            return Views.kpis(r, services ? service : null, agent, services, agents);
        }
    }

    /** [from, to) from the parameters: by default the 24 hours up to and including now. */
    private Instant[] range(Context ctx) {
        // Without "to", up to and including now: events stamped this very instant count.
        Instant to = instant(ctx, "to", commands.now().plusMillis(1));
        Instant from = instant(ctx, "from", to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw ApiException.invalidParameter("from", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_KPI_RANGE) > 0) {
            throw ApiException.invalidParameter(
                    "from", "the range must not exceed " + MAX_KPI_RANGE.toDays() + " days");
        }
        return new Instant[] {from, to};
    }

    private void kpis(Context ctx) {
        Instant[] range = range(ctx);
        KpiFilter filter = KpiFilter.of(ctx);
        commands.awaitReadModels();
        http.json(ctx, filter.view(kpis.kpis(range[0], range[1]), true));
    }

    record KpiSeriesDto(Instant from, Instant to, String step, List<Views.KpiDto> buckets) {}

    /** The figures of {@code /api/kpis} per step from {@code from}; the last bucket ends at {@code to}. */
    private void series(Context ctx) {
        Instant[] range = range(ctx);
        Duration step = duration(ctx, "step", Duration.ofHours(1));
        if (step.compareTo(MIN_STEP) < 0) {
            throw ApiException.invalidParameter("step", "step must be at least " + MIN_STEP.toSeconds() + " s");
        }
        long span = Duration.between(range[0], range[1]).toNanos();
        long buckets = (span + step.toNanos() - 1) / step.toNanos();
        if (buckets > MAX_BUCKETS) {
            throw ApiException.invalidParameter(
                    "step",
                    "at most " + MAX_BUCKETS + " buckets per series (this range and step give " + buckets + ")");
        }
        boolean agents = bool(ctx, "agents", true);
        KpiFilter filter = KpiFilter.of(ctx);
        List<Instant> bounds = new ArrayList<>();
        for (Instant t = range[0]; t.isBefore(range[1]); t = t.plus(step)) {
            bounds.add(t);
        }
        bounds.add(range[1]);
        commands.awaitReadModels();
        List<Views.KpiDto> out = new ArrayList<>(bounds.size() - 1);
        for (RangeKpis r : kpis.series(bounds)) {
            out.add(filter.view(r, agents));
        }
        http.json(ctx, new KpiSeriesDto(range[0], range[1], step.toString(), out));
    }

    /**
     * A query parameter read by {@code parse}, or {@code fallback} when absent; a value it cannot
     * read (it throws) is a 400 that says what was {@code expected}.
     */
    private static <T> T parameter(Context ctx, String name, T fallback, Function<String, T> parse, String expected) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(value.strip());
        } catch (RuntimeException e) {
            throw ApiException.invalidParameter(name, name + " must be " + expected);
        }
    }

    private static Instant instant(Context ctx, String name, Instant fallback) {
        return parameter(ctx, name, fallback, Instant::parse, "an ISO-8601 instant like 2026-01-05T09:00:00Z");
    }

    private static Duration duration(Context ctx, String name, Duration fallback) {
        return parameter(ctx, name, fallback, Duration::parse, "an ISO-8601 duration like PT5M, PT1H or P1D");
    }

    private static boolean bool(Context ctx, String name, boolean fallback) {
        return parameter(
                ctx,
                name,
                fallback,
                v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException(v);
                },
                "true or false");
    }

    record MeDto(String name, List<String> roles, String agent, Instant now) {}

    private void me(Context ctx) {
        Principal p = Http.principal(ctx);
        http.json(
                ctx,
                new MeDto(
                        p.name(),
                        p.roles().stream().map(Role::label).sorted().toList(),
                        p.agent() == null ? null : p.agent().value(),
                        commands.now()));
    }

    record HealthDto(ComponentHealth.Status status, Instant at, List<ComponentHealth> components) {}

    private void health(Context ctx) {
        List<ComponentHealth> all = new ArrayList<>();
        all.add(engineHealth());
        try {
            all.addAll(components.get());
        } catch (RuntimeException e) {
            log.warn("a health provider failed", e);
            all.add(new ComponentHealth(
                    "health-providers",
                    "internal",
                    ComponentHealth.Status.DEGRADED,
                    "PROVIDER_FAILED",
                    "a health provider failed; see the server log",
                    null,
                    null,
                    false,
                    Map.of()));
        }
        ComponentHealth.Status overall = ComponentHealth.Status.OK;
        for (ComponentHealth c : all) {
            if (c.status() == ComponentHealth.Status.DOWN && c.critical()) {
                overall = ComponentHealth.Status.DOWN;
            } else if (c.status() != ComponentHealth.Status.OK && overall == ComponentHealth.Status.OK) {
                overall = ComponentHealth.Status.DEGRADED;
            }
        }
        ctx.header("Cache-Control", "no-store");
        http.json(ctx, overall == ComponentHealth.Status.DOWN ? 503 : 200, new HealthDto(overall, commands.now(), all));
    }

    private ComponentHealth engineHealth() {
        EngineStats s = engine.stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tenant", engine.tenant());
        details.put("commands", s.commands());
        details.put("rejected", s.rejected());
        details.put("events", s.events());
        details.put("batches", s.batches());
        details.put("refused", s.refused());
        details.put("inboxSize", s.inboxSize());
        details.put("inboxCapacity", s.inboxCapacity());
        details.put("journalSequence", s.journalSequence());
        if (s.running() && s.inboxSize() > s.inboxCapacity() * 0.8) {
            return new ComponentHealth(
                    "engine",
                    "engine",
                    ComponentHealth.Status.DEGRADED,
                    "INBOX_NEARLY_FULL",
                    "the engine's inbox is over 80 % full; commands will soon be refused",
                    null,
                    "reduce the load (presence update rate, call-control retries) or check the journal's speed",
                    true,
                    details);
        }
        if (s.running()) {
            return new ComponentHealth(
                    "engine", "engine", ComponentHealth.Status.OK, null, null, null, null, true, details);
        }
        return new ComponentHealth(
                "engine",
                "engine",
                ComponentHealth.Status.DOWN,
                "ENGINE_STOPPED",
                s.failure() == null ? "the engine is not running" : s.failure(),
                null,
                "restart the service; if it stopped on a journal failure, check the database first",
                true,
                details);
    }
}
