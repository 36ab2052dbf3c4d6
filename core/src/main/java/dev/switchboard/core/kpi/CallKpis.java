package dev.switchboard.core.kpi;

/**
 * Call figures of one service (or of all services together) over a period. Calls count in the
 * period they arrived in; a call still waiting or talking counts as offered but is neither
 * answered nor abandoned yet.
 *
 * @param offered calls that entered the queue (including those that then overflowed)
 * @param answered calls connected to an agent (handled)
 * @param answeredWithinTarget calls connected within their service's target answer time
 * @param abandoned callers who hung up before being connected ({@code abandonedInQueue} + {@code
 *     abandonedWhileRinging})
 * @param timedOut calls that reached the service's max wait
 * @param overflowed calls that found the queue full
 * @param rejected calls turned away on arrival (closed, no agents); not part of {@code offered}
 * @param waited calls not offered to anyone at the moment they arrived (they had to wait for an
 *     agent): the measured counterpart of Erlang's probability of waiting
 * @param offers offers made (an offer ringing on three agents at once counts three)
 * @param ronaCount agents put into RONA (no answer or declined) by these calls
 * @param answerWaitSeconds total wait of the answered calls, arrival to connect
 * @param maxAnswerWaitSeconds the longest wait of an answered call
 * @param queueTimeSeconds total time in queue of the calls that left it (answered: until
 *     connected; abandoned, timed out, overflowed: until they left)
 * @param leftQueue how many calls {@code queueTimeSeconds} sums over
 * @param talkSeconds total talk time of the calls that ended
 * @param completed calls whose conversation ended
 * @param afterCallWorkSeconds total wrap-up time after these calls (ended wrap-ups only)
 */
public record CallKpis(
        long offered,
        long answered,
        long answeredWithinTarget,
        long abandoned,
        long abandonedInQueue,
        long abandonedWhileRinging,
        long timedOut,
        long overflowed,
        long rejected,
        long waited,
        long offers,
        long ronaCount,
        double answerWaitSeconds,
        double maxAnswerWaitSeconds,
        double queueTimeSeconds,
        long leftQueue,
        double talkSeconds,
        long completed,
        double afterCallWorkSeconds) {

    /** Answered within the target over offered; NaN without offered calls. */
    public double serviceLevel() {
        return ratio(answeredWithinTarget, offered);
    }

    /** Average speed of answer: mean wait of the answered calls. */
    public double asaSeconds() {
        return ratio(answerWaitSeconds, answered);
    }

    /** Mean time in queue over every call that left the queue, answered or not. */
    public double meanQueueSeconds() {
        return ratio(queueTimeSeconds, leftQueue);
    }

    public double meanTalkSeconds() {
        return ratio(talkSeconds, completed);
    }

    /** Abandoned over offered. */
    public double abandonRate() {
        return ratio(abandoned, offered);
    }

    /** Share of offered calls that had to wait for an agent. */
    public double probabilityOfWaiting() {
        return ratio(waited, offered);
    }

    /** Reachability: handled (answered) over offered. */
    public double reachability() {
        return ratio(answered, offered);
    }

    /** The figures of several services or intervals together; the longest wait is the longest of all. */
    public static CallKpis sum(java.util.Collection<CallKpis> parts) {
        long[] n = new long[14];
        double wait = 0;
        double maxWait = 0;
        double queue = 0;
        double talk = 0;
        double acw = 0;
        for (CallKpis k : parts) {
            n[0] += k.offered;
            n[1] += k.answered;
            n[2] += k.answeredWithinTarget;
            n[3] += k.abandoned;
            n[4] += k.abandonedInQueue;
            n[5] += k.abandonedWhileRinging;
            n[6] += k.timedOut;
            n[7] += k.overflowed;
            n[8] += k.rejected;
            n[9] += k.waited;
            n[10] += k.offers;
            n[11] += k.ronaCount;
            n[12] += k.leftQueue;
            n[13] += k.completed;
            wait += k.answerWaitSeconds;
            maxWait = Math.max(maxWait, k.maxAnswerWaitSeconds);
            queue += k.queueTimeSeconds;
            talk += k.talkSeconds;
            acw += k.afterCallWorkSeconds;
        }
        return new CallKpis(
                n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], n[11], wait, maxWait, queue, n[12],
                talk, n[13], acw);
    }

    static double ratio(double part, double whole) {
        return whole == 0 ? Double.NaN : part / whole;
    }
}
