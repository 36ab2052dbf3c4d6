package dev.switchboard.sim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny HTTPS webhook like a Graph subscriber's: answers the validation handshake and records POSTs. */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KeyMaterial KEY = KeyMaterial.loopbackServer("test-webhook");

    final HttpsServer server;
    final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    final List<JsonNode> lifecycle = new CopyOnWriteArrayList<>();
    final List<String> validationTokens = new CopyOnWriteArrayList<>();
    final AtomicInteger posts = new AtomicInteger();
    volatile boolean echoValidation = true;
    volatile int status = 202;
    /** Answer this many notification POSTs with 500 before accepting. */
    final AtomicInteger failNext = new AtomicInteger();

    WebhookReceiver() throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(KEY.serverSslContext()));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/notify", ex -> handle(ex, notifications));
        server.createContext("/lifecycle", ex -> handle(ex, lifecycle));
        server.start();
    }

    String notificationUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/notify";
    }

    String lifecycleUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/lifecycle";
    }

    private void handle(HttpExchange ex, List<JsonNode> sink) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String query = ex.getRequestURI().getRawQuery();
            if (query != null && query.contains("validationToken=")) {
                String token = URLDecoder.decode(
                        query.substring(query.indexOf("validationToken=") + 16), StandardCharsets.UTF_8);
                validationTokens.add(token);
                byte[] answer = (echoValidation ? token : "nope").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
                return;
            }
            posts.incrementAndGet();
            if (sink == notifications && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ex.sendResponseHeaders(500, -1);
                return;
            }
            JsonNode json = JSON.readTree(body);
            json.path("value").forEach(sink::add);
            if (sink == notifications && json.has("validationTokens")) {
                batchesWithTokens.add(json);
            }
            ex.sendResponseHeaders(status, -1);
        }
    }

    final List<JsonNode> batchesWithTokens = new CopyOnWriteArrayList<>();

    /** Polls until at least {@code n} notifications arrived (the delivery is asynchronous). */
    List<JsonNode> awaitNotifications(int n, Duration timeout) throws InterruptedException {
        return await(notifications, n, timeout);
    }

    List<JsonNode> awaitLifecycle(int n, Duration timeout) throws InterruptedException {
        return await(lifecycle, n, timeout);
    }

    private static List<JsonNode> await(List<JsonNode> list, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (list.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return new ArrayList<>(list);
    }

    void clear() {
        notifications.clear();
        lifecycle.clear();
        validationTokens.clear();
        batchesWithTokens.clear();
    }

    static URI uri(String s) {
        return URI.create(s);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
