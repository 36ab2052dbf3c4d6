package dev.switchboard.core.routing;

import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import java.time.Instant;

/** Mutable routing state of one agent; owned by {@link RoutingCore}. */
final class AgentState {
    final AgentId id;
    /** Dense number used for dirty tracking in views. */
    final int ordinal;

    AgentConfig config;

    Presence detailed;
    Presence coarse;
    boolean detailedTracking = true;
    boolean coarseTracking = true;

    /** Derived from the slots above by {@link #recomputeEffective()}. */
    Presence effective;

    PresenceGroup group = PresenceGroup.OFFLINE;
    boolean outOfOffice;
    /** Whether the effective presence is coarse (derived, like the group). */
    boolean effectiveCoarse;

    Instant groupSince = Instant.EPOCH;

    ResponsibilityProfile profile;

    String notReadyReason;
    boolean externalCall;

    CallState ringingFor;
    CallState connectedCall;

    Instant acwUntil;
    CallId acwCall;
    int acwToken;

    Instant ronaUntil;
    int ronaToken;

    /** The agent's pending deadlines, removed as soon as they are moot. */
    Deadline acwDeadline;

    Deadline ronaDeadline;

    Instant lastCallEnded = Instant.EPOCH;
    Instant lastOfferAt = Instant.EPOCH;

    /** Whether the agent's snapshot view must be rebuilt. */
    boolean viewStale;

    /** The agent's status word and since when it holds (derived, kept for supervisors). */
    AgentStatus status = AgentStatus.OFFLINE;

    Instant statusSince = Instant.EPOCH;

    /** Services this agent is a member of, in the order they were configured. */
    Membership[] memberships = NO_MEMBERSHIPS;

    private static final Membership[] NO_MEMBERSHIPS = new Membership[0];

    /** Memberships change rarely (configuration) and are read constantly: a plain array is cheapest. */
    void addMembership(Membership m) {
        memberships = java.util.Arrays.copyOf(memberships, memberships.length + 1);
        memberships[memberships.length - 1] = m;
    }

    void removeMembership(Membership m) {
        for (int i = 0; i < memberships.length; i++) {
            if (memberships[i] == m) {
                Membership[] next = new Membership[memberships.length - 1];
                System.arraycopy(memberships, 0, next, 0, i);
                System.arraycopy(memberships, i + 1, next, i, memberships.length - i - 1);
                memberships = next;
                return;
            }
        }
    }

    AgentState(AgentConfig config, int ordinal) {
        this.id = config.id();
        this.config = config;
        this.ordinal = ordinal;
    }

    boolean onDuty() {
        return profile != null && profile.onDuty();
    }

    boolean inAfterCallWork() {
        return acwUntil != null;
    }

    boolean inRona() {
        return ronaUntil != null;
    }

    /** Recomputes every membership's skill caches (skills or profile changed). */
    void refreshSkills() {
        for (Membership m : memberships) {
            m.refreshSkills();
        }
    }

    /** Any Switchboard flag that blocks every service (layer 4). */
    boolean blockedByFlags() {
        return ringingFor != null
                || connectedCall != null
                || acwUntil != null
                || ronaUntil != null
                || notReadyReason != null
                || externalCall;
    }

    /** The level of a skill that counts under the current profile (0 when missing or inactive). */
    int activeLevel(String skill) {
        int level = config.level(skill);
        if (level == 0) {
            return 0;
        }
        if (profile != null
                && !profile.activeSkills().isEmpty()
                && !profile.activeSkills().contains(skill)) {
            return 0;
        }
        return level;
    }

    /**
     * Picks the best usable presence: detailed while its tracking works, else coarse while its
     * tracking works, else none (treated as offline). Restarts the group clock when the group
     * changes. Returns true if anything eligibility depends on changed (group, overlay, fidelity).
     */
    boolean recomputeEffective(Instant at) {
        Presence next;
        if (detailed != null && detailedTracking) {
            next = detailed;
        } else if (coarse != null && coarseTracking) {
            next = coarse;
        } else {
            next = null;
        }
        Fidelity previousFidelity = effective == null ? null : effective.fidelity();
        effective = next;
        PresenceGroup nextGroup = next == null ? PresenceGroup.OFFLINE : next.group();
        boolean nextOof = next != null && next.appearsOutOfOffice();
        Fidelity nextFidelity = next == null ? null : next.fidelity();
        boolean groupChanged = nextGroup != group;
        boolean changed = groupChanged || nextOof != outOfOffice || nextFidelity != previousFidelity;
        if (groupChanged) {
            groupSince = at;
        }
        group = nextGroup;
        outOfOffice = nextOof;
        effectiveCoarse = nextFidelity == Fidelity.COARSE;
        return changed;
    }

    Membership membership(ServiceState service) {
        for (Membership m : memberships) {
            if (m.service == service) {
                return m;
            }
        }
        return null;
    }
}
