package dev.switchboard.core.testing;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.Reason;
import dev.switchboard.core.routing.ReasonCode;
import dev.switchboard.core.routing.RoutingCore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A given/when/then DSL over a {@link RoutingCore} on a virtual clock. Every command goes through
 * {@link #send}, which also checks the core's invariants.
 */
public final class Scenario {
    /** A Monday morning, so opening hours tests read naturally. */
    public static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private final RoutingCore core;
    private Instant now = T0;
    private final List<Event> events = new ArrayList<>();
    private Outcome last;
    private long sequence;

    private Scenario(RoutingCore core) {
        this.core = core;
    }

    public static Scenario start() {
        return new Scenario(RoutingCore.indexedWithChecks());
    }

    public static Scenario on(RoutingCore core) {
        return new Scenario(core);
    }

    public RoutingCore core() {
        return core;
    }

    public Instant now() {
        return now;
    }

    public Outcome send(Command command) {
        last = core.handle(command);
        events.addAll(last.events());
        core.validateInvariants();
        return last;
    }

    public Outcome last() {
        return last;
    }

    public List<Event> events() {
        return events;
    }

    /** Moves the virtual clock and ticks the core. */
    public Scenario after(Duration d) {
        now = now.plus(d);
        send(new Command.Tick(now));
        return this;
    }

    public Scenario afterSeconds(long seconds) {
        return after(Duration.ofSeconds(seconds));
    }

    // ---- given ----

    public Scenario agent(String id) {
        send(new Command.ConfigureAgent(now, AgentConfig.of(id)));
        return this;
    }

    public Scenario agent(String id, Map<String, Integer> skills) {
        send(new Command.ConfigureAgent(now, AgentConfig.of(id).withSkills(skills)));
        return this;
    }

    public Scenario agents(String... ids) {
        for (String id : ids) {
            agent(id);
        }
        return this;
    }

    public Scenario service(String id, Consumer<ServiceConfig.Builder> config) {
        ServiceConfig.Builder b = ServiceConfig.builder(id);
        config.accept(b);
        send(new Command.ConfigureService(now, b.build()));
        return this;
    }

    public Scenario profile(ResponsibilityProfile profile) {
        send(new Command.ConfigureProfile(now, profile));
        return this;
    }

    public Scenario presence(String agent, Availability availability, Activity activity) {
        send(new Command.PresenceObserved(
                now,
                AgentId.of(agent),
                Presence.detailed(availability, activity, "test", String.format("%012d", ++sequence), now)));
        return this;
    }

    public Scenario coarse(String agent, Availability availability) {
        send(new Command.PresenceObserved(now, AgentId.of(agent), Presence.coarse(availability, "federation", now)));
        return this;
    }

    public Scenario available(String... agents) {
        for (String a : agents) {
            presence(a, Availability.AVAILABLE, Activity.AVAILABLE);
        }
        return this;
    }

    public Scenario inCall(String agent) {
        return presence(agent, Availability.BUSY, Activity.IN_A_CALL);
    }

    public Scenario inMeeting(String agent) {
        return presence(agent, Availability.BUSY, Activity.IN_A_MEETING);
    }

    public Scenario duty(String agent, String profile) {
        send(new Command.DutyChanged(now, AgentId.of(agent), profile == null ? null : ProfileId.of(profile)));
        return this;
    }

    // ---- when ----

    public Scenario call(String id, String service) {
        return call(id, service, Priority.NORMAL);
    }

    public Scenario call(String id, String service, Priority priority) {
        send(new Command.CallArrived(now, CallId.of(id), ServiceId.of(service), priority, "+41000000" + id));
        return this;
    }

    public Scenario accept(String call, String agent) {
        send(new Command.OfferAccepted(now, CallId.of(call), AgentId.of(agent)));
        return this;
    }

    public Scenario decline(String call, String agent) {
        send(new Command.OfferDeclined(now, CallId.of(call), AgentId.of(agent)));
        return this;
    }

    public Scenario end(String call) {
        send(new Command.CallEnded(now, CallId.of(call)));
        return this;
    }

    public Scenario hangUp(String call) {
        send(new Command.CallerHungUp(now, CallId.of(call)));
        return this;
    }

    // ---- then ----

    /** The agents the call was offered to most recently, or an empty list. */
    public List<String> offeredTo(String call) {
        List<String> agents = List.of();
        for (Event e : events) {
            if (e instanceof Event.CallOffered o && o.call().value().equals(call)) {
                agents = o.agents().stream().map(AgentId::value).toList();
            }
        }
        return agents;
    }

    public Event.CallOffered lastOffer(String call) {
        Event.CallOffered last = null;
        for (Event e : events) {
            if (e instanceof Event.CallOffered o && o.call().value().equals(call)) {
                last = o;
            }
        }
        return last;
    }

    public <E extends Event> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<ReasonCode> why(String agent, String service) {
        return core.reasons(AgentId.of(agent), ServiceId.of(service), 0).stream()
                .map(Reason::code)
                .toList();
    }
}
