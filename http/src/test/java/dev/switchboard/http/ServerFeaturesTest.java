package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.http.port.ComponentHealth;
import dev.switchboard.http.port.WebhookHandler;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS, static files, Graph webhook routing, metrics and health. */
class ServerFeaturesTest {

    @Test
    void servesHttpsOnlyWithTheGivenKeystore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "switchboard",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "test-password",
                        "-keypass",
                        "test-password")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore server = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, "test-password".toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("switchboard", server.getCertificate("switchboard"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);

        try (TestServer t = new TestServer(b -> b.https(keystore, "test-password"))) {
            assertThat(t.server.baseUrl()).startsWith("https://127.0.0.1:");
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create(t.url("/api/me")))
                            .header("Authorization", "Bearer " + ADMIN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"admin\"");
            // No plain HTTP on that port.
            HttpClient plain = HttpClient.newHttpClient();
            String plainUrl = t.url("/api/health").replace("https://", "http://");
            boolean refused;
            try {
                refused = plain.send(
                                        HttpRequest.newBuilder(URI.create(plainUrl))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        >= 400;
            } catch (java.io.IOException e) {
                refused = true;
            }
            assertThat(refused).isTrue();
        }
    }

    @Test
    void servesTheDashboardWithCachingHeaders() {
        try (TestServer t = new TestServer()) {
            TestServer.Response index = t.get("/", null);
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.body()).contains("test dashboard");
            assertThat(index.header("Cache-Control")).isEqualTo("no-cache");
            TestServer.Response html = t.get("/index.html", null);
            assertThat(html.header("Cache-Control")).isEqualTo("no-cache");
            TestServer.Response js = t.get("/assets/app.js", null);
            assertThat(js.status()).isEqualTo(200);
            assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=300");
            assertThat(js.header("Last-Modified") != null || js.header("ETag") != null)
                    .isTrue();
            TestServer.Response missing = t.get("/assets/nothing.js", null);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    @Test
    void graphWebhooksReachTheirHandlerUnchangedWithoutToken() {
        AtomicReference<WebhookHandler.Request> seen = new AtomicReference<>();
        WebhookHandler presence = request -> {
            seen.set(request);
            String token = request.queryParameter("validationToken");
            if (token != null) {
                return new WebhookHandler.Response(200, "text/plain", token.getBytes(StandardCharsets.UTF_8), Map.of());
            }
            return new WebhookHandler.Response(202, null, null, Map.of("X-Handled", "yes"));
        };
        try (TestServer t = new TestServer(b -> b.graphWebhooks(presence, null))) {
            TestServer.Response validation =
                    t.post("/webhooks/graph/presence?validationToken=Validation%3A%20abc%2B1", null, null);
            assertThat(validation.status()).isEqualTo(200);
            assertThat(validation.body()).isEqualTo("Validation: abc+1");
            assertThat(validation.header("Content-Type")).startsWith("text/plain");

            TestServer.Response notification = t.send(
                    "POST",
                    "/webhooks/graph/presence",
                    null,
                    "{\"value\":[{\"clientState\":\"s3cret\"}]}".getBytes(StandardCharsets.UTF_8),
                    "application/json");
            assertThat(notification.status()).isEqualTo(202);
            assertThat(notification.header("X-Handled")).isEqualTo("yes");
            assertThat(new String(seen.get().body(), StandardCharsets.UTF_8)).contains("s3cret");
            assertThat(seen.get().method()).isEqualTo("POST");
            assertThat(seen.get().header("content-type")).isEqualTo("application/json");

            TestServer.Response lifecycle = t.post("/webhooks/graph/lifecycle", null, "{}");
            assertThat(lifecycle.status()).isEqualTo(404);
            assertThat(lifecycle.at("/code").asText()).isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void metricsCoverTheEngineRequestsAndTheStream() {
        try (TestServer t = new TestServer()) {
            ok(t.put("/api/agents/anna", ADMIN, "{}"));
            assertThat(t.get("/metrics", null).status()).isEqualTo(401);
            TestServer.Response metrics = ok(t.get("/metrics", SUPERVISOR));
            assertThat(metrics.header("Content-Type")).startsWith("text/plain");
            assertThat(metrics.body())
                    .contains("switchboard_engine_commands_total{tenant=\"test\"}")
                    .contains("switchboard_engine_inbox_size")
                    .contains("switchboard_engine_journal_sequence")
                    .contains("http_server_requests_seconds_count{method=\"PUT\",route=\"/api/agents/{agentId}\","
                            + "status=\"201\"}")
                    .contains("switchboard_sse_clients")
                    .doesNotContain(ADMIN);
        }
        try (TestServer t = new TestServer(b -> b.publicMetrics(true))) {
            assertThat(t.get("/metrics", null).status()).isEqualTo(200);
        }
    }

    @Test
    void healthCombinesTheEngineWithEveryProvider() {
        ComponentHealth database = ComponentHealth.ok("database", "database");
        ComponentHealth account = new ComponentHealth(
                "presence-account:pa1",
                "presence-account",
                ComponentHealth.Status.DOWN,
                "WRONG_PASSWORD (AADSTS50126)",
                "sign-in refused",
                Instant.parse("2026-01-05T08:00:00Z"),
                "set the account's current password",
                false,
                Map.of("agents", 0));
        try (TestServer t = new TestServer(b -> b.health(() -> List.of(database, account)))) {
            TestServer.Response health = t.get("/api/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.at("/status").asText()).isEqualTo("DEGRADED");
            assertThat(health.at("/components/0/name").asText()).isEqualTo("engine");
            assertThat(health.at("/components/0/status").asText()).isEqualTo("OK");
            assertThat(health.at("/components/0/details/journalSequence").asLong())
                    .isZero();
            assertThat(health.at("/components/2/code").asText()).isEqualTo("WRONG_PASSWORD (AADSTS50126)");
            assertThat(health.at("/components/2/fix").asText()).contains("password");
        }
        ComponentHealth criticalDown = new ComponentHealth(
                "database",
                "database",
                ComponentHealth.Status.DOWN,
                "UNREACHABLE",
                "no connection",
                null,
                null,
                true,
                Map.of());
        try (TestServer t = new TestServer(b -> b.health(() -> List.of(criticalDown)))) {
            TestServer.Response health = t.get("/api/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.at("/status").asText()).isEqualTo("DOWN");
        }
        try (TestServer t = new TestServer(b -> b.health(() -> {
            throw new IllegalStateException("provider bug");
        }))) {
            TestServer.Response health = t.get("/api/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.at("/status").asText()).isEqualTo("DEGRADED");
            assertThat(health.body()).doesNotContain("provider bug");
        }
        TestServer stopped = new TestServer();
        stopped.engine.close();
        try (stopped) {
            TestServer.Response health = stopped.get("/api/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.at("/components/0/status").asText()).isEqualTo("DOWN");
            TestServer.Response command = stopped.put("/api/agents/a", ADMIN, "{}");
            assertThat(command.status()).isEqualTo(503);
            assertThat(command.at("/code").asText()).isEqualTo("ENGINE_UNAVAILABLE");
        }
    }
}
