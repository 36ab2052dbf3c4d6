package dev.switchboard.http.port;

import java.time.Instant;

/**
 * KPIs per service and agent for a time range. The store answers from its history; {@code
 * dev.switchboard.http.live.LiveKpis} answers from the events since the server started.
 */
@FunctionalInterface
public interface KpiQuery {
    /** KPIs of calls that arrived and offers made in {@code [from, to)}; times clipped to it. */
    KpiReport kpis(Instant from, Instant to);
}
