/**
 * Sign-in for the presence sources through MSAL4J: presence accounts (username and password),
 * the application (certificate), and the classification of sign-in failures into health states.
 *
 * <p>Rule: a password or token never leaves this package except as the bearer header of a Graph
 * request; failures are retried only after a back-off, never in a loop.
 */
package dev.switchboard.presence.graph.auth;
