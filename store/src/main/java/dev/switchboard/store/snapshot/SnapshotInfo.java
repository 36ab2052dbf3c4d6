package dev.switchboard.store.snapshot;

import java.time.Instant;

/**
 * What is known about a stored snapshot without reading it.
 *
 * @param sequence the journal sequence the state reflects: every event up to it, none after
 * @param stateHash the core's state hash at that point, checked again after restoring
 * @param sizeBytes the compressed size
 */
public record SnapshotInfo(long sequence, Instant takenAt, long stateHash, String format, long sizeBytes, int chunks) {}
