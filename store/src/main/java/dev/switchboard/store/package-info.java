/**
 * JDBC persistence: Flyway migrations, the journal, snapshots, configuration and call history, on H2 or PostgreSQL.
 *
 * <p>Rule: depends on the core and the engine only; the same SQL runs on both databases.
 */
package dev.switchboard.store;
