/**
 * Read models the HTTP API keeps in memory from the engine's events: recent calls with their
 * offers, live KPIs (the core's KPI fold), and when each agent's status began.
 *
 * <p>Rule: fed as {@link dev.switchboard.engine.EventSink}s on the engine's thread, so every
 * update is a few map operations under a short lock — no I/O, no engine calls. Memory is bounded
 * by size or age.
 */
package dev.switchboard.http.live;
