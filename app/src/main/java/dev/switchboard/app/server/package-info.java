/**
 * The running server: the store, the tenant's durable engine, presence tracking and the HTTP
 * server wired together, shared by {@code serve} and {@code demo}.
 *
 * <p>Rule: this is wiring only — adapters are adapted to each other's ports here, and no routing
 * or presence logic lives in this package.
 */
package dev.switchboard.app.server;
