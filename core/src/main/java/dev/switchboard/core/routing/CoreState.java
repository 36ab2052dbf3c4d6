package dev.switchboard.core.routing;

import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Presence;
import java.time.Instant;
import java.util.List;

/**
 * Everything a {@link RoutingCore} knows, as plain data: what a snapshot stores so a restart need
 * not replay the whole journal. {@link RoutingCore#restore} rebuilds the derived parts (indexes,
 * queues, counters), and the restored core decides exactly as the original would have.
 */
public record CoreState(
        Instant now,
        long version,
        long deadlineSequence,
        long callSequence,
        int agentOrdinals,
        List<ResponsibilityProfile> profiles,
        List<AgentRecord> agents,
        List<ServiceRecord> services,
        List<CallRecord> calls,
        List<DeadlineRecord> deadlines) {

    public CoreState {
        profiles = List.copyOf(profiles);
        agents = List.copyOf(agents);
        services = List.copyOf(services);
        calls = List.copyOf(calls);
        deadlines = List.copyOf(deadlines);
    }

    /** One agent; {@code services} lists its memberships in the order they were made. */
    public record AgentRecord(
            AgentConfig config,
            int ordinal,
            Presence detailed,
            Presence coarse,
            boolean detailedTracking,
            boolean coarseTracking,
            Instant groupSince,
            ProfileId profile,
            String notReadyReason,
            boolean externalCall,
            Instant acwUntil,
            CallId acwCall,
            long acwToken,
            Instant ronaUntil,
            long ronaToken,
            Instant lastCallEnded,
            Instant lastOfferAt,
            Instant statusSince,
            List<ServiceId> services) {
        public AgentRecord {
            services = List.copyOf(services);
        }
    }

    /** One service with its members' active toggles (in member order). */
    public record ServiceRecord(ServiceConfig config, List<Boolean> active, int roundRobinPointer) {
        public ServiceRecord {
            active = List.copyOf(active);
        }
    }

    /** One active call. {@code status} is WAITING, RINGING or CONNECTED. */
    public record CallRecord(
            CallId id,
            ServiceId service,
            Priority priority,
            String caller,
            Instant arrivedAt,
            long sequence,
            String status,
            int level,
            List<AgentId> ringing,
            Instant ringExpiresAt,
            long offerToken,
            int offers,
            Explanation lastExplanation,
            List<AgentId> tried,
            AgentId agent,
            Instant connectedAt) {
        public CallRecord {
            ringing = List.copyOf(ringing);
            tried = List.copyOf(tried);
        }
    }

    /** A pending deadline; {@code kind} names a {@code Deadline.Kind}. */
    public record DeadlineRecord(Instant at, long sequence, String kind, CallId call, AgentId agent, long token) {}
}
