package dev.switchboard.core.kpi;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ServiceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * KPIs for a time range {@code [from, to)} with the definitions of the store's KPI queries
 * (docs/STORAGE.md), so figures from the live events and from the history mean the same. Ratios
 * and averages are null when there is nothing to divide by.
 *
 * @param services one entry per service configured now or with calls in the range, by id
 * @param agents one entry per agent with activity in the range, by id
 */
public record RangeKpis(Instant from, Instant to, List<ServiceFigures> services, List<AgentFigures> agents) {
    public RangeKpis {
        services = List.copyOf(services);
        agents = List.copyOf(agents);
    }

    /**
     * Figures over the calls that arrived in the range.
     *
     * @param offered calls that arrived, including those rejected on arrival
     * @param queued calls that entered the queue and stayed in it (offered less rejected and
     *     overflowed)
     * @param handled calls an agent answered
     * @param abandoned callers who hung up before being answered
     * @param abandonedWhileRinging the part of {@code abandoned} that hung up while an offer rang
     * @param active calls that have not ended yet
     * @param answeredWithinTarget handled calls answered within the service-level target in force
     *     when they arrived
     * @param serviceLevel answeredWithinTarget ÷ offered
     * @param averageSpeedOfAnswer mean time from arrival to answer over handled calls
     * @param averageQueueTime mean time in queue over queued calls that left the queue
     * @param talkTime total talk time of completed calls
     * @param averageTalkTime talkTime ÷ completed calls
     * @param reachability handled ÷ queued
     * @param ronaCount offers of these calls that put an agent into RONA
     * @param teamOccupancy handling time ÷ staffed time of the service's current members
     */
    public record ServiceFigures(
            ServiceId service,
            long offered,
            long queued,
            long handled,
            long abandoned,
            long abandonedWhileRinging,
            long overflowed,
            long timedOut,
            long rejected,
            long active,
            long answeredWithinTarget,
            Double serviceLevel,
            Duration averageSpeedOfAnswer,
            Duration averageQueueTime,
            Duration talkTime,
            Duration averageTalkTime,
            Double reachability,
            long ronaCount,
            Double teamOccupancy) {}

    /**
     * Figures of one agent: offers by when they rang, calls by when the agent answered them, time
     * by the part of each interval inside the range (an open one up to now).
     *
     * @param offered offers that rang on the agent
     * @param handled offers the agent accepted
     * @param declined offers the agent declined
     * @param missed offers that rang out unanswered
     * @param cancelled offers that stopped ringing for another reason
     * @param ronaCount offers that put the agent into RONA
     * @param reachability handled ÷ offered
     * @param averageSpeedOfAnswer mean wait of the calls the agent answered
     * @param talkTime total talk time of the completed calls the agent answered in the range
     * @param averageTalkTime talkTime ÷ those calls
     * @param handlingTime time connected plus time in after-call work
     * @param staffedTime time signed in (not offline)
     * @param occupancy handlingTime ÷ staffedTime
     */
    public record AgentFigures(
            AgentId agent,
            long offered,
            long handled,
            long declined,
            long missed,
            long cancelled,
            long ronaCount,
            Double reachability,
            Duration averageSpeedOfAnswer,
            Duration talkTime,
            Duration averageTalkTime,
            Duration handlingTime,
            Duration staffedTime,
            Double occupancy) {}
}
