package dev.switchboard.sim.tenant;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One HTTP request and its response, over Jetty's core API, with the helpers the endpoints need. */
final class Exchange {
    final Request request;
    private final Response response;
    private final Callback callback;
    final String method;
    final String path;
    Map<String, String> pathParams = Map.of();
    String endpoint = "unmatched";
    private Map<String, String> query;
    private String body;
    private boolean sent;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.method = request.getMethod();
        String decoded = request.getHttpURI().getDecodedPath();
        this.path = decoded == null ? "/" : decoded;
    }

    String param(String name) {
        return pathParams.get(name);
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    String query(String name) {
        if (query == null) {
            query = parseForm(request.getHttpURI().getQuery());
        }
        return query.get(name);
    }

    String body() {
        if (body == null) {
            try {
                body = Content.Source.asString(request, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw HttpProblem.control(400, "cannot read the request body");
            }
        }
        return body;
    }

    /** Parses {@code application/x-www-form-urlencoded} (also used for query strings). */
    static Map<String, String> parseForm(String encoded) {
        Map<String, String> out = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.putIfAbsent(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.control(400, "malformed form or query encoding");
            }
        }
        return out;
    }

    void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    boolean sent() {
        return sent;
    }

    void send(int status, String contentType, String text) {
        send(status, contentType, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    void send(int status, String contentType, byte[] bytes) {
        if (sent) {
            throw new IllegalStateException("response already sent");
        }
        sent = true;
        response.setStatus(status);
        if (bytes == null || bytes.length == 0) {
            response.getHeaders().put("Content-Length", "0");
            response.write(true, null, callback);
            return;
        }
        response.getHeaders().put("Content-Type", contentType);
        response.getHeaders().put("Content-Length", String.valueOf(bytes.length));
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    void json(int status, String json) {
        send(status, "application/json; charset=utf-8", json);
    }

    void json(int status, Object value) {
        json(status, Json.write(value));
    }

    void empty(int status) {
        send(status, null, (byte[]) null);
    }

    void fail(Throwable failure) {
        if (!sent) {
            sent = true;
            callback.failed(failure);
        }
    }
}
