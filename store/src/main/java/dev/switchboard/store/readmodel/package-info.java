/**
 * Read models projected from journaled events inside the append's transaction: configuration,
 * call and offer history, agent status intervals, presence-tracking audit.
 *
 * <p>Rule: read models are derived only from events (never from commands or the live core), so
 * they can always be rebuilt from the journal and never disagree with it.
 */
package dev.switchboard.store.readmodel;
