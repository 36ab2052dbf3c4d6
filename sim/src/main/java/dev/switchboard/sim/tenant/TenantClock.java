package dev.switchboard.sim.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tenant's notion of "now": a base clock plus an offset that the control API can move
 * forward, so token and subscription expiry can be tested without waiting.
 */
final class TenantClock {
    private final Clock base;
    private final AtomicLong offsetMillis = new AtomicLong();

    TenantClock(Clock base) {
        this.base = base;
    }

    Instant now() {
        return base.instant().plusMillis(offsetMillis.get());
    }

    long millis() {
        return base.millis() + offsetMillis.get();
    }

    void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        offsetMillis.addAndGet(by.toMillis());
    }

    Duration offset() {
        return Duration.ofMillis(offsetMillis.get());
    }

    void reset() {
        offsetMillis.set(0);
    }
}
