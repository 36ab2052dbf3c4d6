package dev.switchboard.presence.graph.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCertificate;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import dev.switchboard.presence.graph.Failure;
import dev.switchboard.presence.graph.HealthStatus;
import dev.switchboard.presence.graph.PresenceSourceException;
import java.io.ByteArrayInputStream;
import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application permission: client credentials with a certificate (MSAL4J confidential
 * client). There is no refresh token: a new token is requested when the injected clock says the
 * old one is about to expire.
 */
public final class CertificateTokenSource implements AccessTokenSource {
    private static final Logger log = LoggerFactory.getLogger(CertificateTokenSource.class);
    private static final Set<String> SCOPES = Set.of("https://graph.microsoft.com/.default");

    private final String name;
    private final InstantSource clock;
    private final Duration refreshMargin;
    private final ConfidentialClientApplication app;
    private final SignInGate gate;

    private String token;
    private Instant refreshAt = Instant.EPOCH;

    /**
     * @param pkcs12 the certificate with its private key, PKCS#12
     * @param pkcs12Password its password (cleared by the caller afterwards)
     */
    public CertificateTokenSource(
            String name,
            String clientId,
            String authority,
            byte[] pkcs12,
            char[] pkcs12Password,
            SSLSocketFactory sslSocketFactory,
            InstantSource clock,
            RandomGenerator random,
            Duration refreshMargin) {
        this.name = name;
        this.clock = clock;
        this.refreshMargin = refreshMargin;
        this.gate = new SignInGate(clock, random, null);
        IClientCertificate credential;
        try {
            credential = ClientCredentialFactory.createFromCertificate(
                    new ByteArrayInputStream(pkcs12), new String(pkcs12Password));
        } catch (Exception e) {
            throw new IllegalArgumentException("the application certificate cannot be read (wrong format or password): "
                    + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(pkcs12Password, '\0');
        }
        try {
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication.builder(clientId, credential)
                    .authority(authority)
                    .instanceDiscovery(false)
                    .connectTimeoutForDefaultHttpClient(10_000)
                    .readTimeoutForDefaultHttpClient(15_000);
            if (sslSocketFactory != null) {
                builder.sslSocketFactory(sslSocketFactory);
            }
            this.app = builder.build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("authority is not a valid URL: " + authority, e);
        }
    }

    @Override
    public synchronized String accessToken() throws PresenceSourceException {
        if (token != null && clock.instant().isBefore(refreshAt)) {
            return token;
        }
        Failure blocked = gate.blocked();
        if (blocked != null) {
            throw new PresenceSourceException(blocked);
        }
        try {
            IAuthenticationResult result = app.acquireToken(ClientCredentialParameters.builder(SCOPES)
                            .skipCache(token != null || refreshAt != Instant.EPOCH)
                            .build())
                    .get(30, TimeUnit.SECONDS);
            token = result.accessToken();
            long remainingMillis = result.expiresOnDate().getTime() - System.currentTimeMillis();
            refreshAt = clock.instant().plusMillis(remainingMillis).minus(refreshMargin);
            gate.succeeded();
            return token;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PresenceSourceException(Failure.of(HealthStatus.UNREACHABLE, "interrupted"));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Failure f = SignInFailureClassifier.classify(e);
            Duration hint = e.getCause() instanceof MsalThrottlingException t ? Duration.ofMillis(t.retryInMs()) : null;
            gate.failed(f, hint);
            token = null;
            log.warn("{}: application sign-in failed: {}; next try not before {}", name, f.label(), gate.notBefore());
            throw new PresenceSourceException(f);
        }
    }

    @Override
    public synchronized void invalidate() {
        token = null;
        refreshAt = Instant.ofEpochMilli(1);
    }

    @Override
    public synchronized Optional<Failure> lastFailure() {
        return Optional.ofNullable(gate.failure());
    }

    @Override
    public synchronized Instant retryNotBefore() {
        return gate.notBefore();
    }

    @Override
    public synchronized void retryNow() {
        gate.reset();
    }

    @Override
    public Optional<String> userObjectId() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "CertificateTokenSource(" + name + ")";
    }
}
