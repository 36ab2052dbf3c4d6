package dev.switchboard.engine;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.routing.RoutingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one tenant's routing state.
 *
 * <p>One platform thread owns the {@link RoutingCore}. It drains the bounded inbox in batches:
 * decide every command → append the batch's events to the journal → acknowledge the callers →
 * publish the events to the sinks. A command is acknowledged only once its events are durable.
 * When the clock passes the core's next deadline, the engine decides a {@link Command.Tick}.
 * Readers get immutable {@link RoutingSnapshot}s built on the writer thread.
 */
public final class Engine implements CommandGateway, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final String tenant;
    private final RoutingCore core;
    private final Journal journal;
    private final InstantSource clock;
    private final EngineOptions options;
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Task> inbox;
    private final Thread writer;

    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** Bumped on the writer thread after each batch that changed state, before acknowledging. */
    private final AtomicLong appliedVersion = new AtomicLong();

    private volatile RoutingSnapshot latest;
    private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<RoutingSnapshot>> snapshotInFlight =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean running = true;
    private volatile String failure;

    /** Work for the writer thread: a command to decide, or a read that must see every earlier command. */
    private sealed interface Task {
        record Decide(Command command, CompletableFuture<Outcome> result) implements Task {}

        record Read<T>(Function<RoutingCore, T> reader, CompletableFuture<T> result) implements Task {}

        record Stop() implements Task {}
    }

    private Engine(String tenant, RoutingCore core, Journal journal, InstantSource clock, EngineOptions options) {
        this.tenant = tenant;
        this.core = core;
        this.journal = journal;
        this.clock = clock;
        this.options = options;
        this.inbox = new ArrayBlockingQueue<>(options.inboxCapacity());
        this.writer = new Thread(this::run, "engine-" + tenant);
    }

    /**
     * Replays the journal into a fresh core and starts the writer thread.
     *
     * @param core an empty core (its state is rebuilt from the journal)
     */
    public static Engine start(
            String tenant, RoutingCore core, Journal journal, InstantSource clock, EngineOptions options) {
        if (core.version() != 0) {
            throw new IllegalArgumentException("the core must be empty: the journal rebuilds it (use resume)");
        }
        return resume(tenant, core, journal, clock, options);
    }

    /**
     * Starts from a core restored from a snapshot taken at journal sequence {@code
     * core.version()} and replays only the journal after it. This works because the core counts
     * every event it applies and every applied event is journaled in order.
     */
    public static Engine resume(
            String tenant, RoutingCore core, Journal journal, InstantSource clock, EngineOptions options) {
        long from = core.version();
        if (from > journal.lastSequence()) {
            throw new IllegalArgumentException("the core (version " + from + ") is ahead of the journal (last sequence "
                    + journal.lastSequence() + ")");
        }
        Engine engine = new Engine(tenant, core, journal, clock, options);
        long[] replayed = {0};
        journal.replay(from, entry -> {
            core.apply(entry.event());
            replayed[0]++;
        });
        engine.latest = core.snapshot();
        engine.appliedVersion.set(core.version());
        log.info(
                "tenant {}: resumed at {} and replayed {} events, state hash {}",
                tenant,
                from,
                replayed[0],
                Long.toHexString(core.stateHash()));
        engine.writer.start();
        return engine;
    }

    public String tenant() {
        return tenant;
    }

    /** Adds a sink that receives every batch from now on. */
    public void subscribe(EventSink sink) {
        sinks.add(sink);
    }

    public void unsubscribe(EventSink sink) {
        sinks.remove(sink);
    }

    @Override
    public CompletableFuture<Outcome> submit(Command command) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new IllegalStateException(
                    "engine " + tenant + " is not running" + (failure == null ? "" : ": " + failure)));
            return result;
        }
        if (!inbox.offer(new Task.Decide(command, result))) {
            refused.incrementAndGet();
            result.completeExceptionally(new EngineOverloadedException(
                    "engine " + tenant + " inbox is full (" + options.inboxCapacity() + ")"));
        }
        return result;
    }

    /** Decides a tick at the clock's current time: fires every deadline due by now. */
    public CompletableFuture<Outcome> poke() {
        return submit(new Command.Tick(clock.instant()));
    }

    /** Submits and waits; for callers that have nothing better to do meanwhile. */
    public Outcome submitAndWait(Command command, Duration timeout) {
        try {
            return submit(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("engine " + tenant + " did not answer within " + timeout, e);
        }
    }

    /**
     * A snapshot that reflects every command acknowledged before this call. Served from the last
     * one when nothing changed since; otherwise built on the writer thread, in inbox order.
     */
    public RoutingSnapshot snapshot() {
        long needed = appliedVersion.get();
        RoutingSnapshot current = latest;
        if (current.version() >= needed || !running) {
            return current;
        }
        // Readers arriving while a snapshot is being built share it when it is recent enough
        // for them: a dashboard of many browsers costs one build per change, not one per reader.
        CompletableFuture<RoutingSnapshot> building = snapshotInFlight.get();
        if (building != null) {
            try {
                RoutingSnapshot shared = building.join();
                if (shared.version() >= needed) {
                    return shared;
                }
            } catch (java.util.concurrent.CompletionException e) {
                // the shared build failed; build our own below
            }
        }
        CompletableFuture<RoutingSnapshot> mine = new CompletableFuture<>();
        snapshotInFlight.set(mine);
        try {
            RoutingSnapshot built = read(RoutingCore::snapshot);
            mine.complete(built);
            return built;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            snapshotInFlight.compareAndSet(mine, null);
        }
    }

    /** Runs a read-only function on the writer thread after every earlier command; waits for it. */
    public <T> T read(Function<RoutingCore, T> reader) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!inbox.offer(new Task.Read<>(reader, result))) {
            throw new EngineOverloadedException("engine " + tenant + " inbox is full");
        }
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("engine " + tenant + " did not answer a read in time", e);
        }
    }

    /** The core's state hash, computed on the writer thread. */
    public long stateHash() {
        return read(RoutingCore::stateHash);
    }

    public EngineStats stats() {
        return new EngineStats(
                commands.get(),
                rejected.get(),
                events.get(),
                batches.get(),
                refused.get(),
                inbox.size(),
                options.inboxCapacity(),
                journal.lastSequence(),
                running,
                failure);
    }

    public boolean running() {
        return running;
    }

    /** Stops after the commands already in the inbox. */
    @Override
    public void close() {
        if (!writer.isAlive()) {
            return;
        }
        try {
            inbox.put(new Task.Stop());
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    // ------------------------------------------------------------------------------------
    // The writer thread
    // ------------------------------------------------------------------------------------

    private void run() {
        List<Task> batch = new ArrayList<>(options.maxBatch());
        try {
            while (true) {
                Task first = inbox.poll(waitMillis(), TimeUnit.MILLISECONDS);
                batch.clear();
                if (first != null) {
                    batch.add(first);
                    inbox.drainTo(batch, options.maxBatch() - 1);
                }
                if (!process(batch)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fail("writer thread died: " + e, e);
        } finally {
            running = false;
            drainRefusing();
        }
    }

    /** How long to wait for work before checking the core's deadlines. */
    private long waitMillis() {
        long max = options.maxIdle().toMillis();
        Optional<Instant> next = core.nextDeadline();
        if (next.isEmpty()) {
            return max;
        }
        long until = Duration.between(clock.instant(), next.get()).toMillis();
        return Math.max(0, Math.min(max, until));
    }

    /** Decides a batch, journals it, acknowledges it; returns false when told to stop. */
    private boolean process(List<Task> batch) {
        List<Event> batchEvents = new ArrayList<>();
        List<Pending> acknowledgements = new ArrayList<>(batch.size());
        boolean stop = false;

        // Fire deadlines that are due by the clock even if no command arrived.
        Instant now = clock.instant();
        Optional<Instant> next = core.nextDeadline();
        if (next.isPresent() && !next.get().isAfter(now)) {
            batchEvents.addAll(core.handle(new Command.Tick(now)).events());
        }

        for (Task task : batch) {
            switch (task) {
                case Task.Decide d -> {
                    Outcome outcome;
                    try {
                        outcome = core.handle(d.command());
                    } catch (RuntimeException e) {
                        // A bug in the core: the state may be half-changed, so stop taking commands.
                        journalAndAcknowledge(batchEvents, acknowledgements);
                        d.result().completeExceptionally(e);
                        fail("the core failed on " + d.command().getClass().getSimpleName() + ": " + e, e);
                        return false;
                    }
                    commands.incrementAndGet();
                    if (!outcome.accepted()) {
                        rejected.incrementAndGet();
                    }
                    batchEvents.addAll(outcome.events());
                    acknowledgements.add(new Pending(d.result(), outcome));
                }
                case Task.Read<?> r -> {
                    // Reads must see the commands before them: journal and acknowledge those first.
                    if (!journalAndAcknowledge(batchEvents, acknowledgements)) {
                        return false;
                    }
                    runRead(r);
                }
                case Task.Stop s -> stop = true;
            }
        }
        if (!journalAndAcknowledge(batchEvents, acknowledgements)) {
            return false;
        }
        return !stop;
    }

    /** A decided command waiting for its events to be journaled. */
    private record Pending(CompletableFuture<Outcome> result, Outcome outcome) {}

    private <T> void runRead(Task.Read<T> read) {
        try {
            T value = read.reader().apply(core);
            if (value instanceof RoutingSnapshot s) {
                latest = s;
            }
            read.result().complete(value);
        } catch (RuntimeException e) {
            read.result().completeExceptionally(e);
        }
    }

    private boolean journalAndAcknowledge(List<Event> batchEvents, List<Pending> acknowledgements) {
        List<JournaledEvent> journaled = List.of();
        if (!batchEvents.isEmpty()) {
            try {
                journaled = journal.append(List.copyOf(batchEvents));
            } catch (RuntimeException e) {
                // The state is ahead of the journal: nothing may be acknowledged, and nothing
                // more decided, or an acknowledged command could be lost.
                fail("journal append failed: " + e.getMessage(), e);
                IllegalStateException failure = new IllegalStateException("journal append failed; engine stopped", e);
                for (Pending p : acknowledgements) {
                    p.result().completeExceptionally(failure);
                }
                acknowledgements.clear();
                batchEvents.clear();
                return false;
            }
            batches.incrementAndGet();
            events.addAndGet(journaled.size());
            appliedVersion.set(core.version());
        }
        for (Pending p : acknowledgements) {
            p.result().complete(p.outcome());
        }
        acknowledgements.clear();
        batchEvents.clear();
        if (!journaled.isEmpty()) {
            for (EventSink sink : sinks) {
                try {
                    sink.publish(journaled);
                } catch (RuntimeException e) {
                    log.warn("tenant {}: an event sink failed", tenant, e);
                }
            }
        }
        return true;
    }

    private void fail(String reason, Throwable cause) {
        failure = reason;
        running = false;
        log.error("tenant {}: engine stopped: {}", tenant, reason, cause);
    }

    /** After stopping, nothing in the inbox will ever be decided: tell the callers. */
    private void drainRefusing() {
        List<Task> rest = new ArrayList<>();
        inbox.drainTo(rest);
        for (Task t : rest) {
            IllegalStateException e = new IllegalStateException(
                    "engine " + tenant + " stopped" + (failure == null ? "" : ": " + failure));
            switch (t) {
                case Task.Decide d -> d.result().completeExceptionally(e);
                case Task.Read<?> r -> r.result().completeExceptionally(e);
                case Task.Stop s -> {}
            }
        }
    }
}
