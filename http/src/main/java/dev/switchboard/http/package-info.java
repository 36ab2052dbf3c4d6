/**
 * The HTTP API (Javalin), server-sent events, the Graph webhook endpoint and the static dashboard.
 *
 * <p>Rule: controllers only translate HTTP to commands and snapshots to JSON; no routing logic here.
 */
package dev.switchboard.http;
