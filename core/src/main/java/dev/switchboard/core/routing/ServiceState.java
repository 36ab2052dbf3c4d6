package dev.switchboard.core.routing;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ServiceConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Mutable state of one service: its configuration, members, waiting calls and indexes. */
final class ServiceState {
    ServiceConfig config;
    final Map<AgentId, Membership> members = new HashMap<>();
    /** Waiting (not ringing) calls in queue order. */
    final TreeSet<CallState> waiting = new TreeSet<>(CallState.QUEUE_ORDER);
    /** Calls of this service that are ringing or connected. */
    int ringingCalls;

    int connectedCalls;
    /** Position of the member ROUND_ROBIN offered last; -1 before the first offer. */
    int roundRobinPointer = -1;

    /** Per escalation level, the selectable agents in distribution order (indexed selector only). */
    @SuppressWarnings("unchecked")
    TreeSet<IndexEntry>[] index = new TreeSet[0];

    /** Marked when something may have made an offer possible in this service. */
    boolean dirty;

    ServiceState(ServiceConfig config) {
        this.config = config;
    }

    int activeCalls() {
        return waiting.size() + ringingCalls + connectedCalls;
    }
}
