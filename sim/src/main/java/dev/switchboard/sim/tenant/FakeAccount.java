package dev.switchboard.sim.tenant;

import java.util.Objects;
import java.util.Set;

/**
 * A user that can sign in (ROPC) and hold delegated Graph permissions, e.g. a presence account.
 * {@code password} is a fake test credential; it is never logged.
 */
public record FakeAccount(
        String username, String password, String objectId, String displayName, Set<String> delegatedPermissions) {

    public FakeAccount {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(objectId, "objectId");
        displayName = displayName == null ? username : displayName;
        delegatedPermissions = Set.copyOf(delegatedPermissions);
    }

    @Override
    public String toString() {
        return "FakeAccount[" + username + ", " + objectId + ", " + delegatedPermissions + "]";
    }
}
