/**
 * Routing: the state machine that owns agents, services and calls, decides offers and applies
 * events; eligibility with reason codes; the per-service indexes and the naive reference that
 * checks them; immutable views for readers.
 *
 * <p>Rule: {@link dev.switchboard.core.routing.RoutingCore} is the only mutator, and it mutates
 * only inside {@code apply(Event)}. Decisions read state and emit events; nothing here reads a
 * clock or does I/O.
 */
package dev.switchboard.core.routing;
