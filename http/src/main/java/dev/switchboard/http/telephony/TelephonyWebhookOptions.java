package dev.switchboard.http.telephony;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Where and how to deliver telephony webhooks.
 *
 * @param url the receiver (http or https)
 * @param secret shared secret for the {@code X-Switchboard-Signature} HMAC, or null for none
 * @param eventTypes the event types to deliver, by simple name ({@code CallOffered})
 * @param queueCapacity deliveries waiting or retrying at once; more are dropped
 * @param maxAttempts attempts per delivery, the first included
 * @param initialBackoff the wait before the first retry; doubles per retry
 * @param maxBackoff the longest wait between attempts (also caps Retry-After)
 * @param timeout per attempt (connect and response)
 * @param maxInFlight requests in flight at once
 * @param sslContext trust for an https receiver, or null for the JDK default
 */
public record TelephonyWebhookOptions(
        URI url,
        String secret,
        Set<String> eventTypes,
        int queueCapacity,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration timeout,
        int maxInFlight,
        SSLContext sslContext) {

    /** Offers and the events that end them or send the caller elsewhere. */
    public static final Set<String> DEFAULT_EVENTS =
            Set.of("CallOffered", "OfferCancelled", "OfferExpired", "CallRejected", "CallOverflowed", "CallTimedOut");

    public TelephonyWebhookOptions {
        Objects.requireNonNull(url, "url");
        if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new IllegalArgumentException("the telephony webhook URL must be http or https");
        }
        eventTypes = Set.copyOf(eventTypes == null ? DEFAULT_EVENTS : eventTypes);
        if (queueCapacity < 1 || maxAttempts < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("queueCapacity, maxAttempts and maxInFlight must be positive");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The defaults of docs/API.md for a URL: 10,000 queued, 6 attempts, 0.5 s doubling to 30 s. */
    public static TelephonyWebhookOptions to(URI url) {
        return new TelephonyWebhookOptions(
                url,
                null,
                DEFAULT_EVENTS,
                10_000,
                6,
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                64,
                null);
    }

    public TelephonyWebhookOptions withSecret(String value) {
        return new TelephonyWebhookOptions(
                url,
                value,
                eventTypes,
                queueCapacity,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                timeout,
                maxInFlight,
                sslContext);
    }

    public TelephonyWebhookOptions withRetries(int attempts, Duration initial, Duration max) {
        return new TelephonyWebhookOptions(
                url, secret, eventTypes, queueCapacity, attempts, initial, max, timeout, maxInFlight, sslContext);
    }

    public TelephonyWebhookOptions withQueueCapacity(int value) {
        return new TelephonyWebhookOptions(
                url,
                secret,
                eventTypes,
                value,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                timeout,
                maxInFlight,
                sslContext);
    }

    public TelephonyWebhookOptions withEventTypes(Set<String> value) {
        return new TelephonyWebhookOptions(
                url,
                secret,
                value,
                queueCapacity,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                timeout,
                maxInFlight,
                sslContext);
    }

    public TelephonyWebhookOptions withSslContext(SSLContext value) {
        return new TelephonyWebhookOptions(
                url,
                secret,
                eventTypes,
                queueCapacity,
                maxAttempts,
                initialBackoff,
                maxBackoff,
                timeout,
                maxInFlight,
                value);
    }

    @Override
    public String toString() {
        // Only scheme, host, port and path: user info or a query could hold a credential.
        String where = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getPath() == null ? "" : url.getPath());
        return "TelephonyWebhookOptions(" + where + ", secret " + (secret == null ? "none" : "set") + ", " + eventTypes
                + ")";
    }
}
