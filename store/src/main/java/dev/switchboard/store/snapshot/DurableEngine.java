package dev.switchboard.store.snapshot;

import dev.switchboard.engine.Engine;
import dev.switchboard.store.journal.JdbcJournal;

/**
 * A running engine with its durable journal and snapshots; closing it stops the engine (after the
 * commands already in its inbox), takes a last snapshot if the policy says so, and releases the
 * journal.
 */
public final class DurableEngine implements AutoCloseable {
    private final Engine engine;
    private final JdbcJournal journal;
    private final SnapshotStore snapshots;
    private final Snapshotter snapshotter;
    private final SnapshotPolicy policy;
    private final long replayed;
    private final long startedFromSnapshot;

    DurableEngine(
            Engine engine,
            JdbcJournal journal,
            SnapshotStore snapshots,
            Snapshotter snapshotter,
            SnapshotPolicy policy,
            long startedFromSnapshot,
            long replayed) {
        this.engine = engine;
        this.journal = journal;
        this.snapshots = snapshots;
        this.snapshotter = snapshotter;
        this.policy = policy;
        this.startedFromSnapshot = startedFromSnapshot;
        this.replayed = replayed;
    }

    public Engine engine() {
        return engine;
    }

    public JdbcJournal journal() {
        return journal;
    }

    public SnapshotStore snapshots() {
        return snapshots;
    }

    public Snapshotter snapshotter() {
        return snapshotter;
    }

    /** The sequence of the snapshot start-up restored, 0 when it replayed from the start. */
    public long startedFromSnapshot() {
        return startedFromSnapshot;
    }

    /** How many journal events start-up replayed. */
    public long replayed() {
        return replayed;
    }

    @Override
    public void close() {
        try {
            if (policy.onClose() && engine.running()) {
                snapshotter.snapshotNow();
            }
        } catch (RuntimeException e) {
            // The journal has everything; the next start-up replays a little more.
        } finally {
            snapshotter.close();
            engine.close();
            journal.close();
        }
    }
}
