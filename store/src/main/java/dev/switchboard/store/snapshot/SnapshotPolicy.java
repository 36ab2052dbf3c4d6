package dev.switchboard.store.snapshot;

/**
 * When to snapshot: after every {@code everyEvents} journaled events, keeping the newest {@code
 * keep}. Start-up then replays at most about {@code everyEvents} events.
 */
public record SnapshotPolicy(long everyEvents, int keep, boolean onClose) {
    public SnapshotPolicy {
        if (everyEvents < 0) {
            throw new IllegalArgumentException("everyEvents must not be negative");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one snapshot");
        }
    }

    /** Every {@code events} events, keeping 3, and one more when the engine closes. */
    public static SnapshotPolicy every(long events) {
        if (events < 1) {
            throw new IllegalArgumentException("events must be positive");
        }
        return new SnapshotPolicy(events, 3, true);
    }

    /** No snapshots: start-up replays the whole journal. */
    public static SnapshotPolicy never() {
        return new SnapshotPolicy(0, 1, false);
    }

    public boolean enabled() {
        return everyEvents > 0;
    }
}
