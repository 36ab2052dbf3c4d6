package dev.switchboard.core.routing;

import dev.switchboard.core.model.ServiceId;
import java.util.List;

/**
 * Whether an agent is selectable for one service right now, per escalation level, with the
 * ordered reasons when not.
 */
public record ServiceEligibility(ServiceId service, boolean member, boolean active, List<List<Reason>> reasonsByLevel) {
    public ServiceEligibility {
        reasonsByLevel = reasonsByLevel.stream().map(List::copyOf).toList();
    }

    /** Selectable for a call that just arrived (level 0). */
    public boolean selectable() {
        return reasonsByLevel.get(0).isEmpty();
    }

    public List<Reason> reasons() {
        return reasonsByLevel.get(0);
    }
}
