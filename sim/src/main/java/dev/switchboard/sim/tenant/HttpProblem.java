package dev.switchboard.sim.tenant;

import java.util.Map;

/** Ends a request early with a complete response (status, JSON body, extra headers). */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String body;
    final Map<String, String> headers;

    HttpProblem(int status, String body, Map<String, String> headers) {
        super(null, null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    HttpProblem(int status, String body) {
        this(status, body, Map.of());
    }

    /** A control-API error: {@code {"error": message}} with a 4xx status. */
    static HttpProblem control(int status, String message) {
        return new HttpProblem(status, "{\"error\":" + Json.quote(message) + "}");
    }
}
