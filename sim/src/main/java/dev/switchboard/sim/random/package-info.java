/**
 * Random numbers for the simulator: duration distributions (fixed, uniform, exponential,
 * lognormal) and named, independent streams derived from one seed.
 *
 * <p>Rule: every random draw comes from a named stream of the run's seed, never from a shared or
 * time-seeded generator, so a run is reproducible and the same seed gives every mode of a
 * scenario the same callers and the same agent days (common random numbers).
 */
package dev.switchboard.sim.random;
