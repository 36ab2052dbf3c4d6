package dev.switchboard.core.kpi;

import dev.switchboard.core.model.ServiceId;
import java.time.Duration;
import java.util.List;

/**
 * The figures of one service.
 *
 * @param target the answer time its service level is measured against (from its configuration)
 * @param intervals the same figures per arrival interval, oldest first; empty unless the collector
 *     was given an interval
 */
public record ServiceKpis(ServiceId service, Duration target, CallKpis calls, List<IntervalKpis> intervals) {
    public ServiceKpis {
        intervals = List.copyOf(intervals);
    }
}
