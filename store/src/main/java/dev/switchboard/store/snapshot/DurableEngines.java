package dev.switchboard.store.snapshot;

import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.Journal;
import dev.switchboard.store.Store;
import dev.switchboard.store.journal.JdbcJournal;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a tenant's engine on the store: takes the tenant's lease, rebuilds the core from the
 * latest snapshot and the journal after it, starts the engine and snapshots it by the policy.
 *
 * <pre>{@code
 * try (Store store = Store.open(StoreConfig.fromEnvironment(System.getenv(), dataDir));
 *         DurableEngine tenant = DurableEngines.start(store, "contoso", "node-1",
 *                 InstantSource.system(), EngineOptions.defaults(), SnapshotPolicy.every(50_000))) {
 *     tenant.engine().submit(command);
 * }
 * }</pre>
 *
 * <p>{@link #start} restores the latest usable snapshot and lets the engine replay only the
 * journal after it.
 */
public final class DurableEngines {
    private static final Logger log = LoggerFactory.getLogger(DurableEngines.class);

    private DurableEngines() {}

    public static DurableEngine start(
            Store store,
            String tenant,
            String owner,
            InstantSource clock,
            EngineOptions options,
            SnapshotPolicy policy) {
        JdbcJournal journal = JdbcJournal.open(store, tenant, owner);
        try {
            SnapshotStore snapshots = new SnapshotStore(store.dataSource(), store.json(), tenant);
            long latest = snapshots.list().stream()
                    .mapToLong(SnapshotInfo::sequence)
                    .filter(s -> s <= journal.lastSequence())
                    .max()
                    .orElse(0);
            Optional<SnapshotStore.RestoredCore> restored = snapshots.restoreLatest(journal.lastSequence());
            RoutingCore core = restored.map(SnapshotStore.RestoredCore::core).orElseGet(RoutingCore::indexed);
            long resumedAt = core.version();
            Engine engine = Engine.resume(tenant, core, journal, clock, options);
            Snapshotter snapshotter = new Snapshotter(engine, journal, snapshots, policy, clock, latest);
            engine.subscribe(snapshotter);
            return new DurableEngine(
                    engine, journal, snapshots, snapshotter, policy, resumedAt, journal.lastSequence() - resumedAt);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
    }

    /**
     * The tenant's core as of the journal's last event, rebuilt from the latest usable snapshot
     * and the events after it (or from the whole journal when there is no snapshot).
     */
    public static Recovered recoverCore(Journal journal, SnapshotStore snapshots) {
        long last = journal.lastSequence();
        Optional<SnapshotStore.RestoredCore> restored = snapshots.restoreLatest(last);
        RoutingCore core = restored.map(SnapshotStore.RestoredCore::core).orElseGet(RoutingCore::indexed);
        long from = core.version();
        long[] replayed = {0};
        journal.replay(from, e -> {
            core.apply(e.event());
            replayed[0]++;
        });
        if (core.version() != last) {
            throw new IllegalStateException(
                    "recovered core has version " + core.version() + " but the journal ends at " + last);
        }
        log.info(
                "tenant {}: recovered from {} and {} journal events",
                snapshots.tenant(),
                from == 0 ? "scratch" : "snapshot " + from,
                replayed[0]);
        return new Recovered(core, from, replayed[0]);
    }

    /**
     * A core rebuilt by {@link #recoverCore}.
     *
     * @param fromSnapshot the snapshot's sequence, 0 without one
     * @param replayed journal events applied after it
     */
    public record Recovered(RoutingCore core, long fromSnapshot, long replayed) {}
}
