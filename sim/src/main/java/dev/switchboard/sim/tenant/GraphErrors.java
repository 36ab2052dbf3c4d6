package dev.switchboard.sim.tenant;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/** Graph's error bodies (graph.md §5), built by hand to keep the member order of the samples. */
final class GraphErrors {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GraphErrors() {}

    static HttpProblem error(Exchange ex, TenantClock clock, int status, String code, String message) {
        return error(ex, clock, status, code, message, Map.of());
    }

    static HttpProblem error(
            Exchange ex, TenantClock clock, int status, String code, String message, Map<String, String> headers) {
        String requestId = UUID.randomUUID().toString();
        String clientRequestId = ex.header("client-request-id");
        StringBuilder json = new StringBuilder(300);
        json.append("{\"error\":{\"code\":");
        Json.quote(json, code).append(",\"message\":");
        Json.quote(json, message)
                .append(",\"innerError\":{\"date\":\"")
                .append(DATE.format(clock.now()))
                .append("\",\"request-id\":\"")
                .append(requestId)
                .append("\",\"client-request-id\":");
        Json.quote(json, clientRequestId == null ? requestId : clientRequestId).append("}}}");
        ex.header("request-id", requestId);
        return new HttpProblem(status, json.toString(), headers);
    }

    /** The 429 exactly as in Microsoft's throttling documentation, with a Retry-After header. */
    static HttpProblem tooManyRequests(Exchange ex, TenantClock clock, String retryAfter) {
        String requestId = UUID.randomUUID().toString();
        String json = "{\"error\":{\"code\":\"TooManyRequests\",\"innerError\":{\"code\":\"429\",\"date\":\""
                + DATE.format(clock.now()) + "\",\"message\":\"Please retry after\",\"request-id\":\"" + requestId
                + "\",\"status\":\"429\"},\"message\":\"Please retry again later.\"}}";
        ex.header("request-id", requestId);
        return new HttpProblem(429, json, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter));
    }

    static HttpProblem serverError(Exchange ex, TenantClock clock, int status, String retryAfter) {
        String code = switch (status) {
            case 503 -> "serviceNotAvailable";
            case 504 -> "UnknownError";
            default -> "generalException";
        };
        String message = switch (status) {
            case 503 -> "The service is temporarily unavailable. Please retry later.";
            case 504 -> "The request timed out.";
            default -> "An unspecified error has occurred.";
        };
        return error(
                ex, clock, status, code, message, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter));
    }
}
