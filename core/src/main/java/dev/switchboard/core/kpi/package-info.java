/**
 * Contact-centre KPIs aggregated from the core's events: per service, per agent and per arrival
 * interval — offered, handled, abandoned, service level, speed of answer, queue, talk and wrap-up
 * time, occupancy, reachability, RONA. The simulator uses it for its results and the server for
 * live figures.
 *
 * <p>Rule: a pure fold over {@link dev.switchboard.core.event.Event}s — no clock reads (the caller
 * says "as of when"), no I/O, JDK only. Reports are immutable records.
 */
package dev.switchboard.core.kpi;
