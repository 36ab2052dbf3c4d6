package dev.switchboard.sim.tenant;

import java.util.Objects;

/**
 * A scripted failure for the next {@code count} requests whose path starts with {@code path}
 * (default {@code /v1.0/}; any non-control path works, e.g. the token endpoint).
 *
 * @param retryAfterSeconds the {@code Retry-After} value (may be fractional, e.g. 2.128); null =
 *     2 s for THROTTLE and no header for SERVER_ERROR; 0 or less = no header
 * @param status for SERVER_ERROR: 500, 502, 503 (default) or 504
 * @param delayMillis for SLOW: how long to stall before answering normally
 */
public record GraphFault(Kind kind, int count, Double retryAfterSeconds, long delayMillis, int status, String path) {

    /** What the fault does. */
    public enum Kind {
        /** 429 with Graph's TooManyRequests body. */
        THROTTLE,
        /** 5xx with Graph's error body. */
        SERVER_ERROR,
        /** Answer normally after a delay. */
        SLOW
    }

    public GraphFault {
        Objects.requireNonNull(kind, "kind");
        if (count < 1) count = 1;
        if (path == null || path.isBlank()) path = "/v1.0/";
        if (kind == Kind.SERVER_ERROR && status == 0) status = 503;
        if (kind == Kind.SERVER_ERROR && (status < 500 || status > 599)) {
            throw new IllegalArgumentException("SERVER_ERROR status must be 5xx, was " + status);
        }
        if (delayMillis < 0) throw new IllegalArgumentException("delayMillis must be >= 0");
    }

    public static GraphFault throttle(int count, Double retryAfterSeconds) {
        return new GraphFault(Kind.THROTTLE, count, retryAfterSeconds, 0, 429, null);
    }

    public static GraphFault serverError(int count, int status) {
        return new GraphFault(Kind.SERVER_ERROR, count, null, 0, status, null);
    }

    public static GraphFault slow(int count, long delayMillis) {
        return new GraphFault(Kind.SLOW, count, null, delayMillis, 0, null);
    }

    public GraphFault onPath(String pathPrefix) {
        return new GraphFault(kind, count, retryAfterSeconds, delayMillis, status, pathPrefix);
    }
}
