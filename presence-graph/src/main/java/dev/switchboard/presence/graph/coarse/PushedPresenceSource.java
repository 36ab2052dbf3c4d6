package dev.switchboard.presence.graph.coarse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.presence.graph.Secret;
import dev.switchboard.presence.graph.webhook.WebhookRequest;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Coarse presence pushed by another system (a federation gateway, a PBX, a script): it POSTs
 * {@code {"value":[{"id":"<user object id>","availability":"Busy"}]}} with {@code Authorization:
 * Bearer <shared secret>} to {@link #handle}, which any HTTP server can mount. Answers 202, 400
 * for unreadable bodies, 401 for a wrong secret.
 */
public final class PushedPresenceSource implements CoarsePresenceSource {
    private final String name;
    private final Secret sharedSecret;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Consumer<List<CoarseObservation>> listener;

    public PushedPresenceSource(String name, Secret sharedSecret) {
        this.name = name;
        this.sharedSecret = sharedSecret;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start(Consumer<List<CoarseObservation>> listener) {
        this.listener = listener;
    }

    @Override
    public boolean polls() {
        return false;
    }

    @Override
    public List<CoarseObservation> read(Collection<String> userIds) {
        return List.of();
    }

    /** The push endpoint. */
    public WebhookResponse handle(WebhookRequest request) {
        if (!"POST".equalsIgnoreCase(request.method())) {
            return WebhookResponse.status(405);
        }
        String auth = request.header("Authorization");
        String expected = "Bearer " + sharedSecret.revealString();
        if (auth == null
                || !MessageDigest.isEqual(
                        auth.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            return WebhookResponse.status(401);
        }
        List<CoarseObservation> observations = new ArrayList<>();
        try {
            JsonNode body = json.readTree(request.body());
            for (JsonNode item : body.path("value")) {
                String id = item.path("id").asText(null);
                String availability = item.path("availability").asText(null);
                if (id == null || availability == null) {
                    return WebhookResponse.text(400, "each item needs id and availability");
                }
                observations.add(new CoarseObservation(id, availability));
            }
        } catch (IOException e) {
            return WebhookResponse.text(400, "body is not JSON");
        }
        Consumer<List<CoarseObservation>> l = listener;
        if (l == null) {
            return WebhookResponse.status(503);
        }
        l.accept(observations);
        return WebhookResponse.status(202);
    }

    @Override
    public String toString() {
        return "PushedPresenceSource(" + name + ")";
    }
}
