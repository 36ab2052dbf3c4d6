package dev.switchboard.http.port;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Handles an incoming webhook (Microsoft Graph change or lifecycle notifications) independently
 * of the HTTP server: the server hands over the request unchanged and writes back the answer.
 * The handler checks validation tokens and {@code clientState} itself; the server adds no
 * authentication.
 */
@FunctionalInterface
public interface WebhookHandler {
    Response handle(Request request);

    /**
     * @param method the HTTP method
     * @param query decoded query parameters
     * @param headers request headers, names compared case-insensitively
     * @param body the raw body
     */
    record Request(String method, Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
        public Request {
            query = query == null ? Map.of() : Map.copyOf(query);
            TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (headers != null) {
                headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
            }
            headers = Collections.unmodifiableMap(h);
            body = body == null ? new byte[0] : body;
        }

        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String queryParameter(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /**
     * @param contentType the Content-Type, or null without a body
     * @param headers further headers, e.g. Retry-After
     */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response {
            body = body == null ? new byte[0] : body;
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }
    }
}
