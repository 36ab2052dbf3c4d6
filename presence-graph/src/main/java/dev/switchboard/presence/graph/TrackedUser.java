package dev.switchboard.presence.graph;

import dev.switchboard.core.model.AgentId;
import java.util.Objects;

/**
 * An agent whose presence is tracked, and the Entra user object id presence is read for.
 *
 * @param agent the agent
 * @param userId the user's object id (a GUID)
 */
public record TrackedUser(AgentId agent, String userId) {
    public TrackedUser {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(userId, "userId");
        if (userId.isBlank()) {
            throw new IllegalArgumentException("userId must not be blank");
        }
    }
}
