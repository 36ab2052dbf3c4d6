package dev.switchboard.core.routing;

import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Mutable state of one active call; removed from the core when it reaches a terminal state. */
final class CallState {
    enum Status {
        WAITING,
        RINGING,
        CONNECTED
    }

    /** Priority first (highest first), then arrival, then arrival order: the queue order. */
    static final Comparator<CallState> QUEUE_ORDER = (a, b) -> {
        int c = Integer.compare(b.priority.ordinal(), a.priority.ordinal());
        if (c != 0) {
            return c;
        }
        c = a.arrivedAt.compareTo(b.arrivedAt);
        if (c != 0) {
            return c;
        }
        return Long.compare(a.seq, b.seq);
    };

    final CallId id;
    final ServiceState service;
    final Priority priority;
    final String caller;
    final Instant arrivedAt;
    /** Arrival order, to break ties of equal arrival times. */
    final long seq;

    Status status = Status.WAITING;
    int level;

    final List<AgentState> ringing = new ArrayList<>(1);
    Instant ringExpiresAt;
    long offerToken;
    Explanation lastExplanation;
    int offers;

    /** Agents that declined or missed this call; skipped while others are selectable. */
    final Set<AgentState> tried = new HashSet<>(2);

    AgentState agent;
    Instant connectedAt;

    /** The call's pending deadlines, removed as soon as they are moot. */
    Deadline maxWaitDeadline;

    Deadline escalationDeadline;
    Deadline ringDeadline;

    CallState(CallId id, ServiceState service, Priority priority, String caller, Instant arrivedAt, long seq) {
        this.id = id;
        this.service = service;
        this.priority = priority;
        this.caller = caller;
        this.arrivedAt = arrivedAt;
        this.seq = seq;
    }
}
