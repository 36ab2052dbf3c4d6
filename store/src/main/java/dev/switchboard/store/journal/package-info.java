/**
 * The engine's journal in SQL: one table for every tenant's events, a lease row per tenant whose
 * epoch fences a superseded owner, and the read-model projection in the same transaction.
 *
 * <p>Rule: an append returns only after its transaction committed; nothing else writes the
 * journal table.
 */
package dev.switchboard.store.journal;
