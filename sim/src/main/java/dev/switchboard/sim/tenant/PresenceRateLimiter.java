package dev.switchboard.sim.tenant;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Graph's presence limit: at most N requests in any 30-second window per app per tenant (sliding
 * window over the tenant clock). Refused requests do not use up the window.
 */
final class PresenceRateLimiter {
    private static final long WINDOW_MILLIS = 30_000;

    private volatile int limit;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    PresenceRateLimiter(int limit) {
        this.limit = limit;
    }

    void limit(int value) {
        if (value < 0) throw new IllegalArgumentException("limit must be >= 0 (0 = unlimited)");
        this.limit = value;
        windows.clear();
    }

    int limit() {
        return limit;
    }

    void reset() {
        windows.clear();
    }

    /** 0 when the request may proceed, else the milliseconds until it would. */
    long acquire(String appId, long nowMillis) {
        int n = limit;
        if (n == 0) return 0;
        Window window = windows.computeIfAbsent(appId, k -> new Window(n));
        return window.acquire(nowMillis, n);
    }

    /** The times of the last N accepted requests in a ring; the oldest decides. */
    private static final class Window {
        private long[] times;
        private int head;
        private int size;

        Window(int limit) {
            this.times = new long[limit];
        }

        synchronized long acquire(long now, int limit) {
            if (times.length != limit) {
                times = new long[limit];
                head = 0;
                size = 0;
            }
            if (size == limit) {
                long oldest = times[head];
                long wait = oldest + WINDOW_MILLIS - now;
                if (wait > 0) return wait;
                times[head] = now;
                head = (head + 1) % limit;
                return 0;
            }
            times[(head + size) % limit] = now;
            size++;
            return 0;
        }
    }
}
