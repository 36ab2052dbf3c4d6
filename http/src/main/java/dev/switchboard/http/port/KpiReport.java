package dev.switchboard.http.port;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ServiceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * KPIs for a time range. Ratios and averages are null when there is nothing to divide by.
 *
 * @param services one entry per service with activity (or configured) in the range
 * @param agents one entry per agent with activity in the range
 */
public record KpiReport(Instant from, Instant to, List<ServiceKpis> services, List<AgentKpis> agents) {
    public KpiReport {
        services = List.copyOf(services);
        agents = List.copyOf(agents);
    }

    /**
     * @param offered calls queued in the service
     * @param handled calls connected to an agent
     * @param answeredWithinTarget handled calls that waited at most the service-level target
     * @param serviceLevel answeredWithinTarget ÷ calls that left the queue (handled, abandoned,
     *     timed out, overflowed)
     * @param averageSpeedOfAnswer mean wait of handled calls
     * @param averageQueueTime mean wait of every call that left the queue
     * @param averageTalkTime mean talk time of completed calls
     * @param reachability handled ÷ offered
     */
    public record ServiceKpis(
            ServiceId service,
            long offered,
            long handled,
            long abandoned,
            long overflowed,
            long timedOut,
            long rejected,
            long answeredWithinTarget,
            Double serviceLevel,
            Duration averageSpeedOfAnswer,
            Duration averageQueueTime,
            Duration averageTalkTime,
            Double reachability) {}

    /**
     * @param offered offers that rang on the agent
     * @param handled calls the agent connected
     * @param declined offers the agent declined
     * @param missed offers that expired on the agent unanswered
     * @param ronaCount times the agent went into RONA
     * @param occupancy (talk + after-call work) ÷ time signed in
     * @param reachability handled ÷ offered
     */
    public record AgentKpis(
            AgentId agent,
            long offered,
            long handled,
            long declined,
            long missed,
            long ronaCount,
            Duration talkTime,
            Duration afterCallWorkTime,
            Double occupancy,
            Double reachability) {}
}
