package dev.switchboard.sim.tenant;

import java.util.Map;

/**
 * What the tenant has seen and done since start or the last reset ({@code GET /_fake/stats}).
 *
 * @param maxPresenceRequestsPer30Seconds per app id: the most presence requests (accepted or
 *     throttled) seen in any 30-second window of the tenant clock
 */
public record TenantStats(
        Map<String, Long> requestsByEndpoint,
        Map<String, Long> tokenCallsByGrant,
        Map<String, Long> tokenCallsByPrincipal,
        Map<String, Long> tokenFailuresByError,
        Map<String, Long> maxPresenceRequestsPer30Seconds,
        long throttled429,
        long graphFaultsInjected,
        long presenceIdsServed,
        long presenceChanges,
        Notifications notifications,
        Subscriptions subscriptions) {

    /** Change-notification delivery counters; a duplicate counts once more in {@code sent}. */
    public record Notifications(
            long queued,
            long sent,
            long posts,
            long dropped,
            long duplicated,
            long reordered,
            long failed,
            long retried,
            long lostWhilePaused,
            long lostOverflow,
            long failedPosts,
            long lifecycleSent) {}

    public record Subscriptions(long created, long expired, long validationHandshakes, long validationFailures) {}

    public long requests(String endpoint) {
        return requestsByEndpoint.getOrDefault(endpoint, 0L);
    }
}
