package dev.switchboard.store.snapshot;

import dev.switchboard.core.routing.CoreState;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.Journal;
import dev.switchboard.engine.JournaledEvent;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a snapshot every so many events. As an {@link EventSink} it only counts on the engine's
 * thread; when a snapshot is due it asks its own thread to capture the state with {@link
 * Engine#read} (which runs between commands, after every earlier batch was journaled) and to
 * compress and store it there, so the engine waits only for the export of the state.
 */
public final class Snapshotter implements EventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Snapshotter.class);

    private final Engine engine;
    private final Journal journal;
    private final SnapshotStore store;
    private final SnapshotPolicy policy;
    private final InstantSource clock;
    private final ExecutorService worker;
    private final AtomicLong lastSnapshot;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param lastSnapshot the sequence of the latest stored snapshot (0 when none)
     */
    public Snapshotter(
            Engine engine,
            Journal journal,
            SnapshotStore store,
            SnapshotPolicy policy,
            InstantSource clock,
            long lastSnapshot) {
        this.engine = engine;
        this.journal = journal;
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.lastSnapshot = new AtomicLong(lastSnapshot);
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "snapshots-" + engine.tenant());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void publish(List<JournaledEvent> events) {
        if (!policy.enabled() || events.isEmpty()) {
            return;
        }
        long last = events.get(events.size() - 1).sequence();
        if (last - lastSnapshot.get() >= policy.everyEvents() && scheduled.compareAndSet(false, true)) {
            worker.execute(() -> {
                try {
                    snapshotNow();
                } catch (RuntimeException e) {
                    log.warn("tenant {}: snapshot failed; the journal still has everything", engine.tenant(), e);
                } finally {
                    scheduled.set(false);
                }
            });
        }
    }

    /**
     * Captures the engine's state now and stores it; returns what was stored, or empty when
     * nothing changed since the last snapshot. Waits; call it from any thread but the engine's.
     */
    public Optional<SnapshotInfo> snapshotNow() {
        Captured captured = engine.read(core -> {
            long sequence = journal.lastSequence();
            if (core.version() != sequence) {
                // Every applied event is journaled in order, so this cannot happen unless the
                // core was not built from this journal: a snapshot would be wrong.
                throw new IllegalStateException("core version " + core.version()
                        + " differs from the journal's last sequence " + sequence + "; no snapshot");
            }
            if (sequence <= lastSnapshot.get()) {
                return null;
            }
            return new Captured(sequence, core.exportState(), core.stateHash());
        });
        if (captured == null) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        SnapshotInfo info = store.save(captured.sequence(), captured.state(), captured.hash(), clock.instant());
        lastSnapshot.accumulateAndGet(captured.sequence(), Math::max);
        int pruned = store.prune(policy.keep());
        log.info(
                "tenant {}: snapshot at sequence {} ({} KiB, {} ms){}",
                engine.tenant(),
                info.sequence(),
                info.sizeBytes() / 1024,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                pruned > 0 ? ", pruned " + pruned : "");
        return Optional.of(info);
    }

    private record Captured(long sequence, CoreState state, long hash) {}

    /** The sequence of the latest snapshot taken or found. */
    public long lastSnapshot() {
        return lastSnapshot.get();
    }

    /** Waits for a snapshot in progress, then stops the worker. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("tenant {}: a snapshot did not finish in time", engine.tenant());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
