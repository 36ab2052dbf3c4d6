package dev.switchboard.sim.tenant;

import java.time.Instant;

/** A subscription as the control API shows it ({@code GET /_fake/subscriptions}). */
public record SubscriptionInfo(
        String id,
        String applicationId,
        String owner,
        String resource,
        int userCount,
        String notificationUrl,
        String lifecycleNotificationUrl,
        boolean includeResourceData,
        Instant expirationDateTime,
        Instant authorizedUntil,
        boolean paused) {}
