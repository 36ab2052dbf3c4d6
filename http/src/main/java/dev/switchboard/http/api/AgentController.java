package dev.switchboard.http.api;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.InvalidConfigException;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.model.Validation;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.core.routing.Rejection;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.http.auth.Role;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading agents, and what agents (or their supervisors) do: duty, active toggles, readiness, RONA, ACW. */
final class AgentController {
    private static final Set<Role> ACTORS = Set.of(Role.SUPERVISOR, Role.AGENT);
    /** Not-ready reasons are shown on dashboards; a paragraph is not a reason. */
    private static final int MAX_REASON_LENGTH = 200;
    /** At most this many agents in one {@code GET /api/agents?id=…}. */
    static final int MAX_BATCH = 100;

    private final Http http;
    private final Commands commands;

    AgentController(Http http, Commands commands) {
        this.http = http;
        this.commands = commands;
    }

    void register() {
        http.route(GET, "/api/agents", Set.of(Role.SUPERVISOR), this::list);
        http.route(GET, "/api/agents/{agentId}", ACTORS, this::get);
        http.route(PUT, "/api/agents/{agentId}/duty", ACTORS, this::duty);
        http.route(PUT, "/api/agents/{agentId}/services/{serviceId}/active", ACTORS, this::active);
        http.route(POST, "/api/agents/{agentId}/ready", ACTORS, this::ready);
        http.route(POST, "/api/agents/{agentId}/not-ready", ACTORS, this::notReady);
        http.route(POST, "/api/agents/{agentId}/rona/reset", ACTORS, this::resetRona);
        http.route(POST, "/api/agents/{agentId}/acw/end", ACTORS, this::endAfterCallWork);
        http.route(POST, "/api/agents/{agentId}/acw/extend", ACTORS, this::extendAfterCallWork);
    }

    private AgentId agent(Context ctx) {
        AgentId id = AgentId.of(Http.pathId(ctx, "agentId"));
        Http.requireActFor(ctx, id);
        return id;
    }

    /** All agents, or with {@code id} parameters those of them that exist (unknown ids are left out). */
    private void list(Context ctx) {
        List<AgentId> wanted = batch(ctx);
        commands.awaitReadModels();
        RoutingSnapshot s = commands.snapshot();
        Collection<AgentView> views;
        if (wanted == null) {
            views = s.agents().values();
        } else {
            views = new ArrayList<>(wanted.size());
            for (AgentId id : wanted) {
                AgentView v = s.agents().get(id);
                if (v != null) {
                    views.add(v);
                }
            }
        }
        http.json(ctx, Views.agents(views, commands.now()));
    }

    /** The ids of a batch read, without repeats; null when none are given. */
    private static List<AgentId> batch(Context ctx) {
        List<String> raw = ctx.queryParams("id");
        if (raw.isEmpty()) {
            return null;
        }
        Set<AgentId> ids = new LinkedHashSet<>();
        for (String value : raw) {
            try {
                Validation.requireId(value, "id");
            } catch (InvalidConfigException e) {
                throw ApiException.invalidParameter("id", "id " + e.problem());
            }
            ids.add(AgentId.of(value));
        }
        if (ids.size() > MAX_BATCH) {
            throw ApiException.invalidParameter(
                    "id", "at most " + MAX_BATCH + " agents per request (" + ids.size() + " given)");
        }
        return List.copyOf(ids);
    }

    private void get(Context ctx) {
        AgentId id = agent(ctx);
        commands.awaitReadModels();
        RoutingSnapshot s = commands.snapshot();
        AgentView view = s.agents().get(id);
        if (view == null) {
            throw ApiException.notFound("UNKNOWN_AGENT", "no agent " + id);
        }
        http.json(ctx, Views.agent(view, commands.now()));
    }

    private void duty(Context ctx) {
        AgentId id = agent(ctx);
        JsonInput in = JsonInput.parse(http.mapper(), http.body(ctx)).allowOnly("profile");
        if (!in.present("profile")) {
            throw ApiException.missing("profile");
        }
        String raw = in.string("profile");
        ProfileId profile = raw == null ? null : ConfigJson.profileId(raw, "profile");
        run(
                ctx,
                new Command.DutyChanged(commands.now(), id, profile),
                Map.of(Rejection.Code.UNKNOWN_PROFILE, "profile"));
    }

    private void active(Context ctx) {
        AgentId id = agent(ctx);
        ServiceId service = ServiceId.of(Http.pathId(ctx, "serviceId"));
        boolean active = JsonInput.parse(http.mapper(), http.body(ctx))
                .allowOnly("active")
                .requireBool("active");
        run(ctx, new Command.ActiveInServiceChanged(commands.now(), id, service, active), Map.of());
    }

    private void ready(Context ctx) {
        AgentId id = agent(ctx);
        JsonInput.parseOptional(http.mapper(), http.body(ctx)).allowOnly();
        run(ctx, new Command.AgentReady(commands.now(), id), Map.of());
    }

    private void notReady(Context ctx) {
        AgentId id = agent(ctx);
        String reason = JsonInput.parseOptional(http.mapper(), http.body(ctx))
                .allowOnly("reason")
                .string("reason");
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw ApiException.invalid("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        run(ctx, new Command.AgentNotReady(commands.now(), id, reason), Map.of());
    }

    private void resetRona(Context ctx) {
        AgentId id = agent(ctx);
        JsonInput.parseOptional(http.mapper(), http.body(ctx)).allowOnly();
        run(ctx, new Command.ResetRona(commands.now(), id), Map.of());
    }

    private void endAfterCallWork(Context ctx) {
        AgentId id = agent(ctx);
        JsonInput.parseOptional(http.mapper(), http.body(ctx)).allowOnly();
        run(ctx, new Command.EndAfterCallWork(commands.now(), id), Map.of());
    }

    private void extendAfterCallWork(Context ctx) {
        AgentId id = agent(ctx);
        JsonInput in = JsonInput.parse(http.mapper(), http.body(ctx)).allowOnly("seconds");
        int seconds = in.requireInteger("seconds");
        if (seconds < 1 || seconds > 3600) {
            throw ApiException.invalid("seconds", "must be between 1 and 3600 (was " + seconds + ")");
        }
        run(
                ctx,
                new Command.ExtendAfterCallWork(commands.now(), id, Duration.ofSeconds(seconds)),
                Map.of(Rejection.Code.INVALID, "seconds"));
    }

    private void run(Context ctx, Command command, Map<Rejection.Code, String> bodyFields) {
        http.json(ctx, commands.result(commands.accept(command, bodyFields)));
    }
}
