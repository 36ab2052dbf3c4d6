package dev.switchboard.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing decision latency: {@code RoutingCore.handle(CallArrived)} for a call that ends in an
 * offer — deadline check, queueing, eligibility through the index, selection, the explanation, and
 * the events (CallQueued, CallOffered) applied to the state. Measured per call with SampleTime, so
 * the percentiles come from JMH's histogram.
 *
 * <p>Each call goes to a service that has a selectable agent, picked at random weighted by the
 * service's size (large teams get more calls). Between measured calls, untimed, the caller hangs
 * up (the offer is cancelled and the agents are selectable again), so every call meets the same
 * organisation. Virtual time moves on {@code 200 / agents} seconds per call (50 calls/s at 10,000
 * agents), so expired timers build up in the core as they would live.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class DecisionBenchmark {

    /** Agents in the organisation; services are a tenth of it. */
    @Param({"1000", "10000", "100000"})
    public int agents;

    private RoutingCore core;
    private ServiceId[] targets;
    private Random random;
    private Instant now;
    private Duration step;
    private long calls;

    private Command.CallArrived next;
    private Outcome last;

    @Setup(Level.Trial)
    public void setUp() {
        Organisation org = Organisation.generate(agents, agents / 10, 42);
        core = org.newCore();
        targets = weightedTargets(org, core);
        random = new Random(7);
        now = Organisation.T0;
        step = Duration.ofNanos(200_000_000_000L / agents);
    }

    /** Services with a selectable agent, each repeated once per member. */
    static ServiceId[] weightedTargets(Organisation org, RoutingCore core) {
        List<ServiceId> out = new ArrayList<>();
        for (ServiceConfig s : org.servicesWithSelectableAgents(core)) {
            for (int i = 0; i < s.members().size(); i++) {
                out.add(s.id());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no service has a selectable agent");
        }
        return out.toArray(ServiceId[]::new);
    }

    @Setup(Level.Invocation)
    public void nextCall() {
        now = now.plus(step);
        ServiceId service = targets[random.nextInt(targets.length)];
        next = new Command.CallArrived(now, CallId.of("call-" + (++calls)), service, Priority.NORMAL, "+41445550100");
    }

    @Benchmark
    public Outcome decide() {
        return last = core.handle(next);
    }

    /** Untimed: checks that the call was offered, then the caller hangs up. */
    @TearDown(Level.Invocation)
    public void hangUp() {
        if (!offered(last, next.call())) {
            throw new IllegalStateException("call to " + next.service() + " was not offered: " + last);
        }
        Outcome end = core.handle(new Command.CallerHungUp(now, next.call()));
        if (!end.accepted()) {
            throw new IllegalStateException("hang-up refused: " + end);
        }
    }

    static boolean offered(Outcome outcome, CallId call) {
        for (Event e : outcome.events()) {
            if (e instanceof Event.CallOffered o && o.call().equals(call)) {
                return true;
            }
        }
        return false;
    }
}
