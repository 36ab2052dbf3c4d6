/**
 * Presence tracking through Microsoft Graph: MSAL4J sign-in, bulk reads, subscriptions and webhooks, failover between sources, health.
 *
 * <p>Rule: Microsoft vocabulary (Graph JSON, AADSTS codes) stays in this module; the engine only ever sees core presence commands.
 */
package dev.switchboard.presence.graph;
