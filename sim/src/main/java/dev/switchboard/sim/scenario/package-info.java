/**
 * Scenarios: what a simulation run models (services and their callers, agents and their day,
 * presence sources), as validated records; the YAML format and its loader; the built-in scenarios.
 *
 * <p>Rule: a scenario that loads is valid — every check happens here and names the offending field
 * by its YAML path, so the engine never meets a bad value. No simulation logic here.
 */
package dev.switchboard.sim.scenario;
