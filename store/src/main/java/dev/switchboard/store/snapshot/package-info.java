/**
 * Snapshots of a tenant's core state and start-up from them: a store for snapshots at a journal
 * sequence, a sink that snapshots every so many events, and the helper that starts a durable
 * engine.
 *
 * <p>Rule: a snapshot is taken only on the engine's thread between commands (via {@code
 * Engine.read}) and records the journal sequence it reflects; start-up trusts a snapshot only
 * after it restored to the state hash it was saved with.
 */
package dev.switchboard.store.snapshot;
