package dev.switchboard.http.api;

import dev.switchboard.http.auth.Role;
import java.util.Set;

/**
 * One route of the API as registered: method, path in OpenAPI form ({@code /api/agents/{agentId}})
 * and the roles that may call it (empty: no token needed).
 */
public record ApiRoute(String method, String path, Set<Role> roles) {
    public ApiRoute {
        roles = Set.copyOf(roles);
    }

    public boolean open() {
        return roles.isEmpty();
    }
}
