package dev.switchboard.http.dashboard;

import dev.switchboard.core.kpi.RangeKpis;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.http.port.KpiQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A KPI history port over calls a test records, with the store's definitions (counts of calls
 * that arrived in the range, service level = answered within the target ÷ offered) for the few
 * figures a test needs; every call is queued and has ended, and rang on its agent (if any) only.
 */
final class InMemoryKpiHistory implements KpiQuery {
    /**
     * One past call.
     *
     * @param answeredAfter the wait until an agent answered, or null if the caller hung up
     * @param talk the talk time of an answered call
     */
    record PastCall(ServiceId service, Instant arrivedAt, Duration answeredAfter, Duration talk, AgentId agent) {
        PastCall(ServiceId service, Instant arrivedAt, Duration answeredAfter, Duration talk) {
            this(service, arrivedAt, answeredAfter, talk, null);
        }
    }

    private final List<PastCall> calls = new ArrayList<>();
    private final Duration target;

    InMemoryKpiHistory(Duration serviceLevelTarget) {
        this.target = serviceLevelTarget;
    }

    synchronized void record(PastCall call) {
        calls.add(call);
    }

    @Override
    public synchronized RangeKpis kpis(Instant from, Instant to) {
        Map<ServiceId, List<PastCall>> byService = new TreeMap<>();
        for (PastCall c : calls) {
            if (!c.arrivedAt().isBefore(from) && c.arrivedAt().isBefore(to)) {
                byService.computeIfAbsent(c.service(), s -> new ArrayList<>()).add(c);
            }
        }
        List<RangeKpis.ServiceFigures> services = new ArrayList<>();
        byService.forEach((service, list) -> {
            List<PastCall> handled =
                    list.stream().filter(c -> c.answeredAfter() != null).toList();
            long within = handled.stream()
                    .filter(c -> c.answeredAfter().compareTo(target) <= 0)
                    .count();
            long abandoned = list.size() - handled.size();
            List<Duration> waits = handled.stream().map(PastCall::answeredAfter).toList();
            List<Duration> talks = handled.stream().map(PastCall::talk).toList();
            services.add(new RangeKpis.ServiceFigures(
                    service,
                    list.size(),
                    list.size(),
                    handled.size(),
                    abandoned,
                    0,
                    0,
                    0,
                    0,
                    0,
                    within,
                    (double) within / list.size(),
                    average(waits),
                    average(waits),
                    talks.stream().reduce(Duration.ZERO, Duration::plus),
                    average(talks),
                    (double) handled.size() / list.size(),
                    0,
                    null));
        });
        Map<AgentId, List<PastCall>> byAgent = new TreeMap<>();
        byService
                .values()
                .forEach(list -> list.stream()
                        .filter(c -> c.agent() != null)
                        .forEach(c -> byAgent.computeIfAbsent(c.agent(), a -> new ArrayList<>())
                                .add(c)));
        List<RangeKpis.AgentFigures> agents = new ArrayList<>();
        byAgent.forEach((agent, list) -> {
            long handled = list.stream().filter(c -> c.answeredAfter() != null).count();
            agents.add(new RangeKpis.AgentFigures(
                    agent,
                    list.size(),
                    handled,
                    0,
                    list.size() - handled,
                    0,
                    0,
                    (double) handled / list.size(),
                    null,
                    Duration.ZERO,
                    null,
                    Duration.ZERO,
                    Duration.ZERO,
                    null));
        });
        return new RangeKpis(from, to, services, agents);
    }

    private static Duration average(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        long total = values.stream().mapToLong(Duration::toMillis).sum();
        return Duration.ofMillis(total / values.size());
    }
}
