package dev.switchboard.store.query;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.routing.AgentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Key figures of one agent over {@code [from, to)}. Offers count by when they rang, calls by when
 * the agent answered them, time by the part of each status interval inside the range (an open
 * interval up to now). Definitions in docs/STORAGE.md; ratios and averages are null when their
 * denominator is zero.
 *
 * @param offered offers that rang on the agent
 * @param handled offers the agent accepted (calls answered)
 * @param declined offers the agent declined
 * @param missed offers that rang until the alert time ran out
 * @param cancelled offers that stopped ringing for another reason (answered elsewhere, caller hung up, ...)
 * @param abandonedWhileRinging offers cancelled because the caller hung up
 * @param ronaCount offers that put the agent into RONA
 * @param reachability handled / offered
 * @param averageSpeedOfAnswer mean time from arrival to answer of the calls the agent answered
 * @param talkTime total talk time of completed calls the agent answered in the range
 * @param averageTalkTime talkTime / those calls
 * @param handlingTime time connected plus time in after-call work
 * @param staffedTime time in any status but OFFLINE
 * @param occupancy handlingTime / staffedTime
 * @param timeByStatus time in each status (only statuses with time)
 */
public record AgentKpis(
        AgentId agent,
        Instant from,
        Instant to,
        long offered,
        long handled,
        long declined,
        long missed,
        long cancelled,
        long abandonedWhileRinging,
        long ronaCount,
        Double reachability,
        Duration averageSpeedOfAnswer,
        Duration talkTime,
        Duration averageTalkTime,
        Duration handlingTime,
        Duration staffedTime,
        Double occupancy,
        Map<AgentStatus, Duration> timeByStatus) {
    public AgentKpis {
        timeByStatus = Map.copyOf(timeByStatus);
    }
}
