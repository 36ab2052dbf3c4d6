/**
 * Outgoing webhooks to the telephony side: offers and call actions POSTed to a configured URL.
 *
 * <p>Rule: never block the engine. The engine's thread only counts and enqueues; delivery is
 * asynchronous with retries and backoff from a bounded queue, and what does not fit is dropped and
 * counted.
 */
package dev.switchboard.http.telephony;
