/**
 * The webhook Graph delivers change notifications to: a transport-independent handler (request
 * in, response out), a small HTTPS listener on the JDK's server for tests and stand-alone use,
 * validation of rich-notification tokens and decryption of their content.
 *
 * <p>Rule: answer fast, process off the request thread; never trust a notification's content
 * before its clientState, tokens and signature are checked.
 */
package dev.switchboard.presence.graph.webhook;
