package dev.switchboard.presence.graph.coarse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.presence.graph.Failure;
import dev.switchboard.presence.graph.HealthStatus;
import dev.switchboard.presence.graph.PresenceSourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the federated view over HTTP: {@code POST {base}/presence {"ids":[...]}} answering {@code
 * {"value":[{"id","availability"}]}}, at most {@link #MAX_IDS} ids per request (the fake tenant's
 * federation endpoint; a gateway to Teams federation can offer the same).
 */
public final class FederatedPresenceSource implements CoarsePresenceSource {
    public static final int MAX_IDS = 1000;

    private final HttpClient http;
    private final String base;
    private final ObjectMapper json = new ObjectMapper();

    /** @param baseUrl e.g. {@code https://127.0.0.1:8443/federation/v1} */
    public FederatedPresenceSource(HttpClient http, String baseUrl) {
        this.http = http;
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public String name() {
        return "coarse:federation";
    }

    @Override
    public void start(Consumer<List<CoarseObservation>> listener) {}

    @Override
    public boolean polls() {
        return true;
    }

    @Override
    public List<CoarseObservation> read(Collection<String> userIds)
            throws PresenceSourceException, InterruptedException {
        List<String> ids = List.copyOf(userIds);
        List<CoarseObservation> result = new ArrayList<>(ids.size());
        for (int from = 0; from < ids.size(); from += MAX_IDS) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + MAX_IDS));
            ObjectNode body = json.createObjectNode();
            ArrayNode array = body.putArray("ids");
            batch.forEach(array::add);
            HttpResponse<byte[]> response;
            try {
                response = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/presence"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Content-Type", "application/json")
                                .header("Accept", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new PresenceSourceException(Failure.of(
                        HealthStatus.UNREACHABLE,
                        "federated presence: " + e.getClass().getSimpleName()));
            }
            int status = response.statusCode();
            if (status == 429) {
                throw new PresenceSourceException(Failure.of(HealthStatus.THROTTLED, "federated presence: 429"));
            }
            if (status == 401 || status == 403) {
                throw new PresenceSourceException(
                        Failure.of(HealthStatus.PERMISSION_MISSING, "federated presence: " + status));
            }
            if (status != 200) {
                throw new PresenceSourceException(
                        Failure.of(HealthStatus.UNREACHABLE, "federated presence: HTTP " + status));
            }
            try {
                JsonNode answer = json.readTree(response.body());
                for (JsonNode item : answer.path("value")) {
                    String id = item.path("id").asText(null);
                    if (id != null) {
                        result.add(new CoarseObservation(
                                id, item.path("availability").asText(null)));
                    }
                }
            } catch (IOException e) {
                throw new PresenceSourceException(
                        Failure.of(HealthStatus.UNREACHABLE, "federated presence: unreadable answer"));
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return "FederatedPresenceSource(" + base + ")";
    }
}
