/**
 * The discrete-event simulator (virtual time, seeded) that drives the real core, and the fake
 * Microsoft Teams tenant (Entra token endpoint, Graph presence and subscriptions) over real HTTPS.
 * {@link dev.switchboard.sim.Simulator} is the simulator's entry point.
 *
 * <p>Rule: depends on the core and the engine only; never on another adapter.
 */
package dev.switchboard.sim;
