package dev.switchboard.presence.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.presence.graph.auth.AccessTokenSource;
import dev.switchboard.presence.graph.auth.SignInFailureClassifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Graph calls presence tracking needs, over plain {@code java.net.http}: bulk presence
 * reads and subscription management. 429 and 5xx are retried with Retry-After (possibly
 * fractional) or exponential back-off with jitter; a 401 makes the token source sign in anew
 * once. Presence reads pass the shared rate limiter.
 */
public final class GraphClient {
    private static final Logger log = LoggerFactory.getLogger(GraphClient.class);
    /** Graph's limit of ids per getPresencesByUserId request and per presence subscription. */
    public static final int MAX_IDS = 650;

    private final HttpClient http;
    private final String base;
    private final GraphRateLimiter limiter;
    private final Backoff backoff;
    private final int maxAttempts;
    private final GraphRateLimiter.Sleeper sleeper;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();

    public GraphClient(
            HttpClient http,
            String graphBaseUrl,
            GraphRateLimiter limiter,
            Backoff backoff,
            int maxAttempts,
            GraphRateLimiter.Sleeper sleeper,
            InstantSource clock) {
        this.http = http;
        this.base = graphBaseUrl.endsWith("/") ? graphBaseUrl.substring(0, graphBaseUrl.length() - 1) : graphBaseUrl;
        this.limiter = limiter;
        this.backoff = backoff;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.sleeper = sleeper;
        this.clock = clock;
    }

    public GraphRateLimiter limiter() {
        return limiter;
    }

    /** {@code POST /communications/getPresencesByUserId} for at most 650 ids. */
    public List<GraphPresence> getPresencesByUserId(AccessTokenSource tokens, List<String> ids)
            throws PresenceSourceException, InterruptedException {
        if (ids.size() > MAX_IDS) {
            throw new IllegalArgumentException("at most " + MAX_IDS + " ids per request, got " + ids.size());
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("ids");
        ids.forEach(array::add);
        JsonNode answer = call(tokens, "POST", "/communications/getPresencesByUserId", body, true);
        List<GraphPresence> result = new ArrayList<>(ids.size());
        for (JsonNode item : answer.path("value")) {
            result.add(parsePresence(item));
        }
        return result;
    }

    /** Parses a Graph presence object (tolerant: missing fields become null). */
    public static GraphPresence parsePresence(JsonNode item) {
        String id = text(item, "id");
        return new GraphPresence(
                id == null ? null : lastSegment(id),
                text(item, "availability"),
                text(item, "activity"),
                item.path("outOfOfficeSettings").path("isOutOfOffice").asBoolean(false),
                text(item, "sequenceNumber"));
    }

    /** The user id from {@code 'guid'} or a path such as {@code /communications/presences/guid}. */
    public static String lastSegment(String id) {
        int slash = id.lastIndexOf('/');
        return slash >= 0 ? id.substring(slash + 1) : id;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The subscription resource for a set of users. */
    public static String presenceResource(List<String> userIds) {
        return "/communications/presences?$filter=id in ("
                + userIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")";
    }

    /** {@code POST /subscriptions}: Graph performs the validation handshake before it answers. */
    public SubscriptionInfo createSubscription(
            AccessTokenSource tokens,
            List<String> userIds,
            String notificationUrl,
            String lifecycleUrl,
            String clientState,
            Instant expiration,
            EncryptionKeys.Certificate encryption)
            throws PresenceSourceException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("changeType", "updated");
        body.put("notificationUrl", notificationUrl);
        body.put("lifecycleNotificationUrl", lifecycleUrl);
        body.put("resource", presenceResource(userIds));
        body.put("expirationDateTime", format(expiration));
        body.put("clientState", clientState);
        if (encryption != null) {
            body.put("includeResourceData", true);
            body.put("encryptionCertificate", encryption.base64Der());
            body.put("encryptionCertificateId", encryption.id());
        }
        return parseSubscription(call(tokens, "POST", "/subscriptions", body, false));
    }

    /** {@code PATCH /subscriptions/{id}}; empty when Graph no longer knows it (404). */
    public java.util.Optional<SubscriptionInfo> renewSubscription(
            AccessTokenSource tokens, String id, Instant expiration)
            throws PresenceSourceException, InterruptedException {
        ObjectNode body = json.createObjectNode();
        body.put("expirationDateTime", format(expiration));
        try {
            return java.util.Optional.of(parseSubscription(call(tokens, "PATCH", "/subscriptions/" + id, body, false)));
        } catch (GraphException e) {
            if (e.httpStatus() == 404) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    /** {@code POST /subscriptions/{id}/reauthorize}; false when Graph no longer knows it. */
    public boolean reauthorize(AccessTokenSource tokens, String id)
            throws PresenceSourceException, InterruptedException {
        try {
            call(tokens, "POST", "/subscriptions/" + id + "/reauthorize", json.createObjectNode(), false);
            return true;
        } catch (GraphException e) {
            if (e.httpStatus() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** {@code DELETE /subscriptions/{id}}; a missing subscription is fine. */
    public void deleteSubscription(AccessTokenSource tokens, String id)
            throws PresenceSourceException, InterruptedException {
        try {
            call(tokens, "DELETE", "/subscriptions/" + id, null, false);
        } catch (GraphException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
        }
    }

    /** {@code GET /subscriptions}: the subscriptions this identity's token can see. */
    public List<SubscriptionInfo> listSubscriptions(AccessTokenSource tokens)
            throws PresenceSourceException, InterruptedException {
        List<SubscriptionInfo> all = new ArrayList<>();
        String path = "/subscriptions";
        for (int page = 0; page < 100 && path != null; page++) {
            JsonNode answer = call(tokens, "GET", path, null, false);
            for (JsonNode item : answer.path("value")) {
                all.add(parseSubscription(item));
            }
            String next = text(answer, "@odata.nextLink");
            path = next != null && next.startsWith(base) ? next.substring(base.length()) : null;
        }
        return all;
    }

    private static SubscriptionInfo parseSubscription(JsonNode node) {
        String expiry = text(node, "expirationDateTime");
        Instant at = null;
        if (expiry != null) {
            try {
                at = java.time.OffsetDateTime.parse(expiry).toInstant();
            } catch (java.time.format.DateTimeParseException noOffset) {
                at = java.time.LocalDateTime.parse(expiry).toInstant(java.time.ZoneOffset.UTC);
            }
        }
        return new SubscriptionInfo(text(node, "id"), text(node, "resource"), text(node, "notificationUrl"), at);
    }

    private static String format(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
    }

    private JsonNode call(AccessTokenSource tokens, String method, String path, JsonNode body, boolean presenceRead)
            throws PresenceSourceException, InterruptedException {
        boolean reauthenticated = false;
        GraphException last = null;
        for (int attempt = 0; attempt < maxAttempts; attempt++) {
            String token = tokens.accessToken();
            if (presenceRead) {
                limiter.acquire();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json")
                    .header("client-request-id", UUID.randomUUID().toString());
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = new GraphException(
                        new Failure(
                                HealthStatus.UNREACHABLE,
                                null,
                                null,
                                method + " " + shortPath(path) + ": "
                                        + e.getClass().getSimpleName()
                                        + (e.getMessage() == null
                                                ? ""
                                                : " " + SignInFailureClassifier.firstLine(e.getMessage()))),
                        0,
                        null);
                sleeper.sleepNanos(backoff.delay(attempt).toNanos());
                continue;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                byte[] answer = response.body();
                if (answer == null || answer.length == 0) {
                    return json.createObjectNode();
                }
                try {
                    return json.readTree(answer);
                } catch (IOException e) {
                    throw new GraphException(
                            Failure.of(HealthStatus.UNREACHABLE, method + " " + shortPath(path) + ": unreadable JSON"),
                            status,
                            null);
                }
            }
            JsonNode error = errorBody(response.body());
            String code = text(error.path("error"), "code");
            String message = SignInFailureClassifier.firstLine(text(error.path("error"), "message"));
            String what = method + " " + shortPath(path) + " → " + status + (code == null ? "" : " " + code)
                    + (message.isEmpty() ? "" : ": " + message);
            Duration retryAfter = Backoff.parseRetryAfter(
                    response.headers().firstValue("Retry-After").orElse(null), clock.instant());
            if (status == 401 && !reauthenticated) {
                reauthenticated = true;
                tokens.invalidate();
                attempt--; // a fresh token is not a retry of a failure
                last = new GraphException(Failure.of(HealthStatus.PERMISSION_MISSING, what), status, code);
                continue;
            }
            if (status == 429) {
                Duration wait = retryAfter != null ? retryAfter : backoff.delay(attempt);
                if (presenceRead) {
                    limiter.pause(wait);
                }
                last = new GraphException(Failure.of(HealthStatus.THROTTLED, what), status, code);
                log.debug("{}; waiting {} ms", what, wait.toMillis());
                if (!presenceRead) {
                    sleeper.sleepNanos(wait.toNanos());
                }
                continue;
            }
            if (status >= 500) {
                Duration wait = retryAfter != null ? retryAfter : backoff.delay(attempt);
                last = new GraphException(Failure.of(HealthStatus.UNREACHABLE, what), status, code);
                sleeper.sleepNanos(wait.toNanos());
                continue;
            }
            if (status == 401 || status == 403) {
                throw new GraphException(
                        new Failure(
                                HealthStatus.PERMISSION_MISSING,
                                SignInFailureClassifier.aadstsCode(message),
                                null,
                                what),
                        status,
                        code);
            }
            throw new GraphException(Failure.of(HealthStatus.UNREACHABLE, what), status, code);
        }
        throw last;
    }

    private JsonNode errorBody(byte[] body) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortPath(String path) {
        int q = path.indexOf('?');
        return q >= 0 ? path.substring(0, q) : path;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
