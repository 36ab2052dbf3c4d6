package dev.switchboard.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.routing.RoutingCore;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Presence updates applied in the core on one thread: {@code RoutingCore.handle(PresenceObserved)}
 * over the {@link PresenceStream} mix (new states that flip selectability, same-state re-reads,
 * duplicates and stale stamps), in the 10,000-agent, 1,000-service organisation. The observations
 * are built untimed, {@value #BATCH} at a time, before each measured batch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class PresenceBenchmark {
    static final int BATCH = 10_000;

    private RoutingCore core;
    private PresenceStream stream;
    private final Command[] batch = new Command[BATCH];

    @Setup(Level.Trial)
    public void setUp() {
        Organisation org = Organisation.generate(10_000, 1_000, 42);
        core = org.newCore();
        stream = new PresenceStream(org.agents(), 11, Organisation.T0, Duration.ofMillis(5));
    }

    @Setup(Level.Invocation)
    public void refill() {
        stream.fill(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int apply() {
        int events = 0;
        for (Command c : batch) {
            events += core.handle(c).events().size();
        }
        return events;
    }
}
