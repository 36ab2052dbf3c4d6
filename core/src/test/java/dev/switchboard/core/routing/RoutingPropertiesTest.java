package dev.switchboard.core.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.testing.RandomWalk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Random command sequences against the indexed core and the naive reference: both must emit the
 * same events for every command, the invariants must hold after every command, every call must
 * end in exactly one terminal state, and replaying the events must rebuild the same state.
 */
class RoutingPropertiesTest {

    @Property(tries = 400)
    void indexedAndReferenceDecideIdentically(
            @ForAll long seed,
            @ForAll @IntRange(min = 2, max = 9) int agents,
            @ForAll @IntRange(min = 1, max = 4) int services) {
        RoutingCore fast = RoutingCore.indexedWithChecks();
        RoutingCore reference = RoutingCore.reference();
        RandomWalk walk = new RandomWalk(seed, agents, services);
        List<Event> journal = new ArrayList<>();
        TerminalStates terminals = new TerminalStates();

        List<Command> commands = new ArrayList<>(walk.setup());
        RoutingCore restored = null;
        int step = 0;
        while (step < 400) {
            Command command = commands.isEmpty() ? walk.next(fast.snapshot()) : commands.remove(0);
            step++;
            if (step == 200) {
                // A snapshot taken mid-day must decide exactly like the core it was taken from.
                restored = RoutingCore.restore(fast.exportState());
                assertThat(restored.stateHash()).as("seed %d: restored", seed).isEqualTo(fast.stateHash());
                restored.validateInvariants();
            }
            Outcome a = fast.handle(command);
            Outcome b = reference.handle(command);
            if (restored != null) {
                assertThat(restored.handle(command).events())
                        .as("seed %d step %d after restore: %s", seed, step, command)
                        .isEqualTo(a.events());
            }
            assertThat(a.events())
                    .as("seed %d step %d: %s", seed, step, command)
                    .isEqualTo(b.events());
            assertThat(a.rejection()).as("seed %d step %d", seed, step).isEqualTo(b.rejection());
            fast.validateInvariants();
            terminals.record(a.events(), seed);
            journal.addAll(a.events());
        }
        for (Command command : walk.drain(fast.snapshot())) {
            Outcome a = fast.handle(command);
            assertThat(a.events()).isEqualTo(reference.handle(command).events());
            terminals.record(a.events(), seed);
            journal.addAll(a.events());
        }
        fast.validateInvariants();
        assertThat(fast.activeCallCount())
                .as("seed %d: calls left after draining", seed)
                .isZero();
        terminals.assertAllEnded(seed);
        assertThat(fast.stateHash()).isEqualTo(reference.stateHash());

        RoutingCore replayed = RoutingCore.indexed();
        journal.forEach(replayed::apply);
        replayed.validateInvariants();
        assertThat(replayed.stateHash()).as("seed %d: replay", seed).isEqualTo(fast.stateHash());
    }

    /** Tracks each call from queued (or rejected) to exactly one terminal event. */
    static final class TerminalStates {
        private final Map<CallId, String> state = new HashMap<>();

        void record(List<Event> events, long seed) {
            for (Event e : events) {
                switch (e) {
                    case Event.CallQueued q -> {
                        String previous = state.get(q.call());
                        assertThat(previous == null || previous.startsWith("ended"))
                                .as("seed %d: %s queued while %s", seed, q.call(), previous)
                                .isTrue();
                        state.put(q.call(), "active");
                    }
                    case Event.CallRejected r -> state.put(r.call(), "ended:rejected");
                    case Event.CallOverflowed o -> end(o.call(), "overflowed", seed);
                    case Event.CallTimedOut t -> end(t.call(), "timed out", seed);
                    case Event.CallAbandoned a -> end(a.call(), "abandoned", seed);
                    case Event.CallCompleted c -> end(c.call(), "completed", seed);
                    default -> {}
                }
            }
        }

        private void end(CallId call, String how, long seed) {
            assertThat(state.get(call))
                    .as("seed %d: %s %s twice or never queued", seed, call, how)
                    .isEqualTo("active");
            state.put(call, "ended:" + how);
        }

        void assertAllEnded(long seed) {
            state.forEach(
                    (call, s) -> assertThat(s).as("seed %d: %s", seed, call).startsWith("ended"));
        }
    }
}
