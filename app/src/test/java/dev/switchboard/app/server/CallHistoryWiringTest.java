package dev.switchboard.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.auth.Role;
import dev.switchboard.store.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server answers {@code GET /api/calls/{id}} from the store's call history for calls its
 * in-memory call log never saw: here, a call that ended before the server restarted.
 */
class CallHistoryWiringTest {
    private static final String TOKEN = "admin-token-for-the-history-test-0123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCallFromBeforeTheRestartComesFromTheStore(@TempDir Path dir) throws Exception {
        ServerSettings settings = new ServerSettings(
                "history",
                dir,
                "127.0.0.1",
                0,
                null,
                null,
                StoreConfig.embedded(dir),
                List.of(ApiToken.fromSecret("ops", Set.of(Role.ADMIN), null, TOKEN)),
                null,
                0);
        JsonNode before;
        try (SwitchboardServer server = SwitchboardServer.start(settings, InstantSource.system(), null)) {
            URI base = URI.create(server.http().baseUrl() + "/");
            send(base, "PUT", "api/agents/anna", "{}");
            send(base, "PUT", "api/services/sales", "{\"members\":[\"anna\"],\"afterCallWorkSeconds\":0}");
            server.engine()
                    .engine()
                    .submitAndWait(
                            new Command.PresenceObserved(
                                    InstantSource.system().instant(),
                                    AgentId.of("anna"),
                                    Presence.detailed(
                                            Availability.AVAILABLE,
                                            Activity.AVAILABLE,
                                            "test",
                                            "0001",
                                            InstantSource.system().instant())),
                            Duration.ofSeconds(10));
            send(base, "POST", "api/calls", "{\"id\":\"c-1\",\"service\":\"sales\"}");
            send(base, "POST", "api/calls/c-1/accept", "{\"agent\":\"anna\"}");
            send(base, "POST", "api/calls/c-1/end", null);
            before = send(base, "GET", "api/calls/c-1", null);
        }
        try (SwitchboardServer server = SwitchboardServer.start(settings, InstantSource.system(), null)) {
            URI base = URI.create(server.http().baseUrl() + "/");
            JsonNode after = send(base, "GET", "api/calls/c-1", null);
            assertThat(after.path("status").asText()).isEqualTo("ENDED");
            assertThat(after.path("outcome").asText()).isEqualTo("COMPLETED");
            assertThat(after.path("agent").asText()).isEqualTo("anna");
            assertThat(after.at("/offers/0/outcomes/anna").asText()).isEqualTo("ACCEPTED");
            assertThat(after.at("/offers/0/explanation/candidates/0/agent").asText())
                    .isEqualTo("anna");
            // The history says what the live log said, to the millisecond the store keeps.
            for (String field : List.of("id", "service", "priority", "status", "level", "agent", "outcome")) {
                assertThat(after.path(field)).as(field).isEqualTo(before.path(field));
            }
            assertThat(after.at("/offers/0/explanation")).isEqualTo(before.at("/offers/0/explanation"));
            assertThat(after.at("/offers/0/outcomes")).isEqualTo(before.at("/offers/0/outcomes"));
        }
    }

    private JsonNode send(URI base, String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + TOKEN);
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        r.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(method + " " + path + ": " + res.body()).isBetween(200, 201);
        return JSON.readTree(res.body());
    }
}
