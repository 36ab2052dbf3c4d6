package dev.switchboard.sim.tenant;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters the control API reports; cheap enough for the hot paths (LongAdder, no locks). */
final class Stats {
    final Map<String, LongAdder> requestsByEndpoint = new ConcurrentHashMap<>();
    final Map<String, LongAdder> tokenCallsByGrant = new ConcurrentHashMap<>();
    final Map<String, LongAdder> tokenCallsByPrincipal = new ConcurrentHashMap<>();
    final Map<String, LongAdder> tokenFailuresByError = new ConcurrentHashMap<>();
    final Map<String, PresenceWindow> presenceWindows = new ConcurrentHashMap<>();
    final LongAdder throttled429 = new LongAdder();
    final LongAdder graphFaultsInjected = new LongAdder();
    final LongAdder presenceIdsServed = new LongAdder();
    final LongAdder presenceChanges = new LongAdder();
    final LongAdder notificationsQueued = new LongAdder();
    final LongAdder notificationsSent = new LongAdder();
    final LongAdder notificationPosts = new LongAdder();
    final LongAdder notificationsDropped = new LongAdder();
    final LongAdder notificationsDuplicated = new LongAdder();
    final LongAdder notificationsReordered = new LongAdder();
    final LongAdder notificationsFailed = new LongAdder();
    final LongAdder notificationsRetried = new LongAdder();
    final LongAdder notificationsLostWhilePaused = new LongAdder();
    final LongAdder notificationsLostOverflow = new LongAdder();
    final LongAdder failedPosts = new LongAdder();
    final LongAdder lifecycleNotificationsSent = new LongAdder();
    final LongAdder validationHandshakes = new LongAdder();
    final LongAdder validationHandshakesFailed = new LongAdder();
    final LongAdder subscriptionsCreated = new LongAdder();
    final LongAdder subscriptionsExpired = new LongAdder();

    static void count(Map<String, LongAdder> map, String key) {
        map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    void presenceRequest(String appId, long nowMillis) {
        presenceWindows.computeIfAbsent(appId, k -> new PresenceWindow()).record(nowMillis);
    }

    void reset() {
        requestsByEndpoint.clear();
        tokenCallsByGrant.clear();
        tokenCallsByPrincipal.clear();
        tokenFailuresByError.clear();
        presenceWindows.clear();
        for (LongAdder adder : new LongAdder[] {
            throttled429,
            graphFaultsInjected,
            presenceIdsServed,
            presenceChanges,
            notificationsQueued,
            notificationsSent,
            notificationPosts,
            notificationsDropped,
            notificationsDuplicated,
            notificationsReordered,
            notificationsFailed,
            notificationsRetried,
            notificationsLostWhilePaused,
            notificationsLostOverflow,
            failedPosts,
            lifecycleNotificationsSent,
            validationHandshakes,
            validationHandshakesFailed,
            subscriptionsCreated,
            subscriptionsExpired
        }) {
            adder.reset();
        }
    }

    TenantStats snapshot() {
        Map<String, Long> maxWindow = new TreeMap<>();
        presenceWindows.forEach((app, window) -> maxWindow.put(app, window.max()));
        return new TenantStats(
                sorted(requestsByEndpoint),
                sorted(tokenCallsByGrant),
                sorted(tokenCallsByPrincipal),
                sorted(tokenFailuresByError),
                maxWindow,
                throttled429.sum(),
                graphFaultsInjected.sum(),
                presenceIdsServed.sum(),
                presenceChanges.sum(),
                new TenantStats.Notifications(
                        notificationsQueued.sum(),
                        notificationsSent.sum(),
                        notificationPosts.sum(),
                        notificationsDropped.sum(),
                        notificationsDuplicated.sum(),
                        notificationsReordered.sum(),
                        notificationsFailed.sum(),
                        notificationsRetried.sum(),
                        notificationsLostWhilePaused.sum(),
                        notificationsLostOverflow.sum(),
                        failedPosts.sum(),
                        lifecycleNotificationsSent.sum()),
                new TenantStats.Subscriptions(
                        subscriptionsCreated.sum(),
                        subscriptionsExpired.sum(),
                        validationHandshakes.sum(),
                        validationHandshakesFailed.sum()));
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> map) {
        Map<String, Long> out = new TreeMap<>();
        map.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * All presence requests of one app in the last 30 s (by the tenant clock), and the most ever
     * seen in any such window: what a client's rate limiter must keep at or below 1,500.
     */
    static final class PresenceWindow {
        private static final long WINDOW_MILLIS = 30_000;
        private final ArrayDeque<Long> times = new ArrayDeque<>();
        private long max;

        synchronized void record(long nowMillis) {
            times.addLast(nowMillis);
            while (!times.isEmpty() && times.peekFirst() <= nowMillis - WINDOW_MILLIS) {
                times.removeFirst();
            }
            max = Math.max(max, times.size());
        }

        synchronized long max() {
            return max;
        }
    }
}
