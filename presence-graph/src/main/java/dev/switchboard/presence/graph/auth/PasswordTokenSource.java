package dev.switchboard.presence.graph.auth;

import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import dev.switchboard.presence.graph.Failure;
import dev.switchboard.presence.graph.PresenceSourceException;
import dev.switchboard.presence.graph.Secret;
import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
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
 * A presence account signing in with username and password (OAuth ROPC through MSAL4J). The
 * token is refreshed silently with the refresh token before it expires — judged on the injected
 * clock, so tests can move time — and the password grant is used again when the refresh token is
 * gone. The authority is passed to every silent call because MSAL4J otherwise drops its port.
 */
public final class PasswordTokenSource implements AccessTokenSource {
    private static final Logger log = LoggerFactory.getLogger(PasswordTokenSource.class);
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final String name;
    private final String authority;
    private final String username;
    private final Secret password;
    private final Set<String> scopes;
    private final InstantSource clock;
    private final Duration refreshMargin;
    private final PublicClientApplication app;
    private final SignInGate gate;

    private IAccount account;
    private String token;
    private Instant refreshAt = Instant.EPOCH;

    public PasswordTokenSource(
            String name,
            String clientId,
            String authority,
            String username,
            Secret password,
            Set<String> scopes,
            SSLSocketFactory sslSocketFactory,
            InstantSource clock,
            RandomGenerator random,
            Duration refreshMargin) {
        this.name = Objects.requireNonNull(name, "name");
        this.authority = Objects.requireNonNull(authority, "authority");
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        this.scopes = Set.copyOf(scopes);
        this.clock = clock;
        this.refreshMargin = refreshMargin;
        this.gate = new SignInGate(clock, random, password::fingerprint);
        try {
            PublicClientApplication.Builder builder = PublicClientApplication.builder(clientId)
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
        if (account != null) {
            try {
                SilentParameters silent = SilentParameters.builder(scopes, account)
                        .authorityUrl(authority)
                        .forceRefresh(true)
                        .build();
                return accepted(app.acquireTokenSilently(silent).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PresenceSourceException(
                        Failure.of(dev.switchboard.presence.graph.HealthStatus.UNREACHABLE, "interrupted"));
            } catch (ExecutionException | TimeoutException | MalformedURLException | RuntimeException e) {
                // The refresh token is gone (password changed, revoked, expired): sign in anew.
                log.info(
                        "{}: silent refresh failed ({}), signing in with the password",
                        name,
                        SignInFailureClassifier.classify(e).label());
                account = null;
            }
        }
        char[] secret;
        try {
            secret = password.reveal();
        } catch (RuntimeException e) {
            Failure f = new Failure(
                    dev.switchboard.presence.graph.HealthStatus.WRONG_PASSWORD,
                    null,
                    "make the password available in " + password.origin(),
                    "the password cannot be read from " + password.origin());
            gate.failed(f, null);
            token = null;
            throw new PresenceSourceException(f);
        }
        try {
            UserNamePasswordParameters parameters =
                    UserNamePasswordParameters.builder(scopes, username, secret).build();
            @SuppressWarnings("deprecation") // ROPC is deprecated by Microsoft; presence accounts need it.
            IAuthenticationResult result = app.acquireToken(parameters).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return accepted(result);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PresenceSourceException(
                    Failure.of(dev.switchboard.presence.graph.HealthStatus.UNREACHABLE, "interrupted"));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Failure f = SignInFailureClassifier.classify(e);
            Duration hint = null;
            if (e.getCause() instanceof MsalThrottlingException t) {
                hint = Duration.ofMillis(t.retryInMs());
            }
            gate.failed(f, hint);
            token = null;
            log.warn(
                    "{}: sign-in as {} failed: {}; next try not before {}",
                    name,
                    username,
                    f.label(),
                    gate.notBefore());
            throw new PresenceSourceException(f);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private String accepted(IAuthenticationResult result) {
        account = result.account();
        token = result.accessToken();
        long remainingMillis = result.expiresOnDate().getTime() - System.currentTimeMillis();
        refreshAt = clock.instant().plusMillis(remainingMillis).minus(refreshMargin);
        gate.succeeded();
        return token;
    }

    @Override
    public synchronized void invalidate() {
        token = null;
        refreshAt = Instant.EPOCH;
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
    public synchronized Optional<String> userObjectId() {
        if (account == null || account.homeAccountId() == null) {
            return Optional.empty();
        }
        String home = account.homeAccountId();
        int dot = home.indexOf('.');
        return Optional.of(dot > 0 ? home.substring(0, dot) : home);
    }

    @Override
    public String toString() {
        return "PasswordTokenSource(" + name + ", " + username + ")";
    }
}
