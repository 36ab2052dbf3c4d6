package dev.switchboard.core.routing;

import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import java.time.Instant;
import java.util.List;

/**
 * An immutable picture of one agent for readers: presence per source and which one counts,
 * Switchboard's flags, and per service whether the agent is selectable and why not.
 */
public record AgentView(
        AgentConfig config,
        Presence detailed,
        Presence coarse,
        boolean detailedTracking,
        boolean coarseTracking,
        Presence effective,
        PresenceGroup group,
        boolean outOfOffice,
        Instant groupSince,
        ProfileId profile,
        boolean onDuty,
        String notReadyReason,
        boolean externalCall,
        CallId ringingFor,
        CallId connectedCall,
        Instant acwUntil,
        Instant ronaUntil,
        Instant lastCallEnded,
        Instant lastOfferAt,
        AgentStatus status,
        Instant statusSince,
        List<ServiceEligibility> services) {
    public AgentView {
        services = List.copyOf(services);
    }
}
