package dev.switchboard.engine;

/**
 * Counters of an engine since it started.
 *
 * @param commands commands decided
 * @param rejected commands the core refused
 * @param events events journaled
 * @param batches journal appends
 * @param refused commands refused because the inbox was full
 * @param inboxSize commands waiting now
 * @param inboxCapacity commands that may wait at most
 * @param journalSequence the last journal sequence number
 * @param running whether the engine still takes commands
 * @param failure why it stopped, or null
 */
public record EngineStats(
        long commands,
        long rejected,
        long events,
        long batches,
        long refused,
        int inboxSize,
        int inboxCapacity,
        long journalSequence,
        boolean running,
        String failure) {}
