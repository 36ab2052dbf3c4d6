package dev.switchboard.sim.tenant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matches method + path against patterns like {@code /v1.0/users/{id}/presence}, in order. */
final class Router {
    interface Route {
        void handle(Exchange exchange) throws Exception;
    }

    private record Entry(String method, String[] segments, String name, Route route) {}

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a route; {@code name} is what {@code /_fake/stats} counts requests under. */
    Router add(String method, String pattern, String name, Route route) {
        entries.add(new Entry(method, split(pattern), name, route));
        return this;
    }

    Router add(String method, String pattern, Route route) {
        return add(method, pattern, method + " " + pattern, route);
    }

    /** The matching route (with path parameters set on the exchange), or null; 405 is not modelled. */
    Route match(Exchange exchange) {
        String[] path = split(exchange.path);
        for (Entry entry : entries) {
            if (!entry.method.equals(exchange.method) || entry.segments.length != path.length) {
                continue;
            }
            Map<String, String> params = null;
            boolean ok = true;
            for (int i = 0; i < path.length && ok; i++) {
                String s = entry.segments[i];
                if (s.startsWith("{")) {
                    if (params == null) params = new HashMap<>(4);
                    params.put(s.substring(1, s.length() - 1), path[i]);
                } else {
                    ok = s.equalsIgnoreCase(path[i]);
                }
            }
            if (ok) {
                exchange.pathParams = params == null ? Map.of() : params;
                exchange.endpoint = entry.name;
                return entry.route;
            }
        }
        return null;
    }

    private static String[] split(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) trimmed = trimmed.substring(1);
        while (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }
}
