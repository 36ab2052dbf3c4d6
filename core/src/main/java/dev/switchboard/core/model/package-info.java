/**
 * Identifiers and configuration values: services, agents, responsibility profiles, distribution
 * policies, queue limits, escalation levels, opening hours.
 *
 * <p>Rule: immutable records that validate themselves on construction, so an invalid
 * configuration can never reach the routing state. Messages name the offending field.
 */
package dev.switchboard.core.model;
