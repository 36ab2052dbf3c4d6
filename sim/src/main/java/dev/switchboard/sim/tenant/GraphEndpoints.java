package dev.switchboard.sim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph's presence and subscription endpoints with Graph's rules: bearer tokens issued by
 * this tenant, permissions per token type, 1,500 presence requests per 30 s per app, 650 ids per
 * bulk read and per subscription, 60-minute subscriptions with the validation handshake. Also the
 * coarse federated view (availability only).
 */
final class GraphEndpoints {
    static final int MAX_BULK_IDS = 650;
    static final int MAX_FEDERATED_IDS = 1000;
    static final long MAX_SUBSCRIPTION_MILLIS = 60 * 60_000L;

    private static final String PRESENCE_READ_ALL = "Presence.Read.All";
    private static final Set<String> DELEGATED_READ = Set.of(PRESENCE_READ_ALL, "Presence.ReadWrite.All");
    private static final Set<String> DELEGATED_ME = Set.of("Presence.Read", PRESENCE_READ_ALL, "Presence.ReadWrite");
    private static final Set<String> APP_READ = Set.of(PRESENCE_READ_ALL, "Presence.ReadWrite.All");
    private static final Pattern FILTER =
            Pattern.compile("^\\$filter=id\\s+in\\s+\\((.*)\\)\\s*$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private final String tenantId;
    private final String graphBaseUrl;
    private final FakeTenantOptions options;
    private final Directory directory;
    private final TokenService tokens;
    private final TenantClock clock;
    private final Stats stats;
    private final PresenceRateLimiter limiter;
    private final Subscriptions subscriptions;
    private final NotificationSender sender;

    GraphEndpoints(
            String tenantId,
            String graphBaseUrl,
            FakeTenantOptions options,
            Directory directory,
            TokenService tokens,
            TenantClock clock,
            Stats stats,
            PresenceRateLimiter limiter,
            Subscriptions subscriptions,
            NotificationSender sender) {
        this.tenantId = tenantId;
        this.graphBaseUrl = graphBaseUrl;
        this.options = options;
        this.directory = directory;
        this.tokens = tokens;
        this.clock = clock;
        this.stats = stats;
        this.limiter = limiter;
        this.subscriptions = subscriptions;
        this.sender = sender;
    }

    void register(Router router) {
        router.add("GET", "/v1.0/users/{id}/presence", "GET /v1.0/users/{id}/presence", this::userPresence);
        router.add(
                "GET",
                "/v1.0/communications/presences/{id}",
                "GET /v1.0/communications/presences/{id}",
                this::userPresence);
        router.add("GET", "/v1.0/me/presence", "GET /v1.0/me/presence", this::mePresence);
        router.add(
                "POST",
                "/v1.0/communications/getPresencesByUserId",
                "POST /v1.0/communications/getPresencesByUserId",
                this::bulkPresence);
        router.add("POST", "/v1.0/subscriptions", "POST /v1.0/subscriptions", this::createSubscription);
        router.add("GET", "/v1.0/subscriptions", "GET /v1.0/subscriptions", this::listSubscriptions);
        router.add("GET", "/v1.0/subscriptions/{id}", "GET /v1.0/subscriptions/{id}", this::getSubscription);
        router.add("PATCH", "/v1.0/subscriptions/{id}", "PATCH /v1.0/subscriptions/{id}", this::renewSubscription);
        router.add("DELETE", "/v1.0/subscriptions/{id}", "DELETE /v1.0/subscriptions/{id}", this::deleteSubscription);
        router.add(
                "POST",
                "/v1.0/subscriptions/{id}/reauthorize",
                "POST /v1.0/subscriptions/{id}/reauthorize",
                this::reauthorize);
        router.add(
                "GET",
                "/federation/v1/users/{id}/presence",
                "GET /federation/v1/users/{id}/presence",
                this::federatedOne);
        router.add("POST", "/federation/v1/presence", "POST /federation/v1/presence", this::federatedMany);
    }

    // ---- authentication and authorization -------------------------------------------------------

    private TokenService.AccessGrant authenticate(Exchange ex) {
        String authorization = ex.header("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw unauthorized(ex, "Access token is empty.");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ex, "Access token validation failure. Invalid audience.");
        }
        String token = authorization.substring(7).trim();
        if (token.chars().filter(c -> c == '.').count() != 2) {
            throw unauthorized(ex, "IDX14100: JWT is not well formed, there are no dots (.).");
        }
        TokenService.AccessGrant grant = tokens.validate(token);
        if (grant == null) {
            throw unauthorized(ex, "Access token validation failure. Invalid audience or signature.");
        }
        if (grant.expiresAtMillis() <= clock.millis()) {
            throw unauthorized(ex, "Lifetime validation failed, the token is expired.");
        }
        boolean principalExists =
                grant.delegated() ? directory.account(grant.username()) != null : directory.app(grant.appId()) != null;
        if (!principalExists) {
            throw unauthorized(ex, "The identity of the token no longer exists in the tenant.");
        }
        return grant;
    }

    private HttpProblem unauthorized(Exchange ex, String message) {
        ex.header(
                "WWW-Authenticate",
                "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\","
                        + " client_id=\"00000003-0000-0000-c000-000000000000\"");
        return GraphErrors.error(ex, clock, 401, "InvalidAuthenticationToken", message);
    }

    /** The token must carry one of the permissions, and it must still be granted (consent can be withdrawn). */
    private void require(Exchange ex, TokenService.AccessGrant grant, Set<String> delegated, Set<String> application) {
        Set<String> current = grant.delegated()
                ? directory.account(grant.username()).delegatedPermissions()
                : directory.app(grant.appId()).applicationPermissions();
        Set<String> accepted = grant.delegated() ? delegated : application;
        for (String permission : grant.permissions()) {
            if (containsIgnoreCase(accepted, permission) && containsIgnoreCase(current, permission)) {
                return;
            }
        }
        throw GraphErrors.error(ex, clock, 403, "Forbidden", "Insufficient privileges to complete the operation.");
    }

    private static boolean containsIgnoreCase(Set<String> set, String value) {
        for (String s : set) if (s.equalsIgnoreCase(value)) return true;
        return false;
    }

    private void throttle(Exchange ex, TokenService.AccessGrant grant) {
        long now = clock.millis();
        stats.presenceRequest(grant.appId(), now);
        long waitMillis = limiter.acquire(grant.appId(), now);
        if (waitMillis > 0) {
            stats.throttled429.increment();
            throw GraphErrors.tooManyRequests(ex, clock, String.valueOf(Math.max(1, (waitMillis + 999) / 1000)));
        }
    }

    // ---- presence -------------------------------------------------------------------------------

    private void userPresence(Exchange ex) {
        TokenService.AccessGrant grant = authenticate(ex);
        require(ex, grant, DELEGATED_READ, APP_READ);
        throttle(ex, grant);
        String id = ex.param("id");
        if (!isGuid(id)) {
            throw GraphErrors.error(ex, clock, 400, "BadRequest", "Invalid user id '" + id + "'.");
        }
        int index = directory.indexOf(id);
        if (index < 0) {
            throw GraphErrors.error(ex, clock, 404, "NotFound", "User '" + id + "' was not found.");
        }
        stats.presenceIdsServed.increment();
        String json = directory.presence(index).graphJson;
        ex.json(
                200,
                "{\"@odata.context\":\"" + graphBaseUrl + "/$metadata#users('" + id + "')/presence/$entity\","
                        + json.substring(1));
    }

    private void mePresence(Exchange ex) {
        TokenService.AccessGrant grant = authenticate(ex);
        if (!grant.delegated()) {
            throw GraphErrors.error(
                    ex, clock, 400, "BadRequest", "/me request is only valid with delegated authentication flow.");
        }
        require(ex, grant, DELEGATED_ME, Set.of());
        throttle(ex, grant);
        // Presence accounts are service identities that are never signed in to Teams.
        PresenceState state = new PresenceState(grant.objectId(), "Offline", "Offline", false, 0);
        ex.json(
                200,
                "{\"@odata.context\":\"" + graphBaseUrl + "/$metadata#users('" + grant.objectId()
                        + "')/presence/$entity\"," + state.graphJson.substring(1));
    }

    private void bulkPresence(Exchange ex) {
        TokenService.AccessGrant grant = authenticate(ex);
        require(ex, grant, DELEGATED_READ, APP_READ);
        throttle(ex, grant);
        List<String> ids = readIds(ex, MAX_BULK_IDS, true);
        StringBuilder out = new StringBuilder(ids.size() * 230 + 128);
        out.append("{\"@odata.context\":\"")
                .append(graphBaseUrl)
                .append("/$metadata#Collection(microsoft.graph.presence)\",\"value\":[");
        boolean first = true;
        int served = 0;
        for (String id : ids) {
            int index = directory.indexOf(id);
            String json;
            if (index >= 0) {
                json = directory.presence(index).graphJson;
            } else if (options.unknownIdsAsPresenceUnknown()) {
                json = new PresenceState(id.toLowerCase(Locale.ROOT), "PresenceUnknown", "PresenceUnknown", false, 0)
                        .graphJson;
            } else {
                continue;
            }
            if (!first) out.append(',');
            first = false;
            out.append(json);
            served++;
        }
        stats.presenceIdsServed.add(served);
        ex.json(200, out.append("]}").toString());
    }

    /** Reads {@code {"ids": [...]}}; duplicates are answered once, in first-seen order. */
    private List<String> readIds(Exchange ex, int max, boolean graph) {
        JsonNode ids;
        try {
            JsonNode body = Json.MAPPER.readTree(ex.body());
            ids = body == null ? null : body.get("ids");
        } catch (java.io.IOException e) {
            throw badRequest(ex, graph, "Unable to read JSON request payload.");
        }
        if (ids == null || !ids.isArray()) {
            throw badRequest(ex, graph, "The request body must contain an array 'ids' of user ids.");
        }
        if (ids.isEmpty()) {
            throw badRequest(ex, graph, "The 'ids' array must not be empty.");
        }
        if (ids.size() > max) {
            throw badRequest(
                    ex,
                    graph,
                    "The number of user ids requested (" + ids.size() + ") exceeds the maximum of " + max + ".");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode node : ids) {
            String id = node.asText();
            if (!node.isTextual() || !isGuid(id)) {
                throw badRequest(ex, graph, "Invalid user id '" + id + "'.");
            }
            out.add(id);
        }
        return new ArrayList<>(out);
    }

    private HttpProblem badRequest(Exchange ex, boolean graph, String message) {
        return graph ? GraphErrors.error(ex, clock, 400, "invalidRequest", message) : HttpProblem.control(400, message);
    }

    static boolean isGuid(String s) {
        if (s == null || s.length() != 36) return false;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') return false;
            } else if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    // ---- federated (coarse) view ----------------------------------------------------------------

    private void federatedOne(Exchange ex) {
        String id = ex.param("id");
        int index = isGuid(id) ? directory.indexOf(id) : -1;
        if (index < 0) {
            throw HttpProblem.control(404, "unknown user id");
        }
        ex.json(200, coarse(directory.presence(index)));
    }

    private void federatedMany(Exchange ex) {
        List<String> ids = readIds(ex, MAX_FEDERATED_IDS, false);
        StringBuilder out = new StringBuilder(ids.size() * 70 + 16).append("{\"value\":[");
        boolean first = true;
        for (String id : ids) {
            int index = directory.indexOf(id);
            if (index < 0) continue;
            if (!first) out.append(',');
            first = false;
            out.append(coarse(directory.presence(index)));
        }
        ex.json(200, out.append("]}").toString());
    }

    private static String coarse(PresenceState state) {
        StringBuilder json =
                new StringBuilder(80).append("{\"id\":\"").append(state.id).append("\",\"availability\":");
        return Json.quote(json, state.availability).append('}').toString();
    }

    // ---- subscriptions --------------------------------------------------------------------------

    private TokenService.AccessGrant authenticateSubscriber(Exchange ex) {
        TokenService.AccessGrant grant = authenticate(ex);
        if (!grant.delegated()) {
            throw GraphErrors.error(
                    ex,
                    clock,
                    403,
                    "ExtensionError",
                    "Operation: Create; Exception: [Status Code: Forbidden; Reason: Presence subscriptions support"
                            + " delegated permissions only; application permissions are not supported.]");
        }
        require(ex, grant, DELEGATED_READ, Set.of());
        return grant;
    }

    private void createSubscription(Exchange ex) {
        TokenService.AccessGrant grant = authenticateSubscriber(ex);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ex.body());
        } catch (java.io.IOException e) {
            throw invalid(ex, "Unable to read JSON request payload.");
        }
        if (body == null || !body.isObject()) throw invalid(ex, "The request body must be a subscription object.");
        String changeType = text(body, "changeType");
        if (changeType == null || !changeType.equalsIgnoreCase("updated")) {
            throw invalid(ex, "ChangeType '" + changeType + "' is not supported for presence; use 'updated'.");
        }
        String resource = text(body, "resource");
        ParsedResource parsed = parseResource(ex, resource);
        String notificationUrl = webhookUrl(ex, text(body, "notificationUrl"), "notificationUrl", true);
        String lifecycleUrl = webhookUrl(ex, text(body, "lifecycleNotificationUrl"), "lifecycleNotificationUrl", false);
        Instant expiration = expiration(ex, text(body, "expirationDateTime"));
        String clientState = text(body, "clientState");
        if (clientState != null && clientState.length() > 128) {
            throw invalid(ex, "clientState must not be longer than 128 characters.");
        }
        boolean includeResourceData = body.path("includeResourceData").asBoolean(false);
        X509Certificate certificate = null;
        String certificateId = text(body, "encryptionCertificateId");
        if (includeResourceData) {
            String encoded = text(body, "encryptionCertificate");
            if (encoded == null || encoded.isBlank()) {
                throw invalid(ex, "encryptionCertificate is required when includeResourceData is true.");
            }
            if (certificateId == null || certificateId.isBlank()) {
                throw invalid(ex, "encryptionCertificateId is required when includeResourceData is true.");
            }
            if (certificateId.length() > 128) throw invalid(ex, "encryptionCertificateId exceeds 128 characters.");
            try {
                certificate = KeyMaterial.parseCertificate(encoded);
            } catch (IllegalArgumentException e) {
                throw invalid(ex, "encryptionCertificate is not a base64-encoded X.509 certificate.");
            }
            if (!(certificate.getPublicKey() instanceof RSAPublicKey rsa)
                    || rsa.getModulus().bitLength() < 2048) {
                throw invalid(ex, "encryptionCertificate must hold an RSA key of 2048 bits or more.");
            }
        }
        String tls = text(body, "latestSupportedTlsVersion");
        FakeAccount owner = directory.account(grant.username());
        if (options.onePresenceSubscriptionPerUserPerApp()
                && subscriptions.countFor(grant.appId(), owner.objectId()) > 0) {
            throw GraphErrors.error(
                    ex,
                    clock,
                    403,
                    "ExtensionError",
                    "Operation: Create; Exception: [Status Code: Forbidden; Reason: A user can create only one"
                            + " presence subscription per application.]");
        }
        for (String url : lifecycleUrl == null ? List.of(notificationUrl) : List.of(notificationUrl, lifecycleUrl)) {
            String problem = sender.validate(url);
            if (problem != null) {
                stats.validationHandshakesFailed.increment();
                throw invalid(
                        ex,
                        "Subscription validation request failed. Notification endpoint must respond with 200 OK to"
                                + " validation request: " + problem + ".");
            }
        }
        Subscription subscription = new Subscription(
                UUID.randomUUID().toString(),
                grant.appId(),
                owner.objectId(),
                owner.username(),
                resource,
                parsed.indexes,
                parsed.bulk,
                notificationUrl,
                lifecycleUrl,
                clientState,
                includeResourceData,
                certificate,
                certificateId,
                tls == null ? "v1_2" : tls,
                tenantId,
                expiration,
                grant.expiresAtMillis());
        subscriptions.add(subscription);
        ex.json(201, subscription.toGraphJson(graphBaseUrl));
    }

    private record ParsedResource(int[] indexes, boolean bulk) {}

    /**
     * {@code communications/presences/{id}} or {@code communications/presences?$filter=id in ('a','b')}
     * (raw or URL-encoded), at most 650 GUIDs. GUIDs not in the directory are accepted and never notify.
     */
    private ParsedResource parseResource(Exchange ex, String resource) {
        if (resource == null || resource.isBlank()) throw invalid(ex, "resource is required.");
        String r = resource.trim();
        while (r.startsWith("/")) r = r.substring(1);
        String lower = r.toLowerCase(Locale.ROOT);
        if (lower.startsWith("communications/presences/")) {
            String id = r.substring("communications/presences/".length());
            if (!isGuid(id)) throw invalid(ex, "Invalid user id '" + id + "' in resource.");
            int index = directory.indexOf(id);
            return new ParsedResource(index < 0 ? new int[0] : new int[] {index}, false);
        }
        if (lower.startsWith("communications/presences?")) {
            String query = r.substring("communications/presences?".length());
            if (query.contains("%")) {
                try {
                    query = URLDecoder.decode(query, StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw invalid(ex, "The resource query is not correctly URL-encoded.");
                }
            }
            Matcher m = FILTER.matcher(query.trim());
            if (!m.matches()) {
                throw invalid(ex, "Unsupported resource filter; use $filter=id in ('{id}', ...).");
            }
            Set<Integer> indexes = new LinkedHashSet<>();
            int count = 0;
            for (String item : m.group(1).split(",")) {
                String id = item.trim();
                if (id.length() >= 2 && (id.charAt(0) == '\'' || id.charAt(0) == '"')) {
                    id = id.substring(1, id.length() - 1);
                }
                if (!isGuid(id)) throw invalid(ex, "Invalid user id '" + id + "' in resource filter.");
                count++;
                int index = directory.indexOf(id);
                if (index >= 0) indexes.add(index);
            }
            if (count > MAX_BULK_IDS) {
                throw invalid(ex, "The resource filter lists " + count + " ids; the maximum is " + MAX_BULK_IDS + ".");
            }
            return new ParsedResource(
                    indexes.stream().mapToInt(Integer::intValue).toArray(), true);
        }
        throw invalid(ex, "Resource '" + resource + "' is not supported; subscribe to communications/presences.");
    }

    private String webhookUrl(Exchange ex, String url, String field, boolean required) {
        if (url == null || url.isBlank()) {
            if (required) throw invalid(ex, field + " is required.");
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw invalid(ex, field + " is not a valid URL.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && options.allowPlainHttpWebhooks())) {
            throw invalid(ex, field + " must use https.");
        }
        String host = uri.getHost() == null ? "" : uri.getHost();
        if (!(host.equals("127.0.0.1") || host.equalsIgnoreCase("localhost") || host.equals("[::1]"))) {
            throw invalid(
                    ex,
                    field + " must point to this machine (127.0.0.1 or localhost): the fake tenant"
                            + " calls no other host.");
        }
        return url;
    }

    private Instant expiration(Exchange ex, String text) {
        if (text == null) throw invalid(ex, "expirationDateTime is required.");
        Instant value;
        try {
            value = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                value = java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw invalid(ex, "expirationDateTime '" + text + "' is not an ISO-8601 date and time.");
            }
        }
        // Graph keeps 100-nanosecond ticks (seven fractional digits).
        value = value.minusNanos(value.getNano() % 100);
        Instant now = clock.now();
        if (!value.isAfter(now)) {
            throw invalid(ex, "Subscription expiration can only be in the future (now is " + now + ").");
        }
        if (value.toEpochMilli() - now.toEpochMilli() > MAX_SUBSCRIPTION_MILLIS) {
            throw invalid(
                    ex,
                    "Subscription expiration can only be 60 minutes in the future (now is " + now + ", requested "
                            + value + ").");
        }
        return value;
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private HttpProblem invalid(Exchange ex, String message) {
        return GraphErrors.error(ex, clock, 400, "InvalidRequest", message);
    }

    private Subscription owned(Exchange ex, TokenService.AccessGrant grant) {
        Subscription s = subscriptions.get(ex.param("id"));
        if (s == null || !s.applicationId.equalsIgnoreCase(grant.appId())) {
            throw GraphErrors.error(
                    ex,
                    clock,
                    404,
                    "ResourceNotFound",
                    "The object was not found. Subscription '" + ex.param("id") + "' does not exist or has expired.");
        }
        return s;
    }

    private void listSubscriptions(Exchange ex) {
        TokenService.AccessGrant grant = authenticate(ex);
        List<Map<String, Object>> value = new ArrayList<>();
        long now = clock.millis();
        for (Subscription s : subscriptions.all()) {
            if (s.applicationId.equalsIgnoreCase(grant.appId()) && s.expiration.toEpochMilli() > now) {
                value.add(s.toGraphJson(graphBaseUrl));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@odata.context", graphBaseUrl + "/$metadata#subscriptions");
        json.put("value", value);
        ex.json(200, json);
    }

    private void getSubscription(Exchange ex) {
        TokenService.AccessGrant grant = authenticate(ex);
        ex.json(200, owned(ex, grant).toGraphJson(graphBaseUrl));
    }

    private void renewSubscription(Exchange ex) {
        TokenService.AccessGrant grant = authenticateSubscriber(ex);
        Subscription s = owned(ex, grant);
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ex.body());
        } catch (java.io.IOException e) {
            throw invalid(ex, "Unable to read JSON request payload.");
        }
        String text = body == null ? null : text(body, "expirationDateTime");
        if (text != null) {
            s.expiration = expiration(ex, text);
        }
        subscriptions.reauthorized(s, grant.expiresAtMillis());
        ex.json(200, s.toGraphJson(graphBaseUrl));
    }

    private void deleteSubscription(Exchange ex) {
        TokenService.AccessGrant grant = authenticate(ex);
        subscriptions.remove(owned(ex, grant));
        ex.empty(204);
    }

    private void reauthorize(Exchange ex) {
        TokenService.AccessGrant grant = authenticateSubscriber(ex);
        subscriptions.reauthorized(owned(ex, grant), grant.expiresAtMillis());
        ex.empty(204);
    }
}
