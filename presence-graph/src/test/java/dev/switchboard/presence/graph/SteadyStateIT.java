package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.sim.tenant.PresenceCatalog;
import dev.switchboard.sim.tenant.PresenceSnapshot;
import dev.switchboard.sim.tenant.PresenceUpdate;
import dev.switchboard.sim.tenant.SubscriptionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Cold start for 2,000 users, then steady state on basic notifications, over real HTTPS. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SteadyStateIT {
    private static final int USERS = 2000;
    private static final String BULK = "POST /v1.0/communications/getPresencesByUserId";
    private static TenantHarness h;
    private static long seed;

    @BeforeAll
    static void start() throws Exception {
        seed = new SplittableRandom().nextLong();
        System.out.println("SteadyStateIT seed " + seed);
        h = new TenantHarness(USERS, seed, UnaryOperator.identity());
        h.start(h.builder(h.settings(UnaryOperator.identity(), false)));
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    @Order(1)
    void coldStartReadsInBatchesOf650AndSubscribesOncePer650() {
        assertThat(h.tenant.control().stats().requests(BULK))
                .as("seed %d", seed)
                .isEqualTo(4);
        List<SubscriptionInfo> subs = h.tenant.control().subscriptions();
        assertThat(subs).hasSize(4);
        assertThat(subs.stream().mapToInt(SubscriptionInfo::userCount).sum()).isEqualTo(USERS);
        Map<String, Long> perOwner =
                subs.stream().collect(Collectors.groupingBy(SubscriptionInfo::owner, Collectors.counting()));
        assertThat(perOwner.values()).containsExactlyInAnyOrder(2L, 2L);
        assertThat(h.tenant.control().stats().maxPresenceRequestsPer30Seconds().values())
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1500));
        for (int i = 0; i < USERS; i += 97) {
            PresenceSnapshot truth = h.tenant.control().presence(h.userId(i));
            AgentView view = h.agent(i);
            assertThat(view.detailedTracking()).isTrue();
            assertThat(view.detailed()).as("agent %d", i).isNotNull();
            assertThat(view.detailed().availability().displayName()).isEqualToIgnoringCase(truth.availability());
            assertThat(view.detailed().sequence()).isEqualTo(truth.sequenceNumber());
            assertThat(view.effective().fidelity()).isEqualTo(Fidelity.DETAILED);
        }
        assertThat(h.service.health())
                .allSatisfy(s -> assertThat(s.status()).as(s.source()).isEqualTo(HealthStatus.OK));
    }

    @Test
    @Order(2)
    void notificationsBringChangesIn() throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<PresenceUpdate> updates = new ArrayList<>();
        List<Integer> changed = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            int i = random.nextInt(USERS);
            changed.add(i);
            PresenceCatalog.Pair pair = n % 2 == 0 ? PresenceCatalog.IN_A_CALL : PresenceCatalog.IN_A_MEETING;
            updates.add(new PresenceUpdate(h.userId(i), pair.availability(), pair.activity(), false));
        }
        h.tenant.control().setPresences(updates);
        for (int i : changed) {
            PresenceSnapshot truth = h.tenant.control().presence(h.userId(i));
            TenantHarness.await("agent " + i + " sees " + truth.activity() + " (seed " + seed + ")", () -> {
                AgentView v = h.agent(i);
                return v.detailed() != null
                        && truth.sequenceNumber().equals(v.detailed().sequence());
            });
            assertThat(h.agent(i).detailed().activity().displayName()).isEqualTo(truth.activity());
        }
        assertThat(h.service.stats().coalescedReads()).isGreaterThan(0);
    }

    @Test
    @Order(3)
    void steadyStateCostsOneSubscriptionPer650AndNoPolling() throws Exception {
        long readsBefore = h.tenant.control().stats().requests(BULK);
        for (int step = 0; step < 18; step++) { // three hours of tenant time
            h.tenant.control().advanceClock(Duration.ofMinutes(10));
            h.service.runMaintenance();
            h.tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(10));
            // Lifecycle notifications (reauthorizationRequired) are answered by a cycle of their own.
            TenantHarness.await(
                    "no paused subscription",
                    () -> h.tenant.control().subscriptions().stream().noneMatch(SubscriptionInfo::paused));
            assertThat(h.tenant.control().subscriptions()).hasSize(4);
        }
        assertThat(h.tenant.control().stats().requests(BULK)).isEqualTo(readsBefore);
        assertThat(h.tenant.control().stats().subscriptions().created()).isEqualTo(4);
        assertThat(h.service.stats().renewals()).isGreaterThanOrEqualTo(4 * 3);
        assertThat(h.agent(0).detailedTracking()).isTrue();
    }
}
