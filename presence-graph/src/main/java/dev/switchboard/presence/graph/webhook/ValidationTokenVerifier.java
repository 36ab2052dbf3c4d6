package dev.switchboard.presence.graph.webhook;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the {@code validationTokens} of a rich notification: each must be an RS256 JWT signed by
 * a key of the configured JWKS, issued by {@code https://sts.windows.net/{tenant}/} (or the v2
 * issuer) to this application ({@code aud} = client id) by Microsoft Graph's change-notification
 * publisher ({@code appid} 0bf30f3b-4a52-48df-9a82-234910c4a086), and not expired on the injected
 * clock. Valid tokens are remembered until they expire; the key set is fetched again when a token
 * names an unknown key (at most once a minute).
 */
public final class ValidationTokenVerifier {
    private static final Logger log = LoggerFactory.getLogger(ValidationTokenVerifier.class);
    public static final String GRAPH_NOTIFICATION_PUBLISHER = "0bf30f3b-4a52-48df-9a82-234910c4a086";
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration REFETCH_AT_MOST = Duration.ofMinutes(1);

    private final String clientId;
    private final List<String> issuers;
    private final Supplier<String> jwksJson;
    private final InstantSource clock;
    private final Map<String, Instant> verified = new ConcurrentHashMap<>();

    private volatile JWKSet keys;
    private volatile Instant fetchedAt = Instant.EPOCH;

    /**
     * @param jwksJson fetches the JSON Web Key Set (Microsoft: the {@code jwks_uri} of the OpenID
     *     metadata)
     */
    public ValidationTokenVerifier(String clientId, String tenantId, Supplier<String> jwksJson, InstantSource clock) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.issuers = List.of(
                "https://sts.windows.net/" + tenantId + "/", "https://login.microsoftonline.com/" + tenantId + "/v2.0");
        this.jwksJson = jwksJson;
        this.clock = clock;
    }

    /** True when there is at least one token and every token is valid. */
    public boolean verifyAll(List<String> tokens) {
        if (tokens == null || tokens.isEmpty()) {
            return false;
        }
        for (String t : tokens) {
            if (!verify(t)) {
                return false;
            }
        }
        return true;
    }

    /** Whether one token is valid. */
    public boolean verify(String token) {
        Instant now = clock.instant();
        Instant known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.plus(SKEW))) {
                return true;
            }
            verified.remove(token);
            return false;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
                return false;
            }
            RSAKey key = key(jwt.getHeader().getKeyID());
            if (key == null || !jwt.verify(new RSASSAVerifier(key))) {
                return false;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null || !now.isBefore(exp.toInstant().plus(SKEW))) {
                return false;
            }
            Date nbf = claims.getNotBeforeTime();
            if (nbf != null && now.plus(SKEW).isBefore(nbf.toInstant())) {
                return false;
            }
            if (claims.getAudience() == null || !claims.getAudience().contains(clientId)) {
                return false;
            }
            if (!issuers.contains(claims.getIssuer())) {
                return false;
            }
            Object appId = claims.getClaim("appid");
            if (appId == null) {
                appId = claims.getClaim("azp");
            }
            if (!GRAPH_NOTIFICATION_PUBLISHER.equals(appId)) {
                return false;
            }
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(token, exp.toInstant());
            return true;
        } catch (ParseException | JOSEException | RuntimeException e) {
            log.debug("validation token refused: {}", e.toString());
            return false;
        }
    }

    private RSAKey key(String kid) {
        JWKSet set = keys;
        RSAKey found = find(set, kid);
        if (found != null) {
            return found;
        }
        Instant now = Instant.now();
        synchronized (this) {
            if (keys == set && (set == null || now.isAfter(fetchedAt.plus(REFETCH_AT_MOST)))) {
                try {
                    keys = JWKSet.parse(jwksJson.get());
                    fetchedAt = now;
                } catch (ParseException | RuntimeException e) {
                    log.warn("cannot load the JSON Web Key Set for validation tokens: {}", e.toString());
                    fetchedAt = now;
                }
            }
            return find(keys, kid);
        }
    }

    private static RSAKey find(JWKSet set, String kid) {
        if (set == null) {
            return null;
        }
        for (JWK k : set.getKeys()) {
            if (k instanceof RSAKey rsa && (kid == null || kid.equals(k.getKeyID()))) {
                return rsa;
            }
        }
        return null;
    }
}
