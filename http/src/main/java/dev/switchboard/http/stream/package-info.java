/**
 * The server-sent event stream: every journaled event, in the core's JSON form, with its journal
 * sequence as the SSE id; resume from an in-memory ring buffer; heartbeats.
 *
 * <p>Rule: the engine's thread only hands batches over; serialization happens on the stream's own
 * dispatcher thread and each client is written by its own (virtual) request thread from a bounded
 * queue. A client that falls behind is disconnected — it never slows the engine or other clients.
 */
package dev.switchboard.http.stream;
