package dev.switchboard.core.model;

import java.time.Duration;

/**
 * Redirect on no answer: an agent who declines or misses an offer is not selectable until
 * {@code resetAfter} has passed, a manual reset, going Offline or going Off Duty.
 */
public record RonaSettings(boolean enabled, Duration resetAfter) {
    public static final Duration MIN_RESET = Duration.ofSeconds(10);

    public RonaSettings {
        Validation.requireRange(resetAfter, MIN_RESET, Duration.ofHours(24), "rona.resetAfter");
    }

    /** Enabled, 10 minutes. */
    public static RonaSettings defaults() {
        return new RonaSettings(true, Duration.ofMinutes(10));
    }

    public static RonaSettings disabled() {
        return new RonaSettings(false, Duration.ofMinutes(10));
    }
}
