package dev.switchboard.http.port;

import dev.switchboard.core.event.CancelReason;
import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceId;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call with every offer it made, as the server's call log or the history knows it: "who was
 * offered this call, why, and what did they do". {@code endedAt} and {@code outcome} are null
 * while the call is active.
 *
 * @param level the highest escalation level the call reached
 * @param agent the agent who answered it, or null
 * @param action the action the call left by (forward, voicemail, ...), or null
 * @param offers in the order they rang
 */
public record CallRecord(
        CallId id,
        ServiceId service,
        Priority priority,
        String caller,
        Instant arrivedAt,
        int level,
        AgentId agent,
        Instant connectedAt,
        Instant endedAt,
        Outcome outcome,
        CallAction action,
        List<Offer> offers) {
    public CallRecord {
        offers = List.copyOf(offers);
    }

    /** How a call left Switchboard. */
    public enum Outcome {
        COMPLETED,
        ABANDONED,
        OVERFLOWED,
        TIMED_OUT,
        REJECTED
    }

    /** What became of one offer on one agent. */
    public enum OfferOutcome {
        RINGING,
        ACCEPTED,
        DECLINED,
        EXPIRED,
        CANCELLED
    }

    /**
     * One offer: who rang, until when, why they were chosen, and how each answered.
     *
     * @param endedAt when the last agent stopped ringing, or null while one still rings
     * @param cancelReason why the offer was cancelled, or null
     */
    public record Offer(
            Instant at,
            List<AgentId> agents,
            Instant expiresAt,
            Instant endedAt,
            Map<AgentId, OfferOutcome> outcomes,
            CancelReason cancelReason,
            Explanation explanation) {
        public Offer {
            agents = List.copyOf(agents);
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }
    }

    /** The last offer, or null if the call was never offered. */
    public Offer lastOffer() {
        return offers.isEmpty() ? null : offers.get(offers.size() - 1);
    }

    /**
     * Whether the call concerns this agent: it answered the call, or the call's last offer rang
     * on it.
     */
    public boolean concerns(AgentId agent) {
        Offer last = lastOffer();
        return agent.equals(this.agent) || (last != null && last.agents().contains(agent));
    }
}
