/**
 * Presence tracking through Microsoft Graph: the {@link dev.switchboard.presence.graph.GraphPresenceService}
 * (bulk reads, subscriptions, failover between presence accounts, the application permission and
 * the coarse source), the Graph HTTP client with its rate limiter, and health.
 *
 * <p>Rule: Microsoft vocabulary (Graph JSON, AADSTS codes) stays in this module; the engine only
 * ever sees core presence commands. Secrets and tokens never reach a log line, a message or a
 * {@code toString()}.
 */
package dev.switchboard.presence.graph;
