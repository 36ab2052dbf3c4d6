package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class GraphRateLimiterTest {

    /** Virtual time: sleeping moves it forward. */
    private static final class VirtualTime {
        long now;
    }

    @Property(tries = 30)
    void noWindowEverSeesMoreThanTheBudget(@ForAll @IntRange(min = 2, max = 200) int budget, @ForAll long seed)
            throws InterruptedException {
        VirtualTime t = new VirtualTime();
        GraphRateLimiter limiter =
                new GraphRateLimiter(budget, Duration.ofSeconds(30), () -> t.now, nanos -> t.now += Math.max(0, nanos));
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < budget * 6; i++) {
            // Bursty callers: mostly back to back, sometimes idle, sometimes a 429 pause.
            int r = random.nextInt(100);
            if (r < 5) {
                t.now += Duration.ofSeconds(random.nextInt(1, 40)).toNanos();
            } else if (r < 8) {
                limiter.pause(Duration.ofMillis(random.nextInt(1, 5000)));
            }
            limiter.acquire();
            admitted.add(t.now);
        }
        long window = Duration.ofSeconds(30).toNanos();
        int j = 0;
        for (int i = 0; i < admitted.size(); i++) {
            while (admitted.get(i) - admitted.get(j) >= window) {
                j++;
            }
            assertThat(i - j + 1)
                    .as("requests in the 30 s window ending at request %d (seed %d)", i, seed)
                    .isLessThanOrEqualTo(budget);
        }
    }

    @Test
    void aPauseHoldsEveryone() throws InterruptedException {
        VirtualTime t = new VirtualTime();
        GraphRateLimiter limiter =
                new GraphRateLimiter(1500, Duration.ofSeconds(30), () -> t.now, nanos -> t.now += Math.max(0, nanos));
        limiter.acquire();
        long before = t.now;
        limiter.pause(Duration.ofMillis(2128));
        limiter.acquire();
        assertThat(t.now - before)
                .isGreaterThanOrEqualTo(Duration.ofMillis(2128).toNanos());
    }

    @Test
    void retryAfterMayBeFractionalOrADate() {
        java.time.Instant now = java.time.Instant.parse("2024-01-01T00:00:00Z");
        assertThat(Backoff.parseRetryAfter("2.128", now)).isEqualTo(Duration.ofMillis(2128));
        assertThat(Backoff.parseRetryAfter("5", now)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Backoff.parseRetryAfter("Mon, 01 Jan 2024 00:00:07 GMT", now))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(Backoff.parseRetryAfter("soon", now)).isNull();
        assertThat(Backoff.parseRetryAfter(null, now)).isNull();
    }

    @Test
    void backoffGrowsWithJitterFromTheInjectedRandom() {
        Backoff a = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(7));
        for (int i = 0; i < 10; i++) {
            Duration d = a.delay(i);
            assertThat(d).isEqualTo(b.delay(i));
            long cap = Math.min(30_000, 500L << i);
            assertThat(d.toMillis()).isBetween(cap / 2, cap);
        }
    }
}
