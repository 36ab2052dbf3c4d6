package dev.switchboard.core.event;

import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import java.time.Instant;
import java.util.List;

/** A fact the core decided. */
public sealed interface Event {
    Instant at();

    // ---- configuration ----

    record ServiceConfigured(Instant at, ServiceConfig service) implements Event {}

    record ServiceRemoved(Instant at, ServiceId service) implements Event {}

    record AgentConfigured(Instant at, AgentConfig agent) implements Event {}

    /** The agent is gone, and with it its place in every service's members. */
    record AgentRemoved(Instant at, AgentId agent) implements Event {}

    record ProfileConfigured(Instant at, ResponsibilityProfile profile) implements Event {}

    /** The profile is gone; agents on it are now off duty. */
    record ProfileRemoved(Instant at, ProfileId profile) implements Event {}

    // ---- calls ----

    /** A call entered its service's queue. */
    record CallQueued(Instant at, CallId call, ServiceId service, Priority priority, String caller) implements Event {}

    /** A call was turned away on arrival without queueing. */
    record CallRejected(Instant at, CallId call, ServiceId service, RejectReason reason, CallAction action)
            implements Event {}

    /** A queued call did not fit into the queue (max size) and left by the overflow action. */
    record CallOverflowed(Instant at, CallId call, CallAction action) implements Event {}

    /** A call waited the service's max wait and left by the timeout action. */
    record CallTimedOut(Instant at, CallId call, CallAction action) implements Event {}

    /** A call has waited long enough for the next escalation level (usually a wider pool). */
    record CallEscalated(Instant at, CallId call, int level) implements Event {}

    /** A call rings on these agents until {@code expiresAt}. */
    record CallOffered(Instant at, CallId call, List<AgentId> agents, Instant expiresAt, Explanation explanation)
            implements Event {
        public CallOffered {
            agents = List.copyOf(agents);
        }
    }

    /** One agent declined the call ringing on them. */
    record OfferDeclined(Instant at, CallId call, AgentId agent) implements Event {}

    /** Nobody answered within the alert time. */
    record OfferExpired(Instant at, CallId call, List<AgentId> agents) implements Event {
        public OfferExpired {
            agents = List.copyOf(agents);
        }
    }

    /** The call stopped ringing on these agents for a reason that is not theirs. */
    record OfferCancelled(Instant at, CallId call, List<AgentId> agents, CancelReason reason) implements Event {
        public OfferCancelled {
            agents = List.copyOf(agents);
        }
    }

    /** No offer rings any more: the call waits again at the head of its queue. */
    record CallRequeued(Instant at, CallId call) implements Event {}

    /** An agent answered; the caller talks to them. */
    record CallConnected(Instant at, CallId call, AgentId agent) implements Event {}

    /** The caller hung up before talking to anyone. */
    record CallAbandoned(Instant at, CallId call, boolean whileRinging) implements Event {}

    /** A connected call ended. */
    record CallCompleted(Instant at, CallId call, AgentId agent) implements Event {}

    // ---- agents ----

    /** A presence observation was accepted into the agent's slot for its fidelity. */
    record AgentPresenceChanged(Instant at, AgentId agent, Presence presence) implements Event {}

    /**
     * Presence tracking failed over (tracking false) or returned (true) for these agents (empty:
     * all). The dashboard and the journal show both directions.
     */
    record PresenceTrackingChanged(
            Instant at, List<AgentId> agents, Fidelity fidelity, boolean tracking, String source, String reason)
            implements Event {
        public PresenceTrackingChanged {
            agents = List.copyOf(agents);
        }
    }

    /** The agent switched profile; null means off duty. */
    record DutyChanged(Instant at, AgentId agent, ProfileId profile) implements Event {}

    record ActiveInServiceChanged(Instant at, AgentId agent, ServiceId service, boolean active) implements Event {}

    /** Ready (reason null) or not ready with a reason. */
    record AgentReadinessChanged(Instant at, AgentId agent, boolean ready, String reason) implements Event {}

    /** The agent missed or declined {@code call} and is not selectable until {@code until}. */
    record RonaStarted(Instant at, AgentId agent, CallId call, Instant until) implements Event {}

    record RonaCleared(Instant at, AgentId agent, RonaClearReason reason) implements Event {}

    /** The agent wraps up {@code call} until {@code until} (again after an extension). */
    record AfterCallWorkStarted(Instant at, AgentId agent, CallId call, Instant until) implements Event {}

    record AfterCallWorkEnded(Instant at, AgentId agent, boolean early) implements Event {}

    /** The telephony side reported a call Switchboard did not route. */
    record ExternalCallChanged(Instant at, AgentId agent, boolean inCall) implements Event {}
}
