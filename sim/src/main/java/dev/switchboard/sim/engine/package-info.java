/**
 * The discrete-event engine: virtual time in nanoseconds, one heap of pending happenings (callers
 * arriving and hanging up, agents answering, calls ending, agents' days, presence reaching the
 * core), the real {@link dev.switchboard.core.routing.RoutingCore} driven only through commands,
 * and the ground truth of what every agent is really doing.
 *
 * <p>Rule: the core is never called while its events are being read: every reaction goes through
 * the heap (at the same instant if it has no delay), so the events of one command are always seen
 * in the order the core emitted them. Nothing here reads a clock except the wall-clock stopwatch
 * for throughput and progress.
 */
package dev.switchboard.sim.engine;
