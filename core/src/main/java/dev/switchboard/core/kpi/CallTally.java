package dev.switchboard.core.kpi;

import java.time.Duration;

/**
 * Sums over calls — of a service, an arrival interval or a range — from which both reports are
 * read: {@link CallKpis} (the simulator's definitions) and {@link RangeKpis.ServiceFigures} (the
 * store's). Times in nanoseconds, so sums do not depend on the order calls are added in.
 */
final class CallTally {
    /** Calls that entered the queue (rejected calls are not among them). */
    long offered;

    long answered;
    long answeredWithinTarget;
    long abandoned;
    long abandonedInQueue;
    long abandonedWhileRinging;
    long timedOut;
    long overflowed;
    long rejected;
    long active;
    long waited;
    long offers;
    long rona;
    long answerWaitNanos;
    long maxAnswerWaitNanos;
    /** Time in queue of every call that left it, overflowed calls included (the simulator's). */
    long queueNanos;

    long leftQueue;
    /** The same without overflowed calls (the store's average queue time). */
    long queueNanosQueued;

    long leftQueueQueued;
    long talkNanos;
    long completed;
    long afterCallWorkNanos;

    /** Adds what is known of one call so far. */
    void add(CallRecord c) {
        if (c.outcome == CallRecord.Outcome.REJECTED) {
            rejected++;
            return;
        }
        offered++;
        offers += c.offers;
        rona += c.ronas;
        afterCallWorkNanos += c.afterCallWorkNanos;
        if (c.active()) {
            active++;
        }
        if (c.connected >= 0) {
            long wait = c.connected - c.queued;
            answered++;
            answerWaitNanos += wait;
            maxAnswerWaitNanos = Math.max(maxAnswerWaitNanos, wait);
            if (wait <= c.targetNanos) {
                answeredWithinTarget++;
            }
        }
        if (c.leftQueue >= 0) {
            long inQueue = c.leftQueue - c.queued;
            queueNanos += inQueue;
            leftQueue++;
            if (c.waited()) {
                waited++;
            }
            if (c.outcome != CallRecord.Outcome.OVERFLOWED) {
                queueNanosQueued += inQueue;
                leftQueueQueued++;
            }
        }
        if (c.outcome == null) {
            return;
        }
        switch (c.outcome) {
            case OVERFLOWED -> overflowed++;
            case TIMED_OUT -> timedOut++;
            case ABANDONED -> {
                abandoned++;
                if (c.abandonedWhileRinging) {
                    abandonedWhileRinging++;
                } else {
                    abandonedInQueue++;
                }
            }
            case COMPLETED -> {
                if (c.connected >= 0) {
                    completed++;
                    talkNanos += c.ended - c.connected;
                }
            }
            case REJECTED -> {}
        }
    }

    void add(CallTally o) {
        offered += o.offered;
        answered += o.answered;
        answeredWithinTarget += o.answeredWithinTarget;
        abandoned += o.abandoned;
        abandonedInQueue += o.abandonedInQueue;
        abandonedWhileRinging += o.abandonedWhileRinging;
        timedOut += o.timedOut;
        overflowed += o.overflowed;
        rejected += o.rejected;
        active += o.active;
        waited += o.waited;
        offers += o.offers;
        rona += o.rona;
        answerWaitNanos += o.answerWaitNanos;
        maxAnswerWaitNanos = Math.max(maxAnswerWaitNanos, o.maxAnswerWaitNanos);
        queueNanos += o.queueNanos;
        leftQueue += o.leftQueue;
        queueNanosQueued += o.queueNanosQueued;
        leftQueueQueued += o.leftQueueQueued;
        talkNanos += o.talkNanos;
        completed += o.completed;
        afterCallWorkNanos += o.afterCallWorkNanos;
    }

    CallTally copy() {
        CallTally c = new CallTally();
        c.add(this);
        return c;
    }

    /** The simulator's figures. */
    CallKpis kpis() {
        return new CallKpis(
                offered,
                answered,
                answeredWithinTarget,
                abandoned,
                abandonedInQueue,
                abandonedWhileRinging,
                timedOut,
                overflowed,
                rejected,
                waited,
                offers,
                rona,
                seconds(answerWaitNanos),
                seconds(maxAnswerWaitNanos),
                seconds(queueNanos),
                leftQueue,
                seconds(talkNanos),
                completed,
                seconds(afterCallWorkNanos));
    }

    /** The store's figures: offered counts rejected calls too, queued does not count overflowed ones. */
    RangeKpis.ServiceFigures figures(dev.switchboard.core.model.ServiceId service, Double teamOccupancy) {
        long arrived = offered + rejected;
        long queued = offered - overflowed;
        return new RangeKpis.ServiceFigures(
                service,
                arrived,
                queued,
                answered,
                abandoned,
                abandonedWhileRinging,
                overflowed,
                timedOut,
                rejected,
                active,
                answeredWithinTarget,
                ratio(answeredWithinTarget, arrived),
                average(answerWaitNanos, answered),
                average(queueNanosQueued, leftQueueQueued),
                Duration.ofNanos(talkNanos),
                average(talkNanos, completed),
                ratio(answered, queued),
                rona,
                teamOccupancy);
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }

    /** The mean, to the millisecond (the precision the store keeps). */
    static Duration average(long nanos, long n) {
        return n == 0 ? null : Duration.ofMillis(nanos / n / 1_000_000);
    }
}
