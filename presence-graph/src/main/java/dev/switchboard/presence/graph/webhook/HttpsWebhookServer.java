package dev.switchboard.presence.graph.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A small HTTPS listener on the JDK's {@code HttpsServer} that hands requests under one path to a
 * transport-independent handler such as {@link GraphWebhook#handle}. For tests, {@code
 * presence-check} and deployments without the HTTP module.
 */
public final class HttpsWebhookServer implements AutoCloseable {
    private final HttpsServer server;
    private final ExecutorService executor;

    private HttpsWebhookServer(HttpsServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts listening.
     *
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port 0 for any free port
     * @param tls the server's certificate
     * @param handlers path → handler (e.g. {@code /graph/notifications})
     */
    public static HttpsWebhookServer start(
            String host, int port, SSLContext tls, Map<String, Function<WebhookRequest, WebhookResponse>> handlers)
            throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(host, port), 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        handlers.forEach((path, handler) -> server.createContext(path, exchange -> serve(exchange, handler)));
        server.start();
        return new HttpsWebhookServer(server, executor);
    }

    private static void serve(HttpExchange exchange, Function<WebhookRequest, WebhookResponse> handler)
            throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(GraphWebhook.MAX_BODY_BYTES + 1);
            }
            Map<String, List<String>> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v));
            WebhookRequest request = new WebhookRequest(
                    exchange.getRequestMethod(),
                    parseQuery(exchange.getRequestURI().getRawQuery()),
                    headers,
                    body);
            WebhookResponse response = handler.apply(request);
            if (response.contentType() != null) {
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        }
    }

    /** Decodes a raw query string ({@code +} and {@code %xx}). */
    public static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return result;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return result;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getHostString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
