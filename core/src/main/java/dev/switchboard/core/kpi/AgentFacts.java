package dev.switchboard.core.kpi;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import java.util.ArrayDeque;

/**
 * What one agent did, as the events tell it: running figures since the collector's start (the
 * simulator's report) and, with history, every fact with its time (for any range). Each event
 * updates both in one place, so the two can never count differently.
 */
final class AgentFacts {
    /** What happens to an agent at an instant, counted per kind. */
    enum Fact {
        OFFERED,
        DECLINED,
        MISSED,
        CANCELLED,
        RONA
    }

    private static final Fact[] FACTS = Fact.values();

    /** A call the agent answered: when, after how long, and (once it completed) for how long. */
    static final class Answer {
        final long at;
        final long waited;
        long talk = -1;

        Answer(long at, long waited) {
            this.at = at;
            this.waited = waited;
        }
    }

    /** Every fact with its time, bounded per kind; only kept with history. */
    static final class History {
        /** The instants of each kind of fact, by {@link Fact#ordinal()}. */
        final TimeLine[] facts = new TimeLine[FACTS.length];

        final TimeLine talk;
        final TimeLine afterCallWork;
        final TimeLine staffed;
        final ArrayDeque<Answer> answers = new ArrayDeque<>();
        final int max;

        History(int max) {
            this.max = max;
            for (int f = 0; f < facts.length; f++) {
                facts[f] = new TimeLine(max, false);
            }
            talk = new TimeLine(max, true);
            afterCallWork = new TimeLine(max, true);
            staffed = new TimeLine(max, true);
        }

        void forgetBefore(long limit) {
            for (TimeLine t : facts) {
                t.forgetBefore(limit);
            }
            talk.forgetBefore(limit);
            afterCallWork.forgetBefore(limit);
            staffed.forgetBefore(limit);
            while (!answers.isEmpty() && answers.peekFirst().at < limit) {
                answers.removeFirst();
            }
        }
    }

    private final long from;
    final History history;

    /** Facts since {@code from}, by {@link Fact#ordinal()}. */
    private final long[] counts = new long[FACTS.length];

    long answered;
    long talkNanos;
    long afterCallWorkNanos;
    long ringNanos;
    long staffedNanos;

    long ringStart = -1;
    long talkStart = -1;
    long afterCallWorkStart = -1;
    long staffedSince = -1;
    /** The agent's last completed call, and the one its running wrap-up belongs to. */
    CallRecord lastCall;

    CallRecord afterCallWorkCall;

    private Presence detailed;
    private Presence coarse;
    private boolean detailedTracking = true;
    private boolean coarseTracking = true;

    /** @param from running figures count from here; {@code history} is null without history */
    AgentFacts(long from, History history) {
        this.from = from;
        this.history = history;
    }

    /** The part of [start, end] at or after {@code from}. */
    private long clip(long start, long end) {
        return Math.max(0, end - Math.max(start, from));
    }

    /** Counts a fact; an offer starts ringing, its end (declined, missed, cancelled) stops it. */
    void fact(Fact fact, long at) {
        if (at >= from) {
            counts[fact.ordinal()]++;
        }
        if (history != null) {
            history.facts[fact.ordinal()].add(at);
        }
        switch (fact) {
            case OFFERED -> ringStart = at;
            case DECLINED, MISSED, CANCELLED -> endRing(at);
            case RONA -> {}
        }
    }

    /** The agent answered {@code call} (null when it arrived before anything was counted). */
    void connected(long at, CallRecord call) {
        if (at >= from) {
            answered++;
        }
        endRing(at);
        talkStart = at;
        if (history != null) {
            Answer answer = new Answer(at, call == null ? 0 : at - call.queued);
            if (history.answers.size() >= history.max) {
                history.answers.removeFirst();
            }
            history.answers.addLast(answer);
            if (call != null) {
                call.answer = answer;
            }
        }
    }

    void completed(long at, CallRecord call) {
        if (talkStart >= 0) {
            talkNanos += clip(talkStart, at);
            if (history != null) {
                history.talk.add(talkStart, at);
            }
            talkStart = -1;
        }
        lastCall = call;
        if (call != null && call.answer != null && call.connected >= 0) {
            call.answer.talk = at - call.connected;
        }
    }

    /** Wrap-up starts; an extension (a new counter) continues the running wrap-up. */
    void afterCallWorkStarted(long at) {
        if (afterCallWorkStart < 0) {
            afterCallWorkStart = at;
            afterCallWorkCall = lastCall;
        }
    }

    void afterCallWorkEnded(long at) {
        if (afterCallWorkStart >= 0) {
            afterCallWorkNanos += clip(afterCallWorkStart, at);
            if (afterCallWorkCall != null) {
                afterCallWorkCall.afterCallWork(at - afterCallWorkStart);
            }
            if (history != null) {
                history.afterCallWork.add(afterCallWorkStart, at);
            }
            afterCallWorkStart = -1;
            afterCallWorkCall = null;
        }
    }

    private void endRing(long at) {
        if (ringStart >= 0) {
            ringNanos += clip(ringStart, at);
            ringStart = -1;
        }
    }

    void presence(Presence p, long at) {
        if (p.fidelity() == Fidelity.DETAILED) {
            detailed = p;
        } else {
            coarse = p;
        }
        updateStaffed(at);
    }

    void tracking(Fidelity fidelity, boolean tracking, long at) {
        if (fidelity == Fidelity.DETAILED) {
            detailedTracking = tracking;
        } else {
            coarseTracking = tracking;
        }
        updateStaffed(at);
    }

    void removed(long at) {
        detailed = null;
        coarse = null;
        updateStaffed(at);
    }

    /**
     * Staffed means signed in: the presence that counts (detailed while tracked, else coarse while
     * tracked) is not Offline.
     */
    private void updateStaffed(long at) {
        Presence effective =
                detailed != null && detailedTracking ? detailed : coarse != null && coarseTracking ? coarse : null;
        boolean staffed = effective != null && effective.group() != PresenceGroup.OFFLINE;
        if (staffed && staffedSince < 0) {
            staffedSince = at;
        } else if (!staffed && staffedSince >= 0) {
            staffedNanos += clip(staffedSince, at);
            if (history != null) {
                history.staffed.add(staffedSince, at);
            }
            staffedSince = -1;
        }
    }

    /** The running figures as of {@code to}: open talk, wrap-up, ring and staffed time count up to it. */
    AgentKpis kpis(AgentId id, long to) {
        long talk = talkNanos + (talkStart >= 0 ? clip(talkStart, to) : 0);
        long acw = afterCallWorkNanos + (afterCallWorkStart >= 0 ? clip(afterCallWorkStart, to) : 0);
        long ring = ringNanos + (ringStart >= 0 ? clip(ringStart, to) : 0);
        long staffed = staffedNanos + (staffedSince >= 0 ? clip(staffedSince, to) : 0);
        return new AgentKpis(
                id,
                counts[Fact.OFFERED.ordinal()],
                answered,
                counts[Fact.DECLINED.ordinal()],
                counts[Fact.MISSED.ordinal()],
                counts[Fact.RONA.ordinal()],
                CallTally.seconds(talk),
                CallTally.seconds(acw),
                CallTally.seconds(ring),
                CallTally.seconds(staffed));
    }

    /** This agent's figures in each range {@code [bounds[k], bounds[k + 1])}, with time up to {@code now}. */
    Range[] ranges(long[] bounds, long now) {
        int n = bounds.length - 1;
        Range[] out = new Range[n];
        long[][] facts = new long[FACTS.length][n];
        for (int f = 0; f < FACTS.length; f++) {
            history.facts[f].count(bounds, facts[f]);
        }
        long[] handling = new long[n];
        long[] staffed = new long[n];
        history.talk.overlap(bounds, handling);
        history.afterCallWork.overlap(bounds, handling);
        history.staffed.overlap(bounds, staffed);
        if (talkStart >= 0) {
            TimeLine.overlap(talkStart, now, bounds, handling);
        }
        if (afterCallWorkStart >= 0) {
            TimeLine.overlap(afterCallWorkStart, now, bounds, handling);
        }
        if (staffedSince >= 0) {
            TimeLine.overlap(staffedSince, now, bounds, staffed);
        }
        for (int k = 0; k < n; k++) {
            long[] in = new long[FACTS.length];
            for (int f = 0; f < FACTS.length; f++) {
                in[f] = facts[f][k];
            }
            out[k] = new Range(in, handling[k], staffed[k]);
        }
        int k = 0;
        for (Answer a : history.answers) {
            k = TimeLine.rangeOf(a.at, bounds, k);
            if (k == n) {
                break;
            }
            if (k >= 0) {
                out[k].answered(a);
            }
        }
        return out;
    }

    /** One agent's facts inside one range. */
    static final class Range {
        /** Facts in the range, by {@link Fact#ordinal()}. */
        final long[] facts;

        final long handlingNanos;
        final long staffedNanos;
        long handled;
        long waitedNanos;
        long talkNanos;
        long talked;

        Range(long[] facts, long handling, long staffed) {
            this.facts = facts;
            this.handlingNanos = handling;
            this.staffedNanos = staffed;
        }

        void answered(Answer a) {
            handled++;
            waitedNanos += a.waited;
            if (a.talk >= 0) {
                talkNanos += a.talk;
                talked++;
            }
        }

        boolean any() {
            return facts[Fact.OFFERED.ordinal()] > 0 || handled > 0 || handlingNanos > 0 || staffedNanos > 0;
        }

        RangeKpis.AgentFigures figures(AgentId id) {
            long offered = facts[Fact.OFFERED.ordinal()];
            return new RangeKpis.AgentFigures(
                    id,
                    offered,
                    handled,
                    facts[Fact.DECLINED.ordinal()],
                    facts[Fact.MISSED.ordinal()],
                    facts[Fact.CANCELLED.ordinal()],
                    facts[Fact.RONA.ordinal()],
                    CallTally.ratio(handled, offered),
                    CallTally.average(waitedNanos, handled),
                    java.time.Duration.ofNanos(talkNanos),
                    CallTally.average(talkNanos, talked),
                    java.time.Duration.ofNanos(handlingNanos),
                    java.time.Duration.ofNanos(staffedNanos),
                    staffedNanos == 0 ? null : Math.min(1.0, (double) handlingNanos / staffedNanos));
        }
    }
}
