package dev.switchboard.sim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The fake's own control API under {@code /_fake/}: JSON in, JSON out, no authentication (loopback tool). */
final class ControlEndpoints {
    private final FakeTeamsTenant tenant;
    private final TenantControl control;

    ControlEndpoints(FakeTeamsTenant tenant) {
        this.tenant = tenant;
        this.control = tenant.control();
    }

    void register(Router router) {
        router.add("GET", "/_fake/info", this::info);
        router.add("GET", "/_fake/users", this::users);
        router.add("GET", "/_fake/users/{id}/presence", ex -> ex.json(200, control.presence(ex.param("id"))));
        router.add("PUT", "/_fake/users/{id}/presence", this::putPresence);
        router.add("POST", "/_fake/presence/batch", this::presenceBatch);
        router.add("POST", "/_fake/accounts", this::putAccount);
        router.add("POST", "/_fake/apps", this::putApp);
        router.add("GET", "/_fake/apps/{clientId}/certificate.p12", this::appPkcs12);
        router.add("GET", "/_fake/apps/{clientId}/certificate.pem", this::appCertificatePem);
        router.add(
                "GET", "/_fake/certificate.pem", ex -> ex.send(200, "application/x-pem-file", tenant.certificatePem()));
        router.add("GET", "/_fake/faults", this::faults);
        router.add("POST", "/_fake/faults/signin", this::injectSignIn);
        router.add("DELETE", "/_fake/faults/signin/{principal}", this::clearSignIn);
        router.add("POST", "/_fake/faults/graph", this::injectGraph);
        router.add("DELETE", "/_fake/faults/graph", ex -> {
            control.clearGraphFaults();
            ex.empty(204);
        });
        router.add("POST", "/_fake/faults/notifications", this::notificationFaults);
        router.add("POST", "/_fake/notifications/hold", ex -> {
            control.holdNotifications();
            ex.empty(204);
        });
        router.add("POST", "/_fake/notifications/release", ex -> {
            control.releaseNotifications();
            ex.empty(204);
        });
        router.add("POST", "/_fake/permissions/revoke", this::revoke);
        router.add("GET", "/_fake/subscriptions", ex -> ex.json(200, control.subscriptions()));
        router.add("POST", "/_fake/subscriptions/{id}/expire", ex -> {
            if (!control.expireSubscription(ex.param("id"))) throw HttpProblem.control(404, "no such subscription");
            ex.empty(204);
        });
        router.add("POST", "/_fake/subscriptions/{id}/reauthorization-required", ex -> {
            if (!control.requireReauthorization(ex.param("id"))) throw HttpProblem.control(404, "no such subscription");
            ex.empty(204);
        });
        router.add(
                "GET",
                "/_fake/clock",
                ex -> ex.json(200, Map.of("now", control.now().toString())));
        router.add("POST", "/_fake/clock/advance", this::advanceClock);
        router.add("POST", "/_fake/limits", this::limits);
        router.add("POST", "/_fake/day", this::startDay);
        router.add("POST", "/_fake/day/advance", this::advanceDay);
        router.add("GET", "/_fake/day", ex -> ex.json(200, control.day()));
        router.add("DELETE", "/_fake/day", ex -> {
            control.stopDay();
            ex.empty(204);
        });
        router.add("GET", "/_fake/stats", ex -> ex.json(200, control.stats()));
        router.add("POST", "/_fake/reset", ex -> {
            control.reset();
            ex.empty(204);
        });
    }

    private static JsonNode body(Exchange ex) {
        try {
            JsonNode node = Json.MAPPER.readTree(ex.body());
            if (node == null || node.isMissingNode()) throw HttpProblem.control(400, "a JSON body is required");
            return node;
        } catch (java.io.IOException e) {
            throw HttpProblem.control(400, "the body is not valid JSON");
        }
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isBlank()) {
            throw HttpProblem.control(400, "'" + field + "' is required");
        }
        return value.asText();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Set<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        Set<String> out = new TreeSet<>();
        if (value == null || value.isNull()) return out;
        if (!value.isArray()) throw HttpProblem.control(400, "'" + field + "' must be an array of strings");
        value.forEach(v -> out.add(v.asText()));
        return out;
    }

    private void info(Exchange ex) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenantId", tenant.tenantId());
        json.put("domain", tenant.domain());
        json.put("baseUrl", tenant.baseUrl());
        json.put("authority", tenant.authority());
        json.put("graphBaseUrl", tenant.graphBaseUrl());
        json.put("jwksUrl", tenant.jwksUrl());
        json.put("federationBaseUrl", tenant.baseUrl() + "/federation/v1");
        json.put("users", tenant.users().size());
        json.put("now", control.now().toString());
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (FakeAccount a : tenant.accounts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("username", a.username());
            m.put("password", a.password());
            m.put("objectId", a.objectId());
            m.put("delegatedPermissions", new TreeSet<>(a.delegatedPermissions()));
            accounts.add(m);
        }
        json.put("accounts", accounts);
        List<Map<String, Object>> apps = new ArrayList<>();
        for (FakeApp a : tenant.apps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clientId", a.clientId());
            m.put("displayName", a.displayName());
            m.put("publicClient", a.publicClient());
            m.put("applicationPermissions", new TreeSet<>(a.applicationPermissions()));
            boolean hasKey = tenant.generatedAppKeys.containsKey(a.clientId().toLowerCase(Locale.ROOT));
            if (hasKey) {
                m.put("pkcs12Url", tenant.baseUrl() + "/_fake/apps/" + a.clientId() + "/certificate.p12");
                m.put("pkcs12Password", FakeTeamsTenant.PKCS12_PASSWORD);
            }
            apps.add(m);
        }
        json.put("apps", apps);
        json.put("publicClientId", tenant.publicClientId());
        json.put("confidentialClientId", tenant.confidentialClientId());
        ex.json(200, json);
    }

    private void users(Exchange ex) {
        StringBuilder out = new StringBuilder(tenant.users().size() * 120 + 2).append('[');
        boolean first = true;
        for (FakeUser u : tenant.users()) {
            if (!first) out.append(',');
            first = false;
            out.append("{\"id\":\"").append(u.id()).append("\",\"userPrincipalName\":");
            Json.quote(out, u.userPrincipalName()).append(",\"displayName\":");
            Json.quote(out, u.displayName()).append('}');
        }
        ex.json(200, out.append(']').toString());
    }

    private static PresenceUpdate update(JsonNode node, String id) {
        JsonNode oof = node.get("outOfOffice");
        return new PresenceUpdate(
                id, required(node, "availability"), required(node, "activity"), oof != null && oof.asBoolean(false));
    }

    private void putPresence(Exchange ex) {
        ex.json(200, control.setPresence(update(body(ex), ex.param("id"))));
    }

    private void presenceBatch(Exchange ex) {
        JsonNode body = body(ex);
        if (!body.isArray())
            throw HttpProblem.control(400, "the body must be an array of {id, availability, activity}");
        List<PresenceUpdate> updates = new ArrayList<>(body.size());
        body.forEach(node -> updates.add(update(node, required(node, "id"))));
        List<PresenceSnapshot> applied = control.setPresences(updates);
        ex.json(200, Map.of("applied", applied.size()));
    }

    private void putAccount(Exchange ex) {
        JsonNode body = body(ex);
        String username = required(body, "username");
        FakeAccount existing = tenant.directory.account(username);
        String objectId = optional(body, "objectId");
        if (objectId == null)
            objectId = existing != null
                    ? existing.objectId()
                    : java.util.UUID.randomUUID().toString();
        FakeAccount account = new FakeAccount(
                username,
                required(body, "password"),
                objectId,
                optional(body, "displayName"),
                body.has("delegatedPermissions")
                        ? strings(body, "delegatedPermissions")
                        : FakeTeamsTenant.PRESENCE_ACCOUNT_PERMISSIONS);
        control.putAccount(account);
        ex.json(201, Map.of("username", account.username(), "objectId", account.objectId()));
    }

    private void putApp(Exchange ex) {
        JsonNode body = body(ex);
        String pem = optional(body, "certificatePem");
        FakeApp app = new FakeApp(
                required(body, "clientId"),
                optional(body, "displayName"),
                body.path("publicClient").asBoolean(false),
                pem == null ? null : KeyMaterial.parseCertificate(pem),
                strings(body, "applicationPermissions"));
        FakeApp registered = control.putApp(app);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("clientId", registered.clientId());
        json.put("publicClient", registered.publicClient());
        if (tenant.generatedAppKeys.containsKey(registered.clientId().toLowerCase(Locale.ROOT))) {
            json.put("pkcs12Url", tenant.baseUrl() + "/_fake/apps/" + registered.clientId() + "/certificate.p12");
            json.put("pkcs12Password", FakeTeamsTenant.PKCS12_PASSWORD);
        }
        ex.json(201, json);
    }

    private void appPkcs12(Exchange ex) {
        try {
            ex.send(200, "application/x-pkcs12", tenant.appPkcs12(ex.param("clientId")));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.control(404, e.getMessage());
        }
    }

    private void appCertificatePem(Exchange ex) {
        FakeApp app = tenant.directory.app(ex.param("clientId"));
        if (app == null || app.certificate() == null) throw HttpProblem.control(404, "no certificate for that app");
        ex.send(200, "application/x-pem-file", KeyMaterial.pem(app.certificate()));
    }

    private void faults(Exchange ex) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("signin", tenant.signInFaults.active());
        json.put("graph", control.pendingGraphFaults());
        json.put("notifications", control.notificationFaults());
        json.put("notificationsHeld", tenant.sender.held());
        json.put("presenceRequestsPer30Seconds", tenant.limiter.limit());
        ex.json(200, json);
    }

    private void injectSignIn(Exchange ex) {
        JsonNode body = body(ex);
        String principal = optional(body, "username");
        if (principal == null) principal = optional(body, "clientId");
        if (principal == null) throw HttpProblem.control(400, "'username' or 'clientId' is required");
        SignInFailure failure;
        try {
            failure = SignInFailure.valueOf(required(body, "failure").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.control(
                    400, "unknown failure; use one of " + java.util.Arrays.toString(SignInFailure.values()));
        }
        JsonNode retryAfter = body.get("retryAfterSeconds");
        control.injectSignInFailure(
                principal,
                failure,
                body.path("count").asInt(0),
                retryAfter == null || retryAfter.isNull() ? null : retryAfter.asDouble());
        ex.empty(204);
    }

    private void clearSignIn(Exchange ex) {
        if (!control.clearSignInFailure(ex.param("principal"))) {
            throw HttpProblem.control(404, "no sign-in failure injected for " + ex.param("principal"));
        }
        ex.empty(204);
    }

    private void injectGraph(Exchange ex) {
        JsonNode body = body(ex);
        GraphFault.Kind kind;
        try {
            kind = GraphFault.Kind.valueOf(required(body, "kind").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.control(400, "unknown kind; use THROTTLE, SERVER_ERROR or SLOW");
        }
        JsonNode retryAfter = body.get("retryAfterSeconds");
        control.injectGraphFault(new GraphFault(
                kind,
                body.path("count").asInt(1),
                retryAfter == null || retryAfter.isNull() ? null : retryAfter.asDouble(),
                body.path("delayMillis").asLong(0),
                body.path("status").asInt(0),
                optional(body, "path")));
        ex.empty(204);
    }

    private void notificationFaults(Exchange ex) {
        JsonNode body = body(ex);
        NotificationFaults current = control.notificationFaults();
        control.notificationFaults(new NotificationFaults(
                body.path("duplicateRate").asDouble(current.duplicateRate()),
                body.path("outOfOrderRate").asDouble(current.outOfOrderRate()),
                body.path("dropRate").asDouble(current.dropRate()),
                body.path("delayMillis").asLong(current.delayMillis())));
        ex.json(200, control.notificationFaults());
    }

    private void revoke(Exchange ex) {
        JsonNode body = body(ex);
        String principal = optional(body, "username");
        if (principal == null) principal = optional(body, "clientId");
        if (principal == null) throw HttpProblem.control(400, "'username' or 'clientId' is required");
        if (!control.revokePermission(principal, required(body, "permission"))) {
            throw HttpProblem.control(404, "no account or app " + principal);
        }
        ex.empty(204);
    }

    private void advanceClock(Exchange ex) {
        JsonNode body = body(ex);
        JsonNode seconds = body.get("seconds");
        if (seconds == null || !seconds.isNumber() || seconds.asDouble() < 0) {
            throw HttpProblem.control(400, "'seconds' must be a number >= 0");
        }
        ex.json(
                200,
                Map.of(
                        "now",
                        control.advanceClock(Duration.ofMillis((long) (seconds.asDouble() * 1000)))
                                .toString()));
    }

    private void limits(Exchange ex) {
        JsonNode body = body(ex);
        control.presenceRequestLimit(body.path("presenceRequestsPer30Seconds").asInt(1500));
        ex.empty(204);
    }

    private void startDay(Exchange ex) {
        JsonNode body = ex.body().isBlank() ? Json.MAPPER.createObjectNode() : body(ex);
        LocalTime start;
        try {
            start = LocalTime.parse(body.path("start").asText("08:00"));
        } catch (DateTimeParseException e) {
            throw HttpProblem.control(400, "'start' must be a time like 09:00");
        }
        control.startDay(
                start, body.path("speed").asDouble(60), body.path("seed").asLong(tenant.options.seed()));
        ex.json(200, control.day());
    }

    private void advanceDay(Exchange ex) {
        JsonNode body = body(ex);
        int changes = control.advanceDay(
                Duration.ofSeconds((long) (body.path("minutes").asDouble(0) * 60)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("changes", changes);
        json.put("day", control.day());
        ex.json(200, json);
    }
}
