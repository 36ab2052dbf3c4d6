package dev.switchboard.core.kpi;

import dev.switchboard.core.model.ServiceId;

/**
 * One call from its arrival on: what the figures of its service (and arrival interval) need. While
 * the call is active the record grows; when it ends it is added to its tallies once ({@link
 * #tally}), and only after-call work that ends later is added to them afterwards.
 */
final class CallRecord {
    enum Outcome {
        COMPLETED,
        ABANDONED,
        OVERFLOWED,
        TIMED_OUT,
        REJECTED
    }

    final ServiceId service;
    /** The running figures of its service, and of its arrival interval (null without intervals). */
    final CallTally totals;

    final CallTally bucket;
    /** Arrival, in epoch nanoseconds. */
    final long queued;
    /** The service-level target in force when the call arrived. */
    final long targetNanos;

    long firstOffer = -1;
    long connected = -1;
    long leftQueue = -1;
    long ended = -1;
    Outcome outcome;
    boolean abandonedWhileRinging;
    int offers;
    int ronas;
    long afterCallWorkNanos;
    /** The answer as the answering agent's history keeps it (only with history). */
    AgentFacts.Answer answer;

    private boolean tallied;

    CallRecord(ServiceId service, CallTally totals, CallTally bucket, long queued, long targetNanos) {
        this.service = service;
        this.totals = totals;
        this.bucket = bucket;
        this.queued = queued;
        this.targetNanos = targetNanos;
    }

    boolean active() {
        return ended < 0;
    }

    /** The call was answered or is gone: its time in queue is known from now on. */
    void leaveQueue(long at) {
        if (leftQueue < 0) {
            leftQueue = at;
        }
    }

    /** Whether the call had to wait for an agent: it was not offered the moment it arrived. */
    boolean waited() {
        return firstOffer < 0 || firstOffer > queued;
    }

    void end(Outcome how, long at) {
        outcome = how;
        ended = at;
        if (how != Outcome.COMPLETED && how != Outcome.REJECTED) {
            leaveQueue(at);
        }
        tally();
    }

    /** Adds the ended call to its running figures. */
    private void tally() {
        if (!tallied) {
            tallied = true;
            totals.add(this);
            if (bucket != null) {
                bucket.add(this);
            }
        }
    }

    /** Wrap-up after the call ends; it counts where the call counted. */
    void afterCallWork(long nanos) {
        afterCallWorkNanos += nanos;
        if (tallied) {
            totals.afterCallWorkNanos += nanos;
            if (bucket != null) {
                bucket.afterCallWorkNanos += nanos;
            }
        }
    }
}
