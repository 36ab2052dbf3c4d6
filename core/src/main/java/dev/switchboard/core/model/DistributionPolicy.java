package dev.switchboard.core.model;

import dev.switchboard.core.presence.PresenceGroup;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which presence groups a service distributes calls to. In a call and presenting are never
 * distributed, whatever the policy says: the constructor refuses them.
 *
 * @param distributed the groups that may be offered calls
 * @param offerWhenOutOfOffice whether the out-of-office overlay still allows offers
 */
public record DistributionPolicy(Set<PresenceGroup> distributed, boolean offerWhenOutOfOffice) {
    public DistributionPolicy {
        Validation.requireNonNull(distributed, "policy.distributed");
        for (PresenceGroup g : distributed) {
            if (!g.configurable()) {
                throw new InvalidConfigException(
                        "policy.distributed", "cannot include " + g + ": agents in a call are never offered calls");
            }
        }
        // An EnumSet keeps the order stable, so the journal and state hashes are reproducible.
        distributed = Collections.unmodifiableSet(
                distributed.isEmpty() ? EnumSet.noneOf(PresenceGroup.class) : EnumSet.copyOf(distributed));
    }

    /** Available only — the safe default. */
    public static DistributionPolicy availableOnly() {
        return new DistributionPolicy(EnumSet.of(PresenceGroup.AVAILABLE), true);
    }

    public static DistributionPolicy of(PresenceGroup... groups) {
        return new DistributionPolicy(groups.length == 0 ? Set.of() : EnumSet.of(groups[0], groups), true);
    }

    public boolean distributes(PresenceGroup group) {
        return distributed.contains(group);
    }
}
