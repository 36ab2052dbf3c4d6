package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.presence.graph.auth.PasswordTokenSource;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.SignInFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every sign-in failure the fake tenant can produce, through MSAL4J, classified. */
class SignInFailuresIT {
    private static FakeTeamsTenant tenant;

    @BeforeAll
    static void start() {
        tenant = FakeTeamsTenant.start(
                FakeTenantOptions.builder().port(0).users(5).seed(1).build());
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @ParameterizedTest
    @CsvSource({
        "WRONG_PASSWORD, WRONG_PASSWORD, 50126",
        "USER_NOT_FOUND, WRONG_PASSWORD, 50034",
        "ACCOUNT_LOCKED, ACCOUNT_LOCKED, 50053",
        "PASSWORD_EXPIRED, PASSWORD_EXPIRED, 50055",
        "MFA_REQUIRED, MFA_REQUIRED, 50076",
        "CONDITIONAL_ACCESS_BLOCKED, BLOCKED_BY_CONDITIONAL_ACCESS, 53003",
        "CONSENT_MISSING, CONSENT_MISSING, 65001",
        "STS_UNAVAILABLE, UNREACHABLE, 90033",
    })
    void classified(SignInFailure injected, HealthStatus expected, String code) throws Exception {
        FakeAccount account = tenant.accounts().get(0);
        tenant.control().injectSignInFailure(account.username(), injected);
        try {
            PasswordTokenSource source = new PasswordTokenSource(
                    "pa1",
                    tenant.publicClientId(),
                    tenant.authority(),
                    account.username(),
                    Secret.of("test", account.password().toCharArray()),
                    GraphPresenceSettings.DEFAULT_SCOPES,
                    tenant.sslContext().getSocketFactory(),
                    tenant::now,
                    new SplittableRandom(1),
                    Duration.ofMinutes(5));
            assertThatThrownBy(source::accessToken).isInstanceOfSatisfying(PresenceSourceException.class, e -> {
                assertThat(e.failure().status()).isEqualTo(expected);
                assertThat(e.failure().aadstsCode()).isEqualTo(code == null || code.isBlank() ? null : code);
                assertThat(e.getMessage()).doesNotContain(account.password());
                assertThat(e.failure().fix()).isNotBlank();
            });
            // No hot loop: the next call fails fast from the back-off, without another sign-in.
            long calls = tenant.control().stats().tokenCallsByPrincipal().getOrDefault(account.username(), 0L);
            assertThatThrownBy(source::accessToken).isInstanceOf(PresenceSourceException.class);
            assertThat(tenant.control().stats().tokenCallsByPrincipal().getOrDefault(account.username(), 0L))
                    .isEqualTo(calls);
            assertThat(source.retryNotBefore()).isAfter(Instant.from(tenant.now()));
            assertThat(source.toString()).doesNotContain(account.password());
        } finally {
            tenant.control().clearSignInFailure(account.username());
        }
    }
}
