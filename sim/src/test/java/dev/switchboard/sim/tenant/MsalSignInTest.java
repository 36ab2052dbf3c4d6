package dev.switchboard.sim.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.InteractionRequiredExceptionReason;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.MsalThrottlingException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import java.io.ByteArrayInputStream;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The real Microsoft client (MSAL4J 1.26.1) signs in against the fake tenant over HTTPS. */
@SuppressWarnings("deprecation") // ROPC is deprecated in MSAL4J but is what presence accounts use
class MsalSignInTest {
    private static final Set<String> SCOPES = Set.of("https://graph.microsoft.com/Presence.Read.All");

    static FakeTeamsTenant tenant;
    static TenantClient client;

    @BeforeAll
    static void start() {
        tenant = FakeTeamsTenant.start(
                FakeTenantOptions.builder().users(20).seed(7).build());
        client = new TenantClient(tenant);
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    static PublicClientApplication publicClient(String clientId) throws Exception {
        return PublicClientApplication.builder(clientId)
                .authority(tenant.authority())
                .instanceDiscovery(false)
                .sslSocketFactory(tenant.sslContext().getSocketFactory())
                .build();
    }

    static FakeAccount account(String name) {
        FakeAccount account = new FakeAccount(
                name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + tenant.domain(),
                "Secret-" + name + "-1!",
                UUID.randomUUID().toString(),
                name,
                FakeTeamsTenant.PRESENCE_ACCOUNT_PERMISSIONS);
        tenant.control().putAccount(account);
        return account;
    }

    static IAuthenticationResult ropc(PublicClientApplication app, FakeAccount account) throws Exception {
        return app.acquireToken(UserNamePasswordParameters.builder(
                                SCOPES, account.username(), account.password().toCharArray())
                        .build())
                .get();
    }

    static Throwable failureOf(ThrowingRunnable r) {
        try {
            r.run();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected the sign-in to fail");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void ropcSignInThenSilentRefreshWithExplicitAuthority() throws Exception {
        FakeAccount account = account("happy");
        PublicClientApplication app = publicClient(tenant.publicClientId());

        IAuthenticationResult first = ropc(app, account);
        assertThat(first.account())
                .as("MSAL builds an account from id_token + client_info")
                .isNotNull();
        assertThat(first.account().username()).isEqualTo(account.username());
        assertThat(client.get("/v1.0/users/" + tenant.users().get(0).id() + "/presence", first.accessToken())
                        .status())
                .isEqualTo(200);

        IAuthenticationResult refreshed = app.acquireTokenSilently(SilentParameters.builder(SCOPES, first.account())
                        .authorityUrl(tenant.authority())
                        .forceRefresh(true)
                        .build())
                .get();
        assertThat(refreshed.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(tenant.control().stats().tokenCallsByPrincipal())
                .containsEntry("refresh_token:" + account.username(), 1L);
        assertThat(tenant.control().stats().requestsByEndpoint())
                .as("MSAL4J called nothing the tenant does not serve")
                .doesNotContainKey("unmatched")
                .containsKeys("userrealm", "token");
    }

    @ParameterizedTest
    @EnumSource(
            value = SignInFailure.class,
            names = {
                "WRONG_PASSWORD",
                "ACCOUNT_LOCKED",
                "PASSWORD_EXPIRED",
                "MFA_REQUIRED",
                "CONDITIONAL_ACCESS_BLOCKED",
                "CONSENT_MISSING",
                "USER_NOT_FOUND"
            })
    void injectedSignInFailuresSurfaceAsTheDocumentedMsalExceptions(SignInFailure failure) throws Exception {
        FakeAccount account = account(failure.name().toLowerCase());
        tenant.control().injectSignInFailure(account.username(), failure);
        PublicClientApplication app = publicClient(tenant.publicClientId());

        Throwable thrown = failureOf(() -> ropc(app, account));

        assertThat(thrown).isInstanceOf(MsalServiceException.class);
        MsalServiceException e = (MsalServiceException) thrown;
        assertThat(e.getMessage()).startsWith("AADSTS" + failure.aadstsCode() + ":");
        assertThat(e.errorCode()).isEqualTo(failure.error());
        if (!(e instanceof MsalInteractionRequiredException)) {
            // MSAL4J 1.26.1 fills statusCode() only for the non-interaction exceptions.
            assertThat(e.statusCode()).isEqualTo(400);
        }
        switch (failure) {
            case ACCOUNT_LOCKED, PASSWORD_EXPIRED ->
                assertThat(e).isNotInstanceOf(MsalInteractionRequiredException.class);
            case WRONG_PASSWORD, USER_NOT_FOUND ->
                assertThat(reason(e)).isEqualTo(InteractionRequiredExceptionReason.NONE);
            case MFA_REQUIRED -> assertThat(reason(e)).isEqualTo(InteractionRequiredExceptionReason.BASIC_ACTION);
            case CONSENT_MISSING ->
                assertThat(reason(e)).isEqualTo(InteractionRequiredExceptionReason.CONSENT_REQUIRED);
            case CONDITIONAL_ACCESS_BLOCKED -> {
                assertThat(reason(e)).isEqualTo(InteractionRequiredExceptionReason.MESSAGE_ONLY);
                assertThat(e.claims()).contains("capolids");
            }
            default -> throw new AssertionError("not covered: " + failure);
        }

        assertThat(tenant.control().clearSignInFailure(account.username())).isTrue();
        if (failure != SignInFailure.USER_NOT_FOUND) {
            assertThat(ropc(app, account).accessToken()).isNotBlank();
        }
    }

    private static InteractionRequiredExceptionReason reason(MsalServiceException e) {
        assertThat(e).isInstanceOf(MsalInteractionRequiredException.class);
        return ((MsalInteractionRequiredException) e).reason();
    }

    @Test
    void realWrongPasswordAndUnknownUserWithoutInjection() throws Exception {
        FakeAccount account = account("typo");
        PublicClientApplication app = publicClient(tenant.publicClientId());
        FakeAccount wrong = new FakeAccount(account.username(), "not-the-password", account.objectId(), null, Set.of());
        assertThat(failureOf(() -> ropc(app, wrong)))
                .isInstanceOf(MsalInteractionRequiredException.class)
                .hasMessageStartingWith("AADSTS50126:");
        FakeAccount ghost = new FakeAccount("ghost@" + tenant.domain(), "x", "x", null, Set.of());
        assertThat(failureOf(() -> ropc(app, ghost)))
                .isInstanceOf(MsalInteractionRequiredException.class)
                .hasMessageStartingWith("AADSTS50034:");
    }

    @Test
    void revokedRefreshTokenFailsTheSilentRefresh() throws Exception {
        FakeAccount account = account("revoked");
        PublicClientApplication app = publicClient(tenant.publicClientId());
        IAuthenticationResult first = ropc(app, account);
        tenant.control().injectSignInFailure(account.username(), SignInFailure.REFRESH_REVOKED);

        Throwable thrown = failureOf(() -> app.acquireTokenSilently(SilentParameters.builder(SCOPES, first.account())
                        .authorityUrl(tenant.authority())
                        .forceRefresh(true)
                        .build())
                .get());

        assertThat(thrown).isInstanceOf(MsalInteractionRequiredException.class).hasMessageStartingWith("AADSTS50173:");
    }

    @Test
    void stsThrottlingGivesRetryAfterAndMsalThrottlesLocally() throws Exception {
        String clientId = UUID.randomUUID().toString(); // a fresh app: MSAL's throttling cache is JVM-wide
        tenant.control().putApp(new FakeApp(clientId, "throttled app", true, null, Set.of()));
        tenant.control().injectSignInFailure(clientId, SignInFailure.STS_THROTTLED, 1, 30.0);
        PublicClientApplication app = publicClient(clientId);
        FakeAccount account = account("throttled");

        Throwable first = failureOf(() -> ropc(app, account));
        assertThat(first).isInstanceOf(MsalServiceException.class).hasMessageStartingWith("AADSTS90055:");
        assertThat(((MsalServiceException) first).statusCode()).isEqualTo(429);
        assertThat(((MsalServiceException) first).headers().get("Retry-After")).containsExactly("30");

        long callsBefore = tenant.control().stats().tokenCallsByGrant().get("password");
        assertThat(failureOf(() -> ropc(app, account))).isInstanceOf(MsalThrottlingException.class);
        assertThat(tenant.control().stats().tokenCallsByGrant().get("password"))
                .as("MSAL answered from its throttling cache without calling the tenant")
                .isEqualTo(callsBefore);
    }

    @Test
    void stsOutageIsRetriedOnceByMsalThenFails() throws Exception {
        String clientId = UUID.randomUUID().toString();
        tenant.control().putApp(new FakeApp(clientId, "outage app", true, null, Set.of()));
        tenant.control().injectSignInFailure(clientId, SignInFailure.STS_UNAVAILABLE);
        PublicClientApplication app = publicClient(clientId);
        FakeAccount account = account("outage");
        long before = tenant.control().stats().tokenCallsByGrant().getOrDefault("password", 0L);

        Throwable thrown = failureOf(() -> ropc(app, account));

        assertThat(thrown).isInstanceOf(MsalServiceException.class);
        assertThat(((MsalServiceException) thrown).statusCode()).isEqualTo(503);
        assertThat(tenant.control().stats().tokenCallsByGrant().get("password") - before)
                .isEqualTo(2);
    }

    static ConfidentialClientApplication confidential(String clientId, byte[] pkcs12) throws Exception {
        return ConfidentialClientApplication.builder(
                        clientId,
                        ClientCredentialFactory.createFromCertificate(
                                new ByteArrayInputStream(pkcs12), FakeTeamsTenant.PKCS12_PASSWORD))
                .authority(tenant.authority())
                .instanceDiscovery(false)
                .sslSocketFactory(tenant.sslContext().getSocketFactory())
                .build();
    }

    @Test
    void clientCredentialsWithTheRegisteredCertificate() throws Exception {
        String clientId = tenant.confidentialClientId();
        ConfidentialClientApplication app = confidential(clientId, tenant.appPkcs12(clientId));

        IAuthenticationResult result = app.acquireToken(
                        ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
                                .build())
                .get();

        String userId = tenant.users().get(1).id();
        assertThat(client.get("/v1.0/communications/presences/" + userId, result.accessToken())
                        .json()
                        .get("id")
                        .asText())
                .isEqualTo(userId);
        assertThat(client.post(
                                "/v1.0/subscriptions",
                                result.accessToken(),
                                "{\"changeType\":\"updated\",\"resource\":\"communications/presences/" + userId
                                        + "\",\"notificationUrl\":\"https://127.0.0.1:1/x\",\"expirationDateTime\":\""
                                        + tenant.now().plusSeconds(600) + "\"}")
                        .status())
                .as("presence subscriptions are delegated-only")
                .isEqualTo(403);
    }

    @Test
    void clientAssertionSignedWithAnotherKeyIsRejected() throws Exception {
        FakeApp registered = tenant.control()
                .putApp(new FakeApp(
                        UUID.randomUUID().toString(), "cert app", false, null, Set.of("Presence.Read.All")));
        KeyMaterial impostor = KeyMaterial.rsa("impostor");
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(
                        registered.clientId(),
                        ClientCredentialFactory.createFromCertificate(impostor.privateKey(), registered.certificate()))
                .authority(tenant.authority())
                .instanceDiscovery(false)
                .sslSocketFactory(tenant.sslContext().getSocketFactory())
                .build();

        Throwable thrown = failureOf(() -> app.acquireToken(
                        ClientCredentialParameters.builder(Set.of("https://graph.microsoft.com/.default"))
                                .build())
                .get());

        assertThat(thrown).isInstanceOf(MsalServiceException.class).hasMessageStartingWith("AADSTS700027:");
        assertThat(((MsalServiceException) thrown).errorCode()).isEqualTo("invalid_client");
    }

    @Test
    void thumbprintIsAcceptedInStandardAndUrlSafeBase64() {
        byte[] digest = new byte[32];
        for (int i = 0; i < digest.length; i++) digest[i] = (byte) (i * 37 + 250); // has + and / in base64
        String standard = java.util.Base64.getEncoder().encodeToString(digest);
        String urlSafe = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        assertThat(standard).containsAnyOf("+", "/", "=");
        assertThat(EntraEndpoints.thumbprintMatches(standard, digest)).isTrue();
        assertThat(EntraEndpoints.thumbprintMatches(urlSafe, digest)).isTrue();
        digest[0]++;
        assertThat(EntraEndpoints.thumbprintMatches(standard, digest)).isFalse();
        assertThatThrownBy(() -> tenant.appKey("no-such-app")).isInstanceOf(IllegalArgumentException.class);
    }
}
