package dev.switchboard.core.command;

import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Everything that can happen to the routing state. Each command carries the time it happened. */
public sealed interface Command {
    Instant at();

    // ---- configuration ----

    /** Create or replace a service. */
    record ConfigureService(Instant at, ServiceConfig service) implements Command {}

    /** Remove a service; refused while calls wait in it or talk through it. */
    record RemoveService(Instant at, ServiceId service) implements Command {}

    /** Create or replace an agent. */
    record ConfigureAgent(Instant at, AgentConfig agent) implements Command {}

    /** Remove an agent (also from every service's members); refused while it rings or talks. */
    record RemoveAgent(Instant at, AgentId agent) implements Command {}

    /** Create or replace a responsibility profile. */
    record ConfigureProfile(Instant at, ResponsibilityProfile profile) implements Command {}

    /** Remove a profile; agents on it go off duty. */
    record RemoveProfile(Instant at, ProfileId profile) implements Command {}

    // ---- call control (from the telephony side) ----

    /** A caller arrived at a service. */
    record CallArrived(Instant at, CallId call, ServiceId service, Priority priority, String caller)
            implements Command {
        public CallArrived {
            Objects.requireNonNull(call, "call");
            Objects.requireNonNull(service, "service");
            priority = priority == null ? Priority.NORMAL : priority;
        }
    }

    /** The caller hung up (while waiting or while an offer rang). */
    record CallerHungUp(Instant at, CallId call) implements Command {}

    /** The agent accepted the offer ringing on their client. */
    record OfferAccepted(Instant at, CallId call, AgentId agent) implements Command {}

    /** The agent declined the offer. */
    record OfferDeclined(Instant at, CallId call, AgentId agent) implements Command {}

    /** A connected call ended (either side hung up). */
    record CallEnded(Instant at, CallId call) implements Command {}

    /**
     * The telephony side knows the agent is in (or left) a call Switchboard did not route, e.g.
     * an outbound call: the agent is then not selectable whatever presence says.
     */
    record ExternalCallReported(Instant at, AgentId agent, boolean inCall) implements Command {}

    // ---- presence ----

    /** A presence source observed an agent's presence. Older stamps never overwrite newer ones. */
    record PresenceObserved(Instant at, AgentId agent, Presence presence) implements Command {
        public PresenceObserved {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(presence, "presence");
        }
    }

    /**
     * A presence source's tracking of these agents failed or recovered. While detailed tracking
     * is down for an agent, its coarse presence decides; when it returns, detailed decides again.
     *
     * @param agents the agents affected; empty means every agent
     * @param fidelity which slot the source feeds
     * @param tracking whether tracking works (true) or failed (false)
     * @param source the source's name, for the journal and the dashboard
     * @param reason why, e.g. "WRONG_PASSWORD (AADSTS50126)"
     */
    record PresenceTrackingChanged(
            Instant at, List<AgentId> agents, Fidelity fidelity, boolean tracking, String source, String reason)
            implements Command {
        public PresenceTrackingChanged {
            agents = List.copyOf(agents);
            Objects.requireNonNull(fidelity, "fidelity");
            Objects.requireNonNull(source, "source");
            reason = reason == null ? "" : reason;
        }
    }

    // ---- agent actions ----

    /** The agent switches responsibility profile; null means off duty. */
    record DutyChanged(Instant at, AgentId agent, ProfileId profile) implements Command {}

    /** The agent (or an owner) toggles the agent active or inactive in one service. */
    record ActiveInServiceChanged(Instant at, AgentId agent, ServiceId service, boolean active) implements Command {}

    /** The agent is ready for calls again. */
    record AgentReady(Instant at, AgentId agent) implements Command {}

    /** The agent is not ready, with a reason ("Break", "Training"). */
    record AgentNotReady(Instant at, AgentId agent, String reason) implements Command {
        public AgentNotReady {
            reason = reason == null || reason.isBlank() ? "Not ready" : reason;
        }
    }

    /** Clear the agent's RONA state by hand. */
    record ResetRona(Instant at, AgentId agent) implements Command {}

    /** The agent finished after-call work early. */
    record EndAfterCallWork(Instant at, AgentId agent) implements Command {}

    /** The agent needs more after-call work: a new counter of {@code extension} starts now. */
    record ExtendAfterCallWork(Instant at, AgentId agent, Duration extension) implements Command {
        public ExtendAfterCallWork {
            Objects.requireNonNull(extension, "extension");
        }
    }

    // ---- time ----

    /** Time has passed: fire every deadline due at or before {@code at}. */
    record Tick(Instant at) implements Command {}
}
