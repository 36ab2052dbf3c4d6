package dev.switchboard.presence.graph.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ValidationTokenVerifierTest {
    private static final String TENANT = "11111111-2222-3333-4444-555555555555";
    private static final String CLIENT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private final Instant now = Instant.parse("2025-03-01T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final RSAKey key;
    private final RSAKey stranger;
    private final AtomicInteger fetches = new AtomicInteger();
    private final ValidationTokenVerifier verifier;

    ValidationTokenVerifierTest() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("k1").generate();
        verifier = new ValidationTokenVerifier(
                CLIENT,
                TENANT,
                () -> {
                    fetches.incrementAndGet();
                    return new JWKSet(key.toPublicJWK()).toString();
                },
                clock);
    }

    private String token(RSAKey signer, String appId, String audience, String issuer, Instant exp) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .claim("appid", appId)
                .expirationTime(Date.from(exp))
                .notBeforeTime(Date.from(now.minusSeconds(60)))
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private String good() throws Exception {
        return token(
                key,
                ValidationTokenVerifier.GRAPH_NOTIFICATION_PUBLISHER,
                CLIENT,
                "https://sts.windows.net/" + TENANT + "/",
                now.plus(Duration.ofHours(1)));
    }

    @Test
    void acceptsGraphsTokens() throws Exception {
        assertThat(verifier.verifyAll(List.of(good()))).isTrue();
    }

    @Test
    void refusesWrongPublisherAudienceIssuerExpiryOrSignature() throws Exception {
        String iss = "https://sts.windows.net/" + TENANT + "/";
        Instant later = now.plus(Duration.ofHours(1));
        assertThat(verifier.verify(token(key, "00000000-0000-0000-0000-000000000000", CLIENT, iss, later)))
                .isFalse();
        assertThat(verifier.verify(
                        token(key, ValidationTokenVerifier.GRAPH_NOTIFICATION_PUBLISHER, "other", iss, later)))
                .isFalse();
        assertThat(verifier.verify(token(
                        key,
                        ValidationTokenVerifier.GRAPH_NOTIFICATION_PUBLISHER,
                        CLIENT,
                        "https://sts.windows.net/other/",
                        later)))
                .isFalse();
        assertThat(verifier.verify(token(
                        key,
                        ValidationTokenVerifier.GRAPH_NOTIFICATION_PUBLISHER,
                        CLIENT,
                        iss,
                        now.minus(Duration.ofHours(1)))))
                .isFalse();
        assertThat(verifier.verify(
                        token(stranger, ValidationTokenVerifier.GRAPH_NOTIFICATION_PUBLISHER, CLIENT, iss, later)))
                .isFalse();
        assertThat(verifier.verifyAll(List.of())).isFalse();
        assertThat(verifier.verify("not a jwt")).isFalse();
    }

    @Test
    void remembersValidTokensAndTheKeySet() throws Exception {
        String t = good();
        for (int i = 0; i < 100; i++) {
            assertThat(verifier.verify(t)).isTrue();
        }
        assertThat(fetches.get()).isEqualTo(1);
    }
}
