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
 * @param coarseBusy whether Busy is distributed also when only coarse presence is known: a
 *     federated "Busy" may be a call, so this is off by default, and a service that distributes
 *     Busy stays safe when detailed tracking fails over to coarse
 */
public record DistributionPolicy(Set<PresenceGroup> distributed, boolean offerWhenOutOfOffice, boolean coarseBusy) {
    public DistributionPolicy {
        Validation.requireNonNull(distributed, "policy.distributed");
        for (PresenceGroup g : distributed) {
            if (g == null) {
                throw new InvalidConfigException("policy.distributed", "must not contain null");
            }
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
        return new DistributionPolicy(EnumSet.of(PresenceGroup.AVAILABLE), true, false);
    }

    public static DistributionPolicy of(PresenceGroup... groups) {
        return new DistributionPolicy(groups.length == 0 ? Set.of() : EnumSet.of(groups[0], groups), true, false);
    }

    /** The same policy, distributing coarse Busy as well (the classic federation trade-off). */
    public DistributionPolicy withCoarseBusy(boolean value) {
        return new DistributionPolicy(distributed, offerWhenOutOfOffice, value);
    }

    public boolean distributes(PresenceGroup group) {
        return distributed.contains(group);
    }
}
