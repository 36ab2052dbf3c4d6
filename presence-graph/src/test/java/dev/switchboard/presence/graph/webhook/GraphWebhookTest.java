package dev.switchboard.presence.graph.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.presence.graph.SelfSignedCertificate;
import dev.switchboard.presence.graph.TrustedCertificates;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GraphWebhookTest {

    @Test
    void echoesTheDecodedValidationTokenAndAcknowledgesNotificationsOverHttps() throws Exception {
        SelfSignedCertificate cert =
                SelfSignedCertificate.generate("127.0.0.1", List.of("127.0.0.1"), Duration.ofDays(1));
        CountDownLatch delivered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GraphWebhook webhook = new GraphWebhook(
                        (body, at) -> {
                            delivered.countDown();
                            try {
                                release.await(5, TimeUnit.SECONDS); // slow processing must not delay the answer
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        1,
                        1);
                HttpsWebhookServer server = HttpsWebhookServer.start(
                        "127.0.0.1", 0, cert.serverContext(), Map.of("/graph", webhook::handle))) {
            HttpClient client = HttpClient.newBuilder()
                    .sslContext(TrustedCertificates.clientContext(TrustedCertificates.parsePem(cert.certificatePem())))
                    .build();
            String base = "https://127.0.0.1:" + server.port() + "/graph";
            String token = "Validation: a+b c%d <script>&";
            HttpResponse<String> echo = client.send(
                    HttpRequest.newBuilder(URI.create(
                                    base + "?validationToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(echo.statusCode()).isEqualTo(200);
            assertThat(echo.body()).isEqualTo(token);
            assertThat(echo.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));

            HttpRequest notification = HttpRequest.newBuilder(URI.create(base))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"value\":[]}"))
                    .build();
            assertThat(client.send(notification, HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(202);
            assertThat(delivered.await(5, TimeUnit.SECONDS)).isTrue();
            // The worker is busy and the queue holds one: the next is queued, the one after refused.
            assertThat(client.send(notification, HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(202);
            HttpResponse<Void> refused = client.send(notification, HttpResponse.BodyHandlers.discarding());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            release.countDown();
            assertThat(client.send(
                                    HttpRequest.newBuilder(URI.create(base))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(405);
        }
    }
}
