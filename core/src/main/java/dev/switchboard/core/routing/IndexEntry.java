package dev.switchboard.core.routing;

import java.util.Comparator;

/**
 * An immutable key of one member in one service's ordering: primary and secondary keys chosen by
 * the distribution type, then the agent's ordinal (the order agents were configured in) so the
 * order is total, deterministic and cheap to compare.
 */
record IndexEntry(long primary, long secondary, Membership member) {
    static final Comparator<IndexEntry> ORDER = (a, b) -> {
        int c = Long.compare(a.primary, b.primary);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.secondary, b.secondary);
        if (c != 0) {
            return c;
        }
        if (a.member == b.member) {
            return 0;
        }
        if (a.member == null || b.member == null) {
            return a.member == null ? -1 : 1; // a probe (no member) sorts before its key's entries
        }
        return Integer.compare(a.member.agent.ordinal, b.member.agent.ordinal);
    };

    AgentState agent() {
        return member.agent;
    }
}
