package dev.switchboard.http.port;

import dev.switchboard.core.kpi.RangeKpis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * KPIs per service and agent for a time range, with the definitions of {@link RangeKpis} (those
 * of the store's KPI queries). The store answers from its history; {@code
 * dev.switchboard.http.live.LiveKpis} answers from the events since the server started.
 */
@FunctionalInterface
public interface KpiQuery {
    /** KPIs of calls that arrived and offers made in {@code [from, to)}; times clipped to it. */
    RangeKpis kpis(Instant from, Instant to);

    /**
     * The KPIs of each range between consecutive {@code bounds} (strictly increasing). By default
     * one {@link #kpis} per range; an implementation may answer them together.
     */
    default List<RangeKpis> series(List<Instant> bounds) {
        List<RangeKpis> out = new ArrayList<>(bounds.size() - 1);
        for (int k = 0; k + 1 < bounds.size(); k++) {
            out.add(kpis(bounds.get(k), bounds.get(k + 1)));
        }
        return out;
    }
}
