package dev.switchboard.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.InvalidConfigException;
import dev.switchboard.core.model.Validation;
import dev.switchboard.http.auth.Authenticator;
import dev.switchboard.http.auth.Principal;
import dev.switchboard.http.auth.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Registers routes with their roles and checks every request's token before its handler runs;
 * small helpers for handlers (principal, path ids, JSON answers).
 */
final class Http {
    static final String JSON = "application/json";
    private static final String PRINCIPAL = "switchboard.principal";
    private static final String ROUTE = "switchboard.route";

    private final RoutesConfig config;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final List<ApiRoute> routes = new ArrayList<>();

    Http(RoutesConfig config, Authenticator authenticator, ObjectMapper mapper) {
        this.config = config;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    List<ApiRoute> routes() {
        return List.copyOf(routes);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** A route that needs a token with one of {@code roles} (admin is always allowed). */
    void route(HandlerType method, String path, Set<Role> roles, Handler handler) {
        EnumSet<Role> allowed = EnumSet.of(Role.ADMIN);
        allowed.addAll(roles);
        add(method, path, allowed, handler);
    }

    /** A route without a token (health, OpenAPI document, Graph webhooks). */
    void open(HandlerType method, String path, Handler handler) {
        add(method, path, Set.of(), handler);
    }

    private void add(HandlerType method, String path, Set<Role> roles, Handler handler) {
        ApiRoute route = new ApiRoute(method.name(), path, roles);
        routes.add(route);
        config.addHttpHandler(method, path, ctx -> {
            ctx.attribute(ROUTE, route);
            if (!route.open()) {
                Principal p = authenticate(ctx, route);
                authorize(p, route);
                ctx.attribute(PRINCIPAL, p);
            }
            handler.handle(ctx);
        });
    }

    private Principal authenticate(Context ctx, ApiRoute route) {
        Optional<Principal> p = authenticator.fromAuthorizationHeader(ctx.header("Authorization"));
        if (p.isEmpty() && route.path().equals("/api/events")) {
            // EventSource cannot send headers: the stream alone accepts the token as a parameter.
            String token = ctx.queryParam("access_token");
            if (token != null) {
                p = authenticator.fromSecret(token);
            }
        }
        if (p.isEmpty()) {
            throw new ApiException(
                    401,
                    "UNAUTHENTICATED",
                    null,
                    "a valid bearer token is required",
                    Map.of("WWW-Authenticate", "Bearer realm=\"switchboard\""));
        }
        return p.get();
    }

    private static void authorize(Principal p, ApiRoute route) {
        for (Role r : p.roles()) {
            if (route.roles().contains(r)) {
                return;
            }
        }
        throw forbidden(
                "this token's roles " + labels(p.roles()) + " may not call " + route.method() + " " + route.path());
    }

    private static String labels(Set<Role> roles) {
        return roles.stream().map(Role::label).sorted().toList().toString();
    }

    static ApiException forbidden(String detail) {
        return new ApiException(403, "FORBIDDEN", null, detail);
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    static ApiRoute route(Context ctx) {
        return ctx.attribute(ROUTE);
    }

    /**
     * Whether the caller may act for any agent on this route (a role other than agent allows it),
     * or only for its own.
     */
    static boolean limitedToOwnAgent(Context ctx) {
        Principal p = principal(ctx);
        ApiRoute route = route(ctx);
        if (p == null || route == null) {
            return false;
        }
        for (Role r : p.roles()) {
            if (r != Role.AGENT && route.roles().contains(r)) {
                return false;
            }
        }
        return true;
    }

    /** Refuses an agent token acting for another agent. */
    static void requireActFor(Context ctx, AgentId agent) {
        if (limitedToOwnAgent(ctx) && !agent.equals(principal(ctx).agent())) {
            throw forbidden("an agent token may act only for its own agent");
        }
    }

    /** A path id, checked with the core's id rule. */
    static String pathId(Context ctx, String name) {
        String value = ctx.pathParam(name);
        try {
            Validation.requireId(value, name);
        } catch (InvalidConfigException e) {
            throw ApiException.invalidParameter(name, name + " " + e.problem());
        }
        return value;
    }

    void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(JSON).result(mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    void json(Context ctx, Object body) {
        json(ctx, 200, body);
    }
}
