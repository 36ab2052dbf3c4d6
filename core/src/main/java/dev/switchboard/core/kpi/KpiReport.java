package dev.switchboard.core.kpi;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ServiceId;
import java.time.Instant;
import java.util.Map;

/**
 * KPIs of the period [{@code from}, {@code to}].
 *
 * @param services per service, in the order the services were first seen
 * @param agents per agent, in the order the agents were first seen
 * @param allCalls the call figures of all services together (service level against each call's
 *     own service target)
 */
public record KpiReport(
        Instant from,
        Instant to,
        Map<ServiceId, ServiceKpis> services,
        Map<AgentId, AgentKpis> agents,
        CallKpis allCalls) {
    public KpiReport {
        services = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(services));
        agents = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(agents));
    }

    /** Occupancy of all agents together: their talk and wrap-up time over their staffed time. */
    public double occupancy() {
        double busy = 0;
        double staffed = 0;
        for (AgentKpis a : agents.values()) {
            busy += a.talkSeconds() + a.afterCallWorkSeconds();
            staffed += a.staffedSeconds();
        }
        return CallKpis.ratio(busy, staffed);
    }

    /** RONA count over all agents. */
    public long ronaCount() {
        long n = 0;
        for (AgentKpis a : agents.values()) {
            n += a.ronaCount();
        }
        return n;
    }
}
