package dev.switchboard.http.auth;

import java.util.List;
import java.util.Optional;

/** Finds the configured token a request presents. Thread-safe and immutable. */
public final class Authenticator {
    private static final String BEARER = "bearer ";

    private final List<ApiToken> tokens;

    public Authenticator(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
        long distinctNames = this.tokens.stream().map(ApiToken::name).distinct().count();
        if (distinctNames != this.tokens.size()) {
            throw new IllegalArgumentException("token names must be unique");
        }
    }

    /** The principal for an {@code Authorization} header value, if it carries a known bearer token. */
    public Optional<Principal> fromAuthorizationHeader(String header) {
        if (header == null || header.length() <= BEARER.length()) {
            return Optional.empty();
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return fromSecret(header.substring(BEARER.length()).strip());
    }

    /**
     * The principal for a presented secret. Every configured token is compared, whether or not an
     * earlier one matched, so the time taken does not tell which (or whether) one matched.
     */
    public Optional<Principal> fromSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = ApiToken.sha256(secret);
        ApiToken found = null;
        for (ApiToken t : tokens) {
            if (t.matches(presented) && found == null) {
                found = t;
            }
        }
        return found == null
                ? Optional.empty()
                : Optional.of(new Principal(found.name(), found.roles(), found.agent()));
    }

    public boolean isEmpty() {
        return tokens.isEmpty();
    }
}
