/**
 * What the HTTP API needs from other modules (health of the database and presence sources, KPI
 * and call history, the Graph webhook handler), as small interfaces the app implements.
 *
 * <p>Rule: plain Java values only; nothing here may depend on the store, the Graph adapter or
 * the simulator — the app adapts their types to these.
 */
package dev.switchboard.http.port;
