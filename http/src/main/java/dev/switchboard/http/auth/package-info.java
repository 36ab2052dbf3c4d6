/**
 * Bearer tokens with roles, from configuration.
 *
 * <p>Rule: only hashes of tokens are kept and compared, in constant time; a token never appears in
 * a log line, an exception message or a response.
 */
package dev.switchboard.http.auth;
