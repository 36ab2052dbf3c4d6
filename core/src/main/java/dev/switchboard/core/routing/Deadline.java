package dev.switchboard.core.routing;

import java.time.Instant;
import java.util.Comparator;

/**
 * Something due at a time: deadlines live in state as data, and a tick (or any later command)
 * fires them. Each is remembered by the call or agent it belongs to and removed as soon as it is
 * moot (an answered offer, a call that ended), so the set holds only live deadlines; the token
 * check when one fires is a second line of defence.
 *
 * @param atNanos {@code at} as nanoseconds since the epoch, for cheap ordering
 */
record Deadline(Instant at, long atNanos, long seq, Kind kind, CallState call, AgentState agent, long token) {
    enum Kind {
        RING_TIMEOUT,
        MAX_WAIT,
        ESCALATION,
        AFTER_CALL_WORK_END,
        RONA_END
    }

    Deadline(Instant at, long seq, Kind kind, CallState call, AgentState agent, long token) {
        this(at, at.getEpochSecond() * 1_000_000_000L + at.getNano(), seq, kind, call, agent, token);
    }

    static final Comparator<Deadline> ORDER = (a, b) -> {
        int c = Long.compare(a.atNanos, b.atNanos);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    };
}
