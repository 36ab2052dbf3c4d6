package dev.switchboard.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole calls through the core per second, on virtual time, in the 10,000-agent organisation:
 * the call arrives; if it is offered, the first agent offered accepts and the call ends 20 ms of
 * virtual time later (after-call work and its timer follow as configured); if nobody is
 * selectable, the caller hangs up. One operation is one call: three or four {@code handle}
 * calls, with the deadlines that fall due on the way. This is the core's share of a simulated
 * call — what bounds a simulator built on it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class CallCycleBenchmark {
    private RoutingCore core;
    private ServiceId[] targets;
    private Random random;
    private Instant now;
    private long calls;
    private static final Duration STEP = Duration.ofMillis(20);

    @Setup(Level.Trial)
    public void setUp() {
        Organisation org = Organisation.generate(10_000, 1_000, 42);
        core = org.newCore();
        targets = DecisionBenchmark.weightedTargets(org, core);
        random = new Random(5);
        now = Organisation.T0;
    }

    @Benchmark
    public int call() {
        now = now.plus(STEP);
        CallId call = CallId.of("call-" + (++calls));
        ServiceId service = targets[random.nextInt(targets.length)];
        Outcome arrived = core.handle(new Command.CallArrived(now, call, service, Priority.NORMAL, "+41445550100"));
        AgentId agent = offeredTo(arrived, call);
        if (agent == null) {
            core.handle(new Command.CallerHungUp(now, call));
            return 0;
        }
        core.handle(new Command.OfferAccepted(now, call, agent));
        now = now.plus(STEP);
        core.handle(new Command.CallEnded(now, call));
        return 1;
    }

    private static AgentId offeredTo(Outcome outcome, CallId call) {
        for (Event e : outcome.events()) {
            if (e instanceof Event.CallOffered o && o.call().equals(call)) {
                return o.agents().get(0);
            }
        }
        return null;
    }
}
