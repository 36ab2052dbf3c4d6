package dev.switchboard.sim.tenant;

import java.util.Objects;

/**
 * A presence to set for a user. The strings are sent to clients verbatim, so unknown or
 * camelCase values can be injected to exercise tolerant parsing.
 */
public record PresenceUpdate(String id, String availability, String activity, boolean outOfOffice) {
    public PresenceUpdate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(activity, "activity");
    }

    public PresenceUpdate(String id, String availability, String activity) {
        this(id, availability, activity, false);
    }
}
