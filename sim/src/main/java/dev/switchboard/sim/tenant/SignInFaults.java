package dev.switchboard.sim.tenant;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sign-in failures injected per username or client id, until cleared or used up. */
final class SignInFaults {
    /** An injected failure; {@code remaining} < 0 means until cleared. */
    private static final class Injected {
        final SignInFailure failure;
        final Double retryAfterSeconds;
        int remaining;

        Injected(SignInFailure failure, int count, Double retryAfterSeconds) {
            this.failure = failure;
            this.remaining = count <= 0 ? -1 : count;
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** What to answer for one token request. */
    record Hit(SignInFailure failure, Double retryAfterSeconds) {}

    private final Map<String, Injected> faults = new ConcurrentHashMap<>();

    void inject(String principal, SignInFailure failure, int count, Double retryAfterSeconds) {
        faults.put(principal.toLowerCase(Locale.ROOT), new Injected(failure, count, retryAfterSeconds));
    }

    boolean clear(String principal) {
        return faults.remove(principal.toLowerCase(Locale.ROOT)) != null;
    }

    void clearAll() {
        faults.clear();
    }

    /** The failure injected for this principal that hits this grant, consuming one use; or null. */
    Hit take(String principal, SignInFailure.Grant grant) {
        if (principal == null) return null;
        String key = principal.toLowerCase(Locale.ROOT);
        Injected injected = faults.get(key);
        if (injected == null || !injected.failure.affects(grant)) {
            return null;
        }
        synchronized (injected) {
            if (injected.remaining == 0) return null;
            if (injected.remaining > 0 && --injected.remaining == 0) {
                faults.remove(key, injected);
            }
        }
        return new Hit(injected.failure, injected.retryAfterSeconds);
    }

    /** Whether a failure of this kind is injected for the principal (does not consume it). */
    boolean has(String principal, SignInFailure failure) {
        Injected injected = principal == null ? null : faults.get(principal.toLowerCase(Locale.ROOT));
        return injected != null && injected.failure == failure;
    }

    Map<String, SignInFailure> active() {
        Map<String, SignInFailure> out = new java.util.TreeMap<>();
        faults.forEach((k, v) -> out.put(k, v.failure));
        return out;
    }
}
