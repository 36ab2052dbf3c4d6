/**
 * Contact-centre KPIs aggregated from the core's events: per service, per agent and per arrival
 * interval — offered, handled, abandoned, service level, speed of answer, queue, talk and wrap-up
 * time, occupancy, reachability, RONA. One fold, {@link dev.switchboard.core.kpi.KpiCollector},
 * serves both users: the simulator reads its running report ({@link
 * dev.switchboard.core.kpi.KpiReport}, counted from a start time, constant memory), the server its
 * figures for any time range ({@link dev.switchboard.core.kpi.RangeKpis}, with the store's
 * definitions, from a bounded history of facts).
 *
 * <p>Rule: a pure fold over {@link dev.switchboard.core.event.Event}s — no clock reads (the caller
 * says "as of when"), no I/O, JDK only. Reports are immutable records.
 */
package dev.switchboard.core.kpi;
