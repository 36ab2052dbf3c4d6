package dev.switchboard.http.api;

import static io.javalin.http.HandlerType.GET;

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
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Read-only views: services, the whole state, KPIs, health, and who the caller is. */
final class QueryController {
    private static final Logger log = LoggerFactory.getLogger(QueryController.class);
    private static final Set<Role> EVERYONE = Set.of(Role.SUPERVISOR, Role.AGENT, Role.TELEPHONY);
    /** KPI ranges longer than this are refused: they would scan too much history. */
    private static final Duration MAX_KPI_RANGE = Duration.ofDays(400);

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
        http.route(GET, "/api/kpis", Set.of(Role.SUPERVISOR), this::kpis);
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
                        Views.agents(s, now),
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

    private void kpis(Context ctx) {
        // Without "to", up to and including now: events stamped this very instant count.
        Instant now = commands.now();
        Instant to = instant(ctx, "to", now.plusMillis(1));
        Instant from = instant(ctx, "from", to.minus(Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw ApiException.invalidParameter("from", "from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_KPI_RANGE) > 0) {
            throw ApiException.invalidParameter(
                    "from", "the range must not exceed " + MAX_KPI_RANGE.toDays() + " days");
        }
        String service = ctx.queryParam("service");
        String agent = ctx.queryParam("agent");
        commands.awaitReadModels();
        http.json(ctx, Views.kpis(kpis.kpis(from, to), service, agent));
    }

    private static Instant instant(Context ctx, String name, Instant fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeException e) {
            throw ApiException.invalidParameter(name, name + " must be an ISO-8601 instant like 2026-01-05T09:00:00Z");
        }
    }

    record MeDto(String name, List<String> roles, String agent) {}

    private void me(Context ctx) {
        Principal p = Http.principal(ctx);
        http.json(
                ctx,
                new MeDto(
                        p.name(),
                        p.roles().stream().map(Role::label).sorted().toList(),
                        p.agent() == null ? null : p.agent().value()));
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
