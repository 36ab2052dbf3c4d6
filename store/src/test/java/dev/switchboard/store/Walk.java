package dev.switchboard.store;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.testing.RandomWalk;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A seeded stream of realistic commands: the core's {@link RandomWalk} driven by a shadow core,
 * so commands can be generated ahead of an engine that has not decided them yet. The engine
 * decides exactly what the shadow decided, because the core is deterministic.
 */
public final class Walk {
    private final RandomWalk walk;
    private final RoutingCore shadow = RoutingCore.indexed();
    private final Deque<Command> setup;
    private final long seed;
    private Outcome last;

    public Walk(long seed, int agents, int services) {
        this.seed = seed;
        this.walk = new RandomWalk(seed, agents, services);
        this.setup = new ArrayDeque<>(walk.setup());
    }

    public long seed() {
        return seed;
    }

    /** The next command; the shadow has decided it already. */
    public Command next() {
        Command command = setup.isEmpty() ? walk.next(shadow.snapshot()) : setup.poll();
        last = shadow.handle(command);
        return command;
    }

    /** The events the shadow decided for the command returned last. */
    public List<Event> lastEvents() {
        return last.events();
    }

    /** The shadow core, for comparisons (the state after the commands returned so far). */
    public RoutingCore shadow() {
        return shadow;
    }
}
