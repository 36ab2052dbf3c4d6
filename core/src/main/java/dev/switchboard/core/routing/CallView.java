package dev.switchboard.core.routing;

import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceId;
import java.time.Instant;
import java.util.List;

/** An immutable picture of one active call. {@code status} is WAITING, RINGING or CONNECTED. */
public record CallView(
        CallId id,
        ServiceId service,
        Priority priority,
        String caller,
        Instant arrivedAt,
        String status,
        int level,
        List<AgentId> ringing,
        Instant ringExpiresAt,
        AgentId agent,
        Instant connectedAt,
        int offers,
        Explanation lastExplanation) {
    public CallView {
        ringing = List.copyOf(ringing);
    }
}
