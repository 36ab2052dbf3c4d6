package dev.switchboard.presence.graph.webhook;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as any server sees it, so the handler can be mounted on any HTTP server.
 *
 * @param method the HTTP method
 * @param query decoded query parameters
 * @param headers request headers (names compared case-insensitively)
 * @param body the raw body
 */
public record WebhookRequest(
        String method, Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
    public WebhookRequest {
        query = query == null ? Map.of() : Map.copyOf(query);
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null) {
                    h.put(k, List.copyOf(v));
                }
            });
        }
        headers = h;
        body = body == null ? new byte[0] : body;
    }

    public String queryParameter(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        if (v == null) {
            v = headers.get(name);
        }
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public String toString() {
        return "WebhookRequest(" + method + ", " + body.length + " bytes)";
    }
}
