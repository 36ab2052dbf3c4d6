package dev.switchboard.presence.graph.auth;

import dev.switchboard.presence.graph.Failure;
import dev.switchboard.presence.graph.HealthStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Stops sign-in retries from looping (Entra ID answers loops with AADSTS50196 and smart lockout
 * locks accounts after repeated wrong passwords): after a failure the next try waits, growing
 * exponentially with jitter. Failures that need an administrator wait minutes; transient ones
 * seconds. A changed secret (a rotated password) may be tried at once. Not thread-safe: the
 * token source guards it.
 */
final class SignInGate {
    static final Duration ADMIN_BASE = Duration.ofMinutes(5);
    static final Duration ADMIN_MAX = Duration.ofMinutes(60);
    static final Duration TRANSIENT_BASE = Duration.ofSeconds(15);
    static final Duration TRANSIENT_MAX = Duration.ofMinutes(5);

    private final InstantSource clock;
    private final RandomGenerator random;
    private final Supplier<byte[]> secretFingerprint;

    private Failure failure;
    private int consecutive;
    private Instant notBefore = Instant.EPOCH;
    private byte[] fingerprintAtFailure;

    SignInGate(InstantSource clock, RandomGenerator random, Supplier<byte[]> secretFingerprint) {
        this.clock = clock;
        this.random = random;
        this.secretFingerprint = secretFingerprint;
    }

    /** The failure that forbids a try now, or null when a try is allowed. */
    Failure blocked() {
        if (failure == null || !clock.instant().isBefore(notBefore)) {
            return null;
        }
        if (fingerprintAtFailure != null && secretChanged()) {
            return null;
        }
        return failure;
    }

    private boolean secretChanged() {
        try {
            return !Arrays.equals(fingerprintAtFailure, secretFingerprint.get());
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    void failed(Failure f, Duration hint) {
        consecutive++;
        failure = f;
        boolean admin = f.status().needsAdmin();
        Duration base = admin ? ADMIN_BASE : TRANSIENT_BASE;
        Duration max = admin ? ADMIN_MAX : TRANSIENT_MAX;
        long factor = 1L << Math.min(consecutive - 1, 10);
        Duration delay = base.multipliedBy(factor);
        if (delay.compareTo(max) > 0) {
            delay = max;
        }
        // Jitter in [50 %, 100 %] of the delay, so several instances do not retry in step.
        long millis = delay.toMillis();
        millis = millis / 2 + (long) (random.nextDouble() * (millis / 2.0));
        if (hint != null && hint.toMillis() > millis) {
            millis = hint.toMillis();
        }
        notBefore = clock.instant().plusMillis(millis);
        try {
            fingerprintAtFailure = admin && secretFingerprint != null ? secretFingerprint.get() : null;
        } catch (RuntimeException unreadable) {
            fingerprintAtFailure = null;
        }
    }

    void succeeded() {
        failure = null;
        consecutive = 0;
        notBefore = Instant.EPOCH;
        fingerprintAtFailure = null;
    }

    void reset() {
        notBefore = Instant.EPOCH;
        consecutive = 0;
    }

    Failure failure() {
        return failure;
    }

    Instant notBefore() {
        return notBefore;
    }

    static boolean isTransient(HealthStatus status) {
        return !status.needsAdmin();
    }
}
