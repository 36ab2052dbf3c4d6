package dev.switchboard.core.routing;

import java.util.Comparator;

/**
 * An immutable key of one agent in one service's ordering: primary and secondary keys chosen by
 * the distribution type, then the agent id so the order is total and deterministic.
 */
record IndexEntry(long primary, long secondary, AgentState agent) {
    static final Comparator<IndexEntry> ORDER = (a, b) -> {
        int c = Long.compare(a.primary, b.primary);
        if (c != 0) {
            return c;
        }
        c = Long.compare(a.secondary, b.secondary);
        if (c != 0) {
            return c;
        }
        if (a.agent == b.agent) {
            return 0;
        }
        if (a.agent == null || b.agent == null) {
            return a.agent == null ? -1 : 1; // a probe (no agent) sorts before its key's entries
        }
        return a.agent.id.compareTo(b.agent.id);
    };
}
