package dev.switchboard.presence.graph;

import java.time.Instant;

/** What Graph says about one subscription. */
public record SubscriptionInfo(String id, String resource, String notificationUrl, Instant expirationDateTime) {}
