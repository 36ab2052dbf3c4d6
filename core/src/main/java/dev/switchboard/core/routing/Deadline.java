package dev.switchboard.core.routing;

import java.time.Instant;
import java.util.Comparator;

/**
 * Something due at a time: deadlines live in state as data, and a tick (or any later command)
 * fires them. A deadline is checked against its token when it fires, so superseded ones (an
 * offer already answered, ACW ended early) are simply dropped.
 */
record Deadline(Instant at, long seq, Kind kind, CallState call, AgentState agent, long token) {
    enum Kind {
        RING_TIMEOUT,
        MAX_WAIT,
        ESCALATION,
        AFTER_CALL_WORK_END,
        RONA_END
    }

    static final Comparator<Deadline> ORDER = Comparator.comparing(Deadline::at).thenComparingLong(Deadline::seq);
}
