package dev.switchboard.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.InMemoryJournal;
import dev.switchboard.engine.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commands per second through the engine: {@code Engine.submit} from one client thread, decided
 * by the engine's writer thread in batches, appended to an {@link InMemoryJournal}, acknowledged.
 * The commands are the {@link PresenceStream} mix against the 10,000-agent organisation.
 *
 * <ul>
 *   <li>{@code pipelined}: the client submits {@value #WINDOW} commands, then waits for the last
 *       acknowledgement; the writer drains them in batches (throughput under load);
 *   <li>{@code roundTrip}: the client submits one command and waits for it (one command per
 *       batch: the hand-off between threads dominates).
 * </ul>
 *
 * Each iteration starts a fresh engine whose journal already holds the organisation's set-up
 * events (replayed at start, untimed), so the in-memory journal does not grow without bound.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class EngineBenchmark {
    static final int WINDOW = 1_000;

    private Organisation org;
    private List<Event> setupEvents;
    private PresenceStream stream;
    private Engine engine;
    private final Command[] window = new Command[WINDOW];
    private final Command[] single = new Command[1];

    @Setup(Level.Trial)
    public void setUp() {
        org = Organisation.generate(10_000, 1_000, 42);
        RoutingCore core = RoutingCore.indexed();
        setupEvents = new ArrayList<>();
        for (Command c : org.setupCommands()) {
            setupEvents.addAll(core.handle(c).events());
        }
        stream = new PresenceStream(org.agents(), 13, Organisation.T0, Duration.ofMillis(5));
    }

    @Setup(Level.Iteration)
    public void startEngine() {
        InMemoryJournal journal = new InMemoryJournal();
        journal.append(setupEvents);
        engine = Engine.start(
                "bench", RoutingCore.indexed(), journal, new VirtualClock(Organisation.T0), EngineOptions.defaults());
    }

    @TearDown(Level.Iteration)
    public void stopEngine() {
        engine.close();
    }

    @Setup(Level.Invocation)
    public void refill() {
        stream.fill(window);
        single[0] = window[0];
    }

    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public Outcome pipelined() {
        CompletableFuture<Outcome> last = null;
        for (Command c : window) {
            last = engine.submit(c);
        }
        return last.join();
    }

    @Benchmark
    public Outcome roundTrip() {
        return engine.submit(single[0]).join();
    }
}
