package dev.switchboard.store;

import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.VirtualClock;
import dev.switchboard.store.journal.JdbcJournal;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The process {@link CrashContractTest} kills: runs an engine over a {@link JdbcJournal} and feeds
 * it a seeded random walk in windows (so batches hold several commands), printing {@code ACK i}
 * for command i only after the engine acknowledged it, i.e. after its events were committed.
 *
 * <p>Arguments: {@code h2 <data-dir>} or {@code jdbc <url> <user> <schema>}, then tenant, seed,
 * agents, services, commands, window.
 */
public final class CrashChild {
    private CrashChild() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true);
        int i = 0;
        StoreConfig config;
        if (args[i++].equals("h2")) {
            config = StoreConfig.embedded(Path.of(args[i++]));
        } else {
            config = StoreConfig.jdbc(args[i++], args[i++], null).withSchema(args[i++]);
        }
        String tenant = args[i++];
        long seed = Long.parseLong(args[i++]);
        int agents = Integer.parseInt(args[i++]);
        int services = Integer.parseInt(args[i++]);
        int commands = Integer.parseInt(args[i++]);
        int window = Integer.parseInt(args[i++]);

        Walk walk = new Walk(seed, agents, services);
        try (Store store = Store.open(config);
                JdbcJournal journal = JdbcJournal.open(store, tenant, "crash-child");
                Engine engine = Engine.start(
                        tenant,
                        RoutingCore.indexed(),
                        journal,
                        new VirtualClock(Instant.EPOCH),
                        EngineOptions.defaults())) {
            out.println("READY");
            int next = 0;
            while (next < commands) {
                List<CompletableFuture<Outcome>> pending = new ArrayList<>(window);
                for (int w = 0; w < window && next + w < commands; w++) {
                    pending.add(engine.submit(walk.next()));
                }
                for (CompletableFuture<Outcome> f : pending) {
                    f.join();
                    out.println("ACK " + next++);
                }
            }
            out.println("DONE");
        }
    }
}
