/**
 * Read-only queries over the read models: KPIs per service and agent, call history with offers
 * and explanations, the presence-source audit (and recording source health into it).
 *
 * <p>Rule: queries only read; the one write here, {@link
 * dev.switchboard.store.query.PresenceAudit#recordHealth}, goes to a table no projection writes.
 */
package dev.switchboard.store.query;
