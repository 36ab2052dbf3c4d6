package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.SignInFailure;
import dev.switchboard.sim.tenant.SubscriptionInfo;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One account fails (the other takes over), both fail (coarse fallback, visible in the routing
 * core behind the engine), both recover (detailed again, load split again).
 */
class FailoverIT {
    private static final int USERS = 1300;

    @Test
    void oneThenBothThenRecovery() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FailoverIT seed " + seed);
        try (TenantHarness h = new TenantHarness(USERS, seed, UnaryOperator.identity())) {
            GraphPresenceService service = h.start(h.builder(h.settings(UnaryOperator.identity(), false)));
            FakeAccount first = h.tenant.accounts().get(0);
            FakeAccount second = h.tenant.accounts().get(1);
            assertThat(owners(h)).containsExactlyInAnyOrder(first.username(), second.username());

            // One account is locked: noticed at its next token refresh, the other takes over.
            h.tenant.control().injectSignInFailure(first.username(), SignInFailure.ACCOUNT_LOCKED);
            h.tenant.control().advanceClock(Duration.ofMinutes(59));
            service.runMaintenance();
            SourceHealth locked = health(service, "presence-account:pa1");
            assertThat(locked.status()).as("seed %d", seed).isEqualTo(HealthStatus.ACCOUNT_LOCKED);
            assertThat(locked.aadstsCode()).isEqualTo("50053");
            assertThat(owners(h)).containsOnly(second.username()).hasSize(2);
            for (int i = 0; i < USERS; i += 111) {
                assertThat(h.agent(i).detailedTracking()).as("agent %d", i).isTrue();
            }

            // The second needs MFA now: everyone falls back to coarse presence.
            h.tenant.control().injectSignInFailure(second.username(), SignInFailure.MFA_REQUIRED);
            h.tenant.control().advanceClock(Duration.ofMinutes(59));
            service.runMaintenance();
            assertThat(health(service, "presence-account:pa2").status()).isEqualTo(HealthStatus.MFA_REQUIRED);
            for (int i = 0; i < USERS; i += 111) {
                AgentView v = h.agent(i);
                assertThat(v.detailedTracking()).isFalse();
                assertThat(v.effective()).as("agent %d", i).isNotNull();
                assertThat(v.effective().fidelity()).isEqualTo(Fidelity.COARSE);
                assertThat(v.effective().availability().displayName())
                        .isEqualToIgnoringCase(
                                h.tenant.control().presence(h.userId(i)).availability());
            }

            // Both fixed: after the back-off both sign in again, read, and split the users again.
            h.tenant.control().clearSignInFailure(first.username());
            h.tenant.control().clearSignInFailure(second.username());
            h.tenant.control().advanceClock(Duration.ofMinutes(61));
            service.runMaintenance();
            assertThat(service.health())
                    .allSatisfy(s -> assertThat(s.status()).as(s.source()).isEqualTo(HealthStatus.OK));
            assertThat(owners(h)).containsExactlyInAnyOrder(first.username(), second.username());
            for (int i = 0; i < USERS; i += 111) {
                AgentView v = h.agent(i);
                assertThat(v.detailedTracking()).isTrue();
                assertThat(v.effective().fidelity()).isEqualTo(Fidelity.DETAILED);
                assertThat(v.detailed().sequence())
                        .isEqualTo(h.tenant.control().presence(h.userId(i)).sequenceNumber());
            }
        }
    }

    private static List<String> owners(TenantHarness h) {
        return h.tenant.control().subscriptions().stream()
                .map(SubscriptionInfo::owner)
                .toList();
    }

    private static SourceHealth health(GraphPresenceService service, String source) {
        return service.health().stream()
                .filter(s -> s.source().equals(source))
                .findFirst()
                .orElseThrow();
    }
}
