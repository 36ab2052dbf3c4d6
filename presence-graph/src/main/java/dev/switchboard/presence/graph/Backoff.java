package dev.switchboard.presence.graph;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/** Exponential back-off with jitter from an injected random source, and Retry-After parsing. */
public final class Backoff {
    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The wait before retry number {@code attempt} (0 = first retry): half fixed, half random. */
    public Duration delay(int attempt) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(attempt, 20);
        long d = Math.min(cap, exp);
        long jittered = d / 2 + (long) (random.nextDouble() * (d - d / 2));
        return Duration.ofMillis(Math.max(1, jittered));
    }

    /**
     * Parses a Retry-After header: seconds, possibly fractional ({@code 2.128}), or an HTTP date.
     * Returns null when absent or unreadable.
     */
    public static Duration parseRetryAfter(String value, java.time.Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                return null;
            }
            return Duration.ofNanos((long) Math.ceil(seconds * 1_000_000_000d));
        } catch (NumberFormatException notANumber) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(now, at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
