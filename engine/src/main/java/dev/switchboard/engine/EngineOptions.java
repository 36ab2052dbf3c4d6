package dev.switchboard.engine;

import java.time.Duration;

/**
 * Tuning of an engine.
 *
 * @param inboxCapacity commands that may wait; one more is refused with {@link EngineOverloadedException}
 * @param maxBatch commands decided before one journal append
 * @param maxIdle the longest the engine sleeps without checking the clock for due deadlines
 */
public record EngineOptions(int inboxCapacity, int maxBatch, Duration maxIdle) {
    public EngineOptions {
        if (inboxCapacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("inboxCapacity and maxBatch must be positive");
        }
        if (maxIdle == null || maxIdle.isNegative() || maxIdle.isZero()) {
            throw new IllegalArgumentException("maxIdle must be positive");
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(65_536, 1_024, Duration.ofMillis(250));
    }
}
