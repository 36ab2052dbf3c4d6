/**
 * Coarse (availability-only) presence sources: the federated view, polled over HTTP, and a push
 * endpoint other systems can feed.
 *
 * <p>Rule: a coarse source never claims to know the activity; it is the fallback that keeps
 * distribution going when detailed tracking fails.
 */
package dev.switchboard.presence.graph.coarse;
