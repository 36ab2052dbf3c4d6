package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.presence.graph.auth.PasswordTokenSource;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.FakeUser;
import dev.switchboard.sim.tenant.GraphFault;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A 429 storm (with fractional Retry-After) during a long run of bulk reads: the limiter keeps
 * every 30 s window within the budget, as the fake tenant measures it. The limiter waits on the
 * tenant's clock, so the test runs in virtual time.
 */
class ThrottlingIT {

    @Test
    void aStormNeverPushesAWindowOverTheBudget() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("ThrottlingIT seed " + seed);
        try (FakeTeamsTenant tenant = FakeTeamsTenant.start(FakeTenantOptions.builder()
                .port(0)
                .users(650)
                .seed(seed)
                .presenceRequestsPer30Seconds(100)
                .build())) {
            InstantSource clock = tenant::now;
            GraphRateLimiter.Sleeper advance = nanos -> {
                if (nanos > 0) {
                    tenant.control().advanceClock(Duration.ofMillis((nanos + 999_999) / 1_000_000));
                }
            };
            GraphRateLimiter limiter = new GraphRateLimiter(
                    90, Duration.ofSeconds(30), () -> tenant.now().toEpochMilli() * 1_000_000L, advance);
            GraphClient graph = new GraphClient(
                    HttpClient.newBuilder().sslContext(tenant.sslContext()).build(),
                    tenant.graphBaseUrl(),
                    limiter,
                    new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), new SplittableRandom(seed)),
                    8,
                    advance,
                    clock);
            FakeAccount account = tenant.accounts().get(0);
            PasswordTokenSource tokens = new PasswordTokenSource(
                    "pa1",
                    tenant.publicClientId(),
                    tenant.authority(),
                    account.username(),
                    Secret.of("test", account.password().toCharArray()),
                    GraphPresenceSettings.DEFAULT_SCOPES,
                    tenant.sslContext().getSocketFactory(),
                    clock,
                    new SplittableRandom(seed),
                    Duration.ofMinutes(5));
            List<String> ids = tenant.users().stream().map(FakeUser::id).toList();
            tenant.control()
                    .injectGraphFault(GraphFault.throttle(40, 1.5).onPath("/v1.0/communications/getPresencesByUserId"));
            for (int i = 0; i < 400; i++) {
                List<GraphPresence> read = null;
                for (int attempt = 0; read == null; attempt++) {
                    try {
                        read = graph.getPresencesByUserId(tokens, ids);
                    } catch (GraphException e) {
                        // A call gives up after 8 throttled attempts; its caller tries again later.
                        assertThat(e.failure().status())
                                .as("seed %d: %s", seed, e)
                                .isEqualTo(HealthStatus.THROTTLED);
                        assertThat(attempt).isLessThan(10);
                    }
                }
                assertThat(read).hasSize(650);
                if (i == 200) {
                    tenant.control()
                            .injectGraphFault(
                                    GraphFault.throttle(30, 0.25).onPath("/v1.0/communications/getPresencesByUserId"));
                }
            }
            var stats = tenant.control().stats();
            assertThat(stats.throttled429())
                    .as("only the injected 429s, none from the limit")
                    .isEqualTo(70);
            assertThat(stats.maxPresenceRequestsPer30Seconds().get(tenant.publicClientId()))
                    .as("seed %d", seed)
                    .isLessThanOrEqualTo(90);
        }
    }
}
