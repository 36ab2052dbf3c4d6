/**
 * The one-command demo: a sample organisation, presence from an in-process fake Teams tenant read
 * by the real Graph adapter, and a synthetic telephony front end that places calls through the
 * call-control API like a real one would.
 *
 * <p>Rule: the demo drives the server only through its public interfaces (commands via the API,
 * presence via the fake tenant), never by reaching into its state.
 */
package dev.switchboard.app.demo;
