package dev.switchboard.core.routing;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceId;
import java.time.Instant;
import java.util.Map;

/**
 * An immutable picture of the whole routing state, safe to hand to any thread.
 *
 * @param at the core's time when it was taken
 * @param version how many events the core had applied
 */
public record RoutingSnapshot(
        Instant at,
        long version,
        Map<AgentId, AgentView> agents,
        Map<ServiceId, ServiceView> services,
        Map<CallId, CallView> calls,
        Map<ProfileId, ResponsibilityProfile> profiles) {}
