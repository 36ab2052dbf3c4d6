package dev.switchboard.sim.tenant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks the tenant's tokens. Access, id and validation tokens are RS256 JWTs signed by
 * one tenant key published at the JWKS endpoints; refresh tokens are HMAC-protected opaque strings.
 * Tokens stay valid across {@code /_fake/reset} as long as their principal still exists.
 */
final class TokenService {
    /** The app id Graph's change-notification publisher carries in validation tokens (graph.md §3.5). */
    static final String GRAPH_NOTIFICATION_APP_ID = "0bf30f3b-4a52-48df-9a82-234910c4a086";

    static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";

    /** What a valid access token grants; permissions are the token's {@code scp} or {@code roles}. */
    record AccessGrant(
            boolean delegated,
            String appId,
            String username,
            String objectId,
            Set<String> permissions,
            long expiresAtMillis) {}

    /** What a valid refresh token stands for. */
    record RefreshGrant(String username, String clientId, Set<String> scopes, long issuedAtMillis) {}

    private final KeyMaterial signingKey;
    private final String keyId;
    private final RSASSASigner signer;
    private final RSASSAVerifier verifier;
    private final byte[] refreshSecret = new byte[32];
    private final String tenantId;
    private final TenantClock clock;
    private final Duration lifetime;
    private final String loginIssuer;
    private final Map<String, AccessGrant> validated = new ConcurrentHashMap<>();
    private final Map<String, SignedToken> validationTokens = new ConcurrentHashMap<>();

    private record SignedToken(String jwt, long expiresAtMillis) {}

    TokenService(String tenantId, TenantClock clock, Duration lifetime, String baseUrl) {
        this.signingKey = KeyMaterial.rsa("fake-entra-token-signing");
        this.keyId = Base64URL.encode(KeyMaterial.thumbprint(signingKey.certificate(), "SHA-1"))
                .toString();
        this.signer = new RSASSASigner(signingKey.privateKey());
        this.verifier =
                new RSASSAVerifier((RSAPublicKey) signingKey.certificate().getPublicKey());
        new SecureRandom().nextBytes(refreshSecret);
        this.tenantId = tenantId;
        this.clock = clock;
        this.lifetime = lifetime;
        this.loginIssuer = baseUrl + "/" + tenantId + "/v2.0";
    }

    String accessIssuer() {
        return "https://sts.windows.net/" + tenantId + "/";
    }

    String loginIssuer() {
        return loginIssuer;
    }

    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }

    String issueDelegated(FakeAccount account, FakeApp app, Collection<String> scopes) {
        long now = clock.millis();
        JWTClaimsSet claims = base(now, now + lifetime.toMillis())
                .audience(GRAPH_AUDIENCE)
                .issuer(accessIssuer())
                .claim("appid", app.clientId())
                .claim("app_displayname", app.displayName())
                .claim("idtyp", "user")
                .claim("oid", account.objectId())
                .subject(account.objectId())
                .claim("upn", account.username())
                .claim("unique_name", account.username())
                .claim("name", account.displayName())
                .claim("scp", String.join(" ", scopes))
                .claim("ver", "1.0")
                .build();
        return sign(claims);
    }

    String issueApplication(FakeApp app, Collection<String> roles) {
        long now = clock.millis();
        JWTClaimsSet claims = base(now, now + lifetime.toMillis())
                .audience(GRAPH_AUDIENCE)
                .issuer(accessIssuer())
                .claim("appid", app.clientId())
                .claim("app_displayname", app.displayName())
                .claim("idtyp", "app")
                .claim("oid", app.clientId())
                .subject(app.clientId())
                .claim("roles", List.copyOf(roles))
                .claim("ver", "1.0")
                .build();
        return sign(claims);
    }

    String idToken(FakeAccount account, String clientId) {
        long now = clock.millis();
        JWTClaimsSet claims = base(now, now + lifetime.toMillis())
                .audience(clientId)
                .issuer(loginIssuer)
                .subject(account.objectId())
                .claim("oid", account.objectId())
                .claim("preferred_username", account.username())
                .claim("name", account.displayName())
                .claim("ver", "2.0")
                .build();
        return sign(claims);
    }

    /** The JWT that vouches for a batch of rich notifications to {@code audienceAppId}; cached. */
    String validationToken(String audienceAppId) {
        long now = clock.millis();
        SignedToken cached = validationTokens.get(audienceAppId);
        if (cached != null && cached.expiresAtMillis - 300_000 > now) {
            return cached.jwt;
        }
        long exp = now + 3_600_000;
        JWTClaimsSet claims = base(now, exp)
                .audience(audienceAppId)
                .issuer(accessIssuer())
                .claim("appid", GRAPH_NOTIFICATION_APP_ID)
                .claim("azp", GRAPH_NOTIFICATION_APP_ID)
                .claim("idtyp", "app")
                .claim("ver", "1.0")
                .build();
        String jwt = sign(claims);
        validationTokens.put(audienceAppId, new SignedToken(jwt, exp));
        return jwt;
    }

    private JWTClaimsSet.Builder base(long nowMillis, long expMillis) {
        Date now = new Date(nowMillis / 1000 * 1000);
        return new JWTClaimsSet.Builder()
                .issueTime(now)
                .notBeforeTime(now)
                .expirationTime(new Date(expMillis / 1000 * 1000))
                .claim("tid", tenantId)
                .claim("uti", UUID.randomUUID().toString());
    }

    @SuppressWarnings("deprecation") // x5t (SHA-1) is what Entra puts in its token headers
    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .type(JOSEObjectType.JWT)
                            .keyID(keyId)
                            .x509CertThumbprint(new Base64URL(keyId))
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /**
     * The grant behind an access token, or null when it is not one of ours (garbled, foreign
     * signature, wrong audience). Expiry is left to the caller, which knows the clock.
     */
    AccessGrant validate(String token) {
        AccessGrant grant = validated.get(token);
        if (grant != null) {
            return grant;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return null;
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!claims.getAudience().contains(GRAPH_AUDIENCE)
                    || !accessIssuer().equals(claims.getIssuer())) {
                return null;
            }
            boolean delegated = "user".equals(claims.getStringClaim("idtyp"));
            Set<String> permissions = new LinkedHashSet<>();
            if (delegated) {
                String scp = claims.getStringClaim("scp");
                if (scp != null && !scp.isBlank())
                    permissions.addAll(List.of(scp.trim().split("\\s+")));
            } else {
                List<String> roles = claims.getStringListClaim("roles");
                if (roles != null) permissions.addAll(roles);
            }
            grant = new AccessGrant(
                    delegated,
                    claims.getStringClaim("appid"),
                    delegated ? claims.getStringClaim("upn") : null,
                    claims.getStringClaim("oid"),
                    Set.copyOf(permissions),
                    claims.getExpirationTime().getTime());
            if (validated.size() > 100_000) {
                validated.clear();
            }
            validated.put(token, grant);
            return grant;
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    String refreshToken(String username, String clientId, Collection<String> scopes) {
        String payload = Json.write(
                Map.of("u", username, "c", clientId, "s", new ArrayList<>(scopes), "t", clock.millis(), "n", nonce()));
        String body = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return "1.FAKE." + body + "." + hmac(body);
    }

    /** The grant behind a refresh token, or null when it is not one of ours. */
    RefreshGrant parseRefresh(String token) {
        if (token == null || !token.startsWith("1.FAKE.")) return null;
        String[] parts = token.substring(7).split("\\.");
        if (parts.length != 2
                || !java.security.MessageDigest.isEqual(
                        hmac(parts[0]).getBytes(StandardCharsets.US_ASCII),
                        parts[1].getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        try {
            Map<?, ?> map =
                    Json.MAPPER.readValue(java.util.Base64.getUrlDecoder().decode(parts[0]), Map.class);
            List<?> scopes = (List<?>) map.get("s");
            Set<String> scopeSet = new LinkedHashSet<>();
            scopes.forEach(s -> scopeSet.add(String.valueOf(s)));
            return new RefreshGrant(
                    (String) map.get("u"), (String) map.get("c"), scopeSet, ((Number) map.get("t")).longValue());
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(refreshSecret, "HmacSHA256"));
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public signing key as a JWKS document (Entra's {@code discovery/keys} shape). */
    @SuppressWarnings("deprecation")
    String jwks() {
        try {
            RSAKey key = new RSAKey.Builder(
                            (RSAPublicKey) signingKey.certificate().getPublicKey())
                    .keyID(keyId)
                    .keyUse(KeyUse.SIGNATURE)
                    .x509CertThumbprint(new Base64URL(keyId))
                    .x509CertChain(
                            List.of(Base64.encode(signingKey.certificate().getEncoded())))
                    .build();
            Map<String, Object> json = new JWKSet(key).toJSONObject(true);
            return Json.write(json);
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
