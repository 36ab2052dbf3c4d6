/**
 * Test fixtures shared by the modules' tests: a given/when/then DSL over the core with a virtual
 * clock, and generators of random command sequences.
 *
 * <p>Rule: fixtures drive the real core through commands only; they never reach into its state.
 */
package dev.switchboard.core.testing;
