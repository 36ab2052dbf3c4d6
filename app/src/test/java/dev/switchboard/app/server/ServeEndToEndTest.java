package dev.switchboard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.app.presence.PresenceConfig;
import dev.switchboard.app.presence.PresenceConfigLoader;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.FakeUser;
import dev.switchboard.sim.tenant.PresenceCatalog;
import dev.switchboard.sim.tenant.SignInFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as {@code serve} runs it, from a configuration file: embedded database, the real
 * Graph adapter signed in to the fake tenant with two presence accounts (one of them failing),
 * and the HTTP API — checked only through the API.
 */
class ServeEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tracksDetailedPresenceAndShowsAFailingAccountInTheHealth(@TempDir Path dir) throws Exception {
        try (FakeTeamsTenant tenant = FakeTeamsTenant.start(
                FakeTenantOptions.builder().port(0).users(6).seed(9).build())) {
            FakeAccount pa1 = tenant.accounts().get(0);
            FakeAccount pa2 = tenant.accounts().get(1);
            tenant.control().injectSignInFailure(pa1.username(), SignInFailure.WRONG_PASSWORD);
            Files.writeString(dir.resolve("fake.pem"), tenant.certificatePem());
            Files.writeString(dir.resolve("pa1"), pa1.password());
            Files.writeString(dir.resolve("pa2"), pa2.password());
            Files.writeString(dir.resolve("state"), "client-state-for-the-test");
            Files.writeString(dir.resolve("admin"), "admin-token-for-the-test-0123456789");
            int webhookPort = freePort();
            Path config = dir.resolve("switchboard.yaml");
            Files.writeString(config, """
                    tenant: e2e
                    dataDir: data
                    server: {host: 127.0.0.1, port: 0}
                    tokens:
                      - {name: ops, roles: [admin], token: {file: admin}}
                    presence:
                      tenantId: "%s"
                      clientId: "%s"
                      authority: "%s"
                      graphBaseUrl: "%s"
                      trustedCertificates: [{file: fake.pem}]
                      accounts:
                        - {name: pa1, username: "%s", password: {file: pa1}}
                        - {name: pa2, username: "%s", password: {file: pa2}}
                      webhook:
                        publicUrl: "https://127.0.0.1:%d/graph/notifications"
                        clientState: {file: state}
                        listen: {host: 127.0.0.1, port: %d}
                      coarse: {type: federation, url: "%s/federation/v1"}
                    """.formatted(
                            tenant.tenantId(),
                            tenant.publicClientId(),
                            tenant.authority(),
                            tenant.graphBaseUrl(),
                            pa1.username(),
                            pa2.username(),
                            webhookPort,
                            webhookPort,
                            tenant.baseUrl()));

            ServeConfigLoader.Loaded loaded = new ServeConfigLoader().load(config);
            PresenceConfig presence = new PresenceConfigLoader().load(config);
            try (SwitchboardServer server = SwitchboardServer.start(
                    loaded.settings(),
                    InstantSource.system(),
                    (durable, audit) -> PresenceRuntime.fromConfig(presence, durable.engine(), audit))) {
                URI base = URI.create(server.http().baseUrl() + "/");
                FakeUser user = tenant.users().get(0);
                tenant.control().setPresence(user.id(), PresenceCatalog.IN_A_MEETING);
                put(base, "api/agents/anna", "{\"displayName\":\"Anna\",\"userId\":\"" + user.id() + "\"}");

                // pa2 takes over everything; Anna's meeting arrives as detailed presence.
                JsonNode anna = await(
                        () -> get(base, "api/agents/anna"),
                        a -> a.path("presence")
                                .path("effective")
                                .path("activity")
                                .asText()
                                .equals("IN_A_MEETING"));
                assertThat(anna.path("presence")
                                .path("effective")
                                .path("fidelity")
                                .asText())
                        .isEqualTo("DETAILED");

                JsonNode health = await(
                        () -> get(base, "api/health"),
                        h -> component(h, "presence-account:pa1")
                                .path("code")
                                .asText()
                                .contains("AADSTS50126"));
                JsonNode failing = component(health, "presence-account:pa1");
                assertThat(failing.path("status").asText()).isEqualTo("DOWN");
                assertThat(failing.path("code").asText()).isEqualTo("WRONG_PASSWORD (AADSTS50126)");
                assertThat(failing.path("fix").asText()).isNotBlank();
                assertThat(failing.path("since").asText()).isNotBlank();
                assertThat(component(health, "presence-account:pa2")
                                .path("status")
                                .asText())
                        .isEqualTo("OK");
                assertThat(health.toString()).doesNotContain(pa1.password()).doesNotContain(pa2.password());

                // The audit in the store has the failure too.
                assertThat(server.presence().service().health())
                        .anyMatch(h -> h.source().equals("presence-account:pa1"));

                // A change notification (basic: the adapter reads the user back) reaches the engine
                // and its latency from the webhook shows on /metrics.
                tenant.control().setPresence(user.id(), PresenceCatalog.AVAILABLE);
                await(
                        () -> get(base, "api/agents/anna"),
                        a -> a.path("presence")
                                .path("effective")
                                .path("activity")
                                .asText()
                                .equals("AVAILABLE"));
                JsonNode metrics = await(
                        () -> JSON.getNodeFactory().textNode(text(base, "metrics")),
                        m -> sampleValue(m.asText(), "switchboard_presence_notification_latency_seconds_count") >= 1);
                assertThat(sampleValue(metrics.asText(), "switchboard_presence_notifications_total"))
                        .isGreaterThanOrEqualTo(1);
            }
        }
    }

    private static JsonNode component(JsonNode health, String name) {
        for (JsonNode c : health.path("components")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return JSON.createObjectNode();
    }

    private interface Fetch {
        JsonNode get() throws Exception;
    }

    /** Polls until the asynchronous presence pipeline shows the expected state (or 20 s pass). */
    private static JsonNode await(Fetch fetch, Predicate<JsonNode> done) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = fetch.get();
        while (!done.test(last) && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            last = fetch.get();
        }
        assertThat(done.test(last)).as("last seen: %s", last).isTrue();
        return last;
    }

    /** The value of an unlabelled Prometheus sample, or -1 when it is not there. */
    private static double sampleValue(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return -1;
    }

    private String text(URI base, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(base.resolve(path))
                                .header("Authorization", "Bearer admin-token-for-the-test-0123456789")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private JsonNode get(URI base, String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer admin-token-for-the-test-0123456789")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private void put(URI base, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer admin-token-for-the-test-0123456789")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
