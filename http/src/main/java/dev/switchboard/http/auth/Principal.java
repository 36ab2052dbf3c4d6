package dev.switchboard.http.auth;

import dev.switchboard.core.model.AgentId;
import java.util.Set;

/**
 * Who sent a request: the token's name, roles and, for agent tokens, the agent.
 *
 * @param agent the agent an agent token acts for, else null
 */
public record Principal(String name, Set<Role> roles, AgentId agent) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
