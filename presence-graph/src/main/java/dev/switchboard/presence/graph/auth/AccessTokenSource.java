package dev.switchboard.presence.graph.auth;

import dev.switchboard.presence.graph.Failure;
import dev.switchboard.presence.graph.PresenceSourceException;
import java.time.Instant;
import java.util.Optional;

/** Hands out Graph access tokens for one identity and remembers why it last failed. */
public interface AccessTokenSource {

    /** A token valid for a while yet (refreshed before expiry); fails fast while backing off. */
    String accessToken() throws PresenceSourceException;

    /** The token was refused by Graph: the next call signs in anew (at most once per back-off). */
    void invalidate();

    /** The last failure while it lasts; empty once a sign-in succeeded. */
    Optional<Failure> lastFailure();

    /** When the next sign-in may be tried after a failure. */
    Instant retryNotBefore();

    /** Forget the back-off: an administrator says the problem is fixed. */
    void retryNow();

    /** The signed-in user's object id, once known (delegated identities only). */
    Optional<String> userObjectId();
}
