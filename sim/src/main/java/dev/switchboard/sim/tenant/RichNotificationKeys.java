package dev.switchboard.sim.tenant;

/**
 * How often the fake tenant draws a fresh symmetric key (and RSA-wraps it into {@code dataKey})
 * for rich notifications. The receiver pays one RSA-OAEP private-key operation per distinct
 * {@code dataKey} (about 0.7 ms for a 2048-bit key), so this decides its cost.
 */
public enum RichNotificationKeys {
    /** A fresh key for every notification: what Graph must be assumed to do (the default). */
    PER_ITEM,
    /** One key per subscription within one POST. */
    PER_POST,
    /**
     * One key per subscription for its lifetime: a receiver that remembers unwrapped keys does
     * RSA once, so a load test measures the rest of the notification pipeline.
     */
    PER_SUBSCRIPTION
}
