package dev.switchboard.presence.graph;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket shared by everything that reads presence for one application in one tenant
 * (Graph allows 1,500 presence requests per 30 s per application per tenant). The burst is kept
 * small enough that burst + refill over one window stays within the budget, so no sliding window
 * of that length ever sees more than the budget — not only on average. After a 429 every caller
 * waits out the Retry-After, because throttled requests count too.
 */
public final class GraphRateLimiter {

    /** How a caller waits; real time in production. */
    @FunctionalInterface
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final double capacity;
    private final double perNano;
    private final int budget;
    private final Duration window;

    private double tokens;
    private long last;
    private long pausedUntil;
    private long granted;

    /**
     * @param budget at most this many requests in any {@code window}
     * @param window the window Graph counts in (30 s)
     */
    public GraphRateLimiter(int budget, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
        if (budget < 2) {
            throw new IllegalArgumentException("budget must be at least 2");
        }
        this.budget = budget;
        this.window = window;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.capacity = Math.max(1, budget / 10);
        this.perNano = (budget - capacity) / (double) window.toNanos();
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
        this.pausedUntil = last;
    }

    /** A limiter on the system's monotonic clock. */
    public static GraphRateLimiter realTime(int budget, Duration window) {
        return new GraphRateLimiter(budget, window, System::nanoTime, nanos -> {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        });
    }

    /** Blocks until the request may be sent. */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            refill(now);
            // Reserve a token now (possibly going into debt) and wait until it has accrued.
            tokens -= 1;
            granted++;
            long untilToken = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
            long untilPause = Math.max(0, pausedUntil - now);
            wait = Math.max(untilToken, untilPause);
            if (untilPause > untilToken) {
                // The pause is longer: the token accrues meanwhile; don't count the time twice.
                tokens = Math.min(tokens, 0);
            }
        }
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
    }

    private void refill(long now) {
        long elapsed = now - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = now;
        }
    }

    /** Graph said 429: nobody sends before {@code retryAfter} has passed. */
    public synchronized void pause(Duration retryAfter) {
        long until = nanoTime.getAsLong() + retryAfter.toNanos();
        if (until > pausedUntil) {
            pausedUntil = until;
        }
        // What is sent after the pause starts from an empty bucket.
        tokens = Math.min(tokens, 0);
    }

    public int budget() {
        return budget;
    }

    public Duration window() {
        return window;
    }

    /** Requests let through so far. */
    public synchronized long granted() {
        return granted;
    }
}
