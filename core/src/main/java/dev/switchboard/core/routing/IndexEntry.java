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
        return a.agent.id.compareTo(b.agent.id);
    };
}
