package dev.switchboard.presence.graph.webhook;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What to answer.
 *
 * @param status HTTP status
 * @param contentType the Content-Type, or null without a body
 * @param body the body
 * @param headers further headers (e.g. Retry-After)
 */
public record WebhookResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public WebhookResponse {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static WebhookResponse status(int status) {
        return new WebhookResponse(status, null, null, null);
    }

    public static WebhookResponse text(int status, String text) {
        return new WebhookResponse(
                status,
                "text/plain; charset=utf-8",
                text.getBytes(StandardCharsets.UTF_8),
                Map.of("X-Content-Type-Options", "nosniff"));
    }

    @Override
    public String toString() {
        return "WebhookResponse(" + status + ", " + body.length + " bytes)";
    }
}
