package dev.switchboard.store.snapshot;

import dev.switchboard.core.routing.CoreState;

/** A stored snapshot with its state. */
public record Snapshot(SnapshotInfo info, CoreState state) {}
