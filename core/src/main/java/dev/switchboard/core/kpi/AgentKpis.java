package dev.switchboard.core.kpi;

import dev.switchboard.core.model.AgentId;

/**
 * The figures of one agent over a period.
 *
 * @param offers offers that rang on the agent
 * @param answered offers the agent accepted (calls handled)
 * @param declined offers the agent declined
 * @param missed offers that rang out unanswered
 * @param ronaCount times the agent was put into RONA
 * @param talkSeconds time connected to callers
 * @param afterCallWorkSeconds time wrapping up
 * @param ringSeconds time offers rang on the agent
 * @param staffedSeconds time signed in: the presence that counts was not Offline
 */
public record AgentKpis(
        AgentId agent,
        long offers,
        long answered,
        long declined,
        long missed,
        long ronaCount,
        double talkSeconds,
        double afterCallWorkSeconds,
        double ringSeconds,
        double staffedSeconds) {

    /** Share of the staffed time spent talking or wrapping up; NaN if never staffed. */
    public double occupancy() {
        return CallKpis.ratio(talkSeconds + afterCallWorkSeconds, staffedSeconds);
    }

    /** Reachability of the agent: answered over offers. */
    public double reachability() {
        return CallKpis.ratio(answered, offers);
    }
}
