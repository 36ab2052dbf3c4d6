package dev.switchboard.http.live;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.core.routing.AgentStatus;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.core.routing.CallView;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each agent's current status word began ("talking since 9:12"), which the core's view does
 * not carry. It follows the status inputs through the events and derives the status the core's
 * way ({@link AgentStatus#of}); it is seeded once from a snapshot taken on the engine's thread
 * between two batches, so it starts in step with the core.
 *
 * <p>What happened before the server started is not in the events: for a status that began then
 * (or whenever this clock and a snapshot disagree for a moment) the view's own times give the
 * answer where they can — the connected call's start, the last offer, the last call's end, the
 * presence group's start — and otherwise there is none.
 */
public final class AgentStatusClock implements EventSink {
    /** The inputs of one agent's status, and the status they gave last and since when. */
    private static final class Inputs {
        PresenceGroup detailed;
        PresenceGroup coarse;
        boolean detailedTracking = true;
        boolean coarseTracking = true;
        CallId ringing;
        CallId connected;
        boolean afterCallWork;
        boolean rona;
        boolean externalCall;
        boolean notReady;
        AgentStatus status;
        Instant since;

        AgentStatus derive() {
            PresenceGroup group = detailed != null && detailedTracking
                    ? detailed
                    : coarse != null && coarseTracking ? coarse : PresenceGroup.OFFLINE;
            return AgentStatus.of(
                    connected != null, ringing != null, afterCallWork, rona, externalCall, notReady, group);
        }

        void update(Instant at) {
            AgentStatus next = derive();
            if (next != status) {
                status = next;
                since = at;
            }
        }
    }

    private final Map<AgentId, Inputs> agents = new HashMap<>();

    @Override
    public synchronized void publish(List<JournaledEvent> events) {
        for (JournaledEvent e : events) {
            apply(e.event());
        }
    }

    /**
     * Takes every agent's inputs and status from a snapshot; must run on the engine's thread
     * between batches (see {@code Engine.read}), so no event is applied twice or missed.
     */
    public synchronized void seed(RoutingSnapshot snapshot) {
        agents.clear();
        for (AgentView v : snapshot.agents().values()) {
            Inputs in = new Inputs();
            in.detailed = group(v.detailed());
            in.coarse = group(v.coarse());
            in.detailedTracking = v.detailedTracking();
            in.coarseTracking = v.coarseTracking();
            in.ringing = v.ringingFor();
            in.connected = v.connectedCall();
            in.afterCallWork = v.acwUntil() != null;
            in.rona = v.ronaUntil() != null;
            in.externalCall = v.externalCall();
            in.notReady = v.notReadyReason() != null;
            in.status = v.status();
            in.since = fromView(v, snapshot);
            agents.put(v.config().id(), in);
        }
    }

    /** When the agent's current status began, or null if it cannot be told. */
    public Instant statusSince(AgentView view, RoutingSnapshot snapshot) {
        synchronized (this) {
            Inputs in = agents.get(view.config().id());
            if (in != null && in.status == view.status() && in.since != null) {
                return in.since;
            }
        }
        return fromView(view, snapshot);
    }

    /** The best the view itself tells about when its status began. */
    private static Instant fromView(AgentView v, RoutingSnapshot snapshot) {
        return switch (v.status()) {
            case CONNECTED -> {
                CallView call =
                        v.connectedCall() == null ? null : snapshot.calls().get(v.connectedCall());
                yield call == null ? null : call.connectedAt();
            }
            case RINGING -> set(v.lastOfferAt());
            case AFTER_CALL_WORK -> set(v.lastCallEnded());
            case RONA, IN_EXTERNAL_CALL, NOT_READY -> null;
            // The presence group's start, unless a call of Switchboard's ended later.
            case IN_A_CALL, PRESENTING, AVAILABLE, BUSY, IN_A_MEETING, DO_NOT_DISTURB, AWAY, OFFLINE -> {
                Instant group = set(v.groupSince());
                Instant call = set(v.lastCallEnded());
                yield group == null || (call != null && call.isAfter(group)) ? call : group;
            }
        };
    }

    /** The core uses the epoch for "never". */
    private static Instant set(Instant t) {
        return t == null || !t.isAfter(Instant.EPOCH) ? null : t;
    }

    private static PresenceGroup group(Presence p) {
        return p == null ? null : p.group();
    }

    private Inputs agent(AgentId id) {
        return agents.get(id);
    }

    private void apply(Event event) {
        Instant at = event.at();
        switch (event) {
            case Event.AgentConfigured e -> {
                if (!agents.containsKey(e.agent().id())) {
                    Inputs in = new Inputs();
                    in.update(at);
                    agents.put(e.agent().id(), in);
                }
            }
            case Event.AgentRemoved e -> agents.remove(e.agent());
            case Event.AgentPresenceChanged e ->
                change(e.agent(), at, in -> {
                    if (e.presence().fidelity() == Fidelity.DETAILED) {
                        in.detailed = e.presence().group();
                    } else {
                        in.coarse = e.presence().group();
                    }
                });
            case Event.PresenceTrackingChanged e -> {
                for (AgentId id : e.agents().isEmpty() ? List.copyOf(agents.keySet()) : e.agents()) {
                    change(id, at, in -> {
                        if (e.fidelity() == Fidelity.DETAILED) {
                            in.detailedTracking = e.tracking();
                        } else {
                            in.coarseTracking = e.tracking();
                        }
                    });
                }
            }
            case Event.CallOffered e -> {
                for (AgentId id : e.agents()) {
                    change(id, at, in -> in.ringing = e.call());
                }
            }
            case Event.OfferDeclined e -> stopRinging(e.agent(), e.call(), at);
            case Event.OfferExpired e -> e.agents().forEach(id -> stopRinging(id, e.call(), at));
            case Event.OfferCancelled e -> e.agents().forEach(id -> stopRinging(id, e.call(), at));
            case Event.CallConnected e ->
                change(e.agent(), at, in -> {
                    in.ringing = null;
                    in.connected = e.call();
                });
            case Event.CallCompleted e -> change(e.agent(), at, in -> in.connected = null);
            case Event.AfterCallWorkStarted e -> change(e.agent(), at, in -> in.afterCallWork = true);
            case Event.AfterCallWorkEnded e -> change(e.agent(), at, in -> in.afterCallWork = false);
            case Event.RonaStarted e -> change(e.agent(), at, in -> in.rona = true);
            case Event.RonaCleared e -> change(e.agent(), at, in -> in.rona = false);
            case Event.ExternalCallChanged e -> change(e.agent(), at, in -> in.externalCall = e.inCall());
            case Event.AgentReadinessChanged e -> change(e.agent(), at, in -> in.notReady = !e.ready());
            case Event.ServiceConfigured e -> {}
            case Event.ServiceRemoved e -> {}
            case Event.ProfileConfigured e -> {}
            case Event.ProfileRemoved e -> {}
            case Event.CallQueued e -> {}
            case Event.CallRejected e -> {}
            case Event.CallOverflowed e -> {}
            case Event.CallTimedOut e -> {}
            case Event.CallEscalated e -> {}
            case Event.CallRequeued e -> {}
            case Event.CallAbandoned e -> {}
            case Event.DutyChanged e -> {}
            case Event.ActiveInServiceChanged e -> {}
        }
    }

    private void stopRinging(AgentId id, CallId call, Instant at) {
        change(id, at, in -> {
            if (call.equals(in.ringing)) {
                in.ringing = null;
            }
        });
    }

    private void change(AgentId id, Instant at, java.util.function.Consumer<Inputs> how) {
        Inputs in = agent(id);
        if (in != null) {
            how.accept(in);
            in.update(at);
        }
    }
}
