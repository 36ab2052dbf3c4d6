package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import dev.switchboard.sim.tenant.NotificationFaults;
import dev.switchboard.sim.tenant.PresenceCatalog;
import dev.switchboard.sim.tenant.PresenceSnapshot;
import dev.switchboard.sim.tenant.SubscriptionInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Rich notifications with duplicates and reordering; subscription expiry; reauthorizationRequired;
 * the webhook down for a while.
 */
class DeliveryFaultsIT {
    private static final String BULK = "POST /v1.0/communications/getPresencesByUserId";
    private static final List<PresenceCatalog.Pair> PAIRS = List.of(
            PresenceCatalog.AVAILABLE,
            PresenceCatalog.IN_A_CALL,
            PresenceCatalog.IN_A_MEETING,
            PresenceCatalog.BUSY,
            PresenceCatalog.DO_NOT_DISTURB);

    @Test
    void duplicatesAndOutOfOrderNeverOverwriteNewerPresence() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("DeliveryFaultsIT duplicates seed " + seed);
        try (TenantHarness h = new TenantHarness(200, seed, UnaryOperator.identity())) {
            GraphPresenceService service = h.start(h.builder(h.settings(UnaryOperator.identity(), true)));
            h.tenant.control().notificationFaults(new NotificationFaults(0.5, 0.5, 0, 0));
            SplittableRandom random = new SplittableRandom(seed);
            List<Integer> users = List.of(3, 17, 42, 99, 150);
            for (int round = 0; round < 20; round++) {
                for (int i : users) {
                    h.tenant.control().setPresence(h.userId(i), PAIRS.get(random.nextInt(PAIRS.size())));
                }
            }
            assertThat(h.tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(20)))
                    .isTrue();
            for (int i : users) {
                PresenceSnapshot truth = h.tenant.control().presence(h.userId(i));
                TenantHarness.await("agent " + i + " at " + truth.sequenceNumber() + " (seed " + seed + ")", () -> {
                    var v = h.agent(i);
                    return v.detailed() != null
                            && truth.sequenceNumber().equals(v.detailed().sequence());
                });
                assertThat(h.agent(i).detailed().activity().displayName()).isEqualTo(truth.activity());
            }
            assertThat(service.stats().stale())
                    .as("duplicates dropped by the adapter")
                    .isGreaterThan(0);
            assertThat(service.stats().rejected()).isZero();
            // The journal never shows an older stamp after a newer one for the same agent.
            for (int i : users) {
                AgentId agent = h.tracked.get(i).agent();
                String last = "";
                for (JournaledEvent e : h.journal.entries()) {
                    if (e.event() instanceof Event.AgentPresenceChanged c
                            && c.agent().equals(agent)
                            && c.presence().fidelity() == Fidelity.DETAILED) {
                        assertThat(c.presence().sequence()).isGreaterThan(last);
                        last = c.presence().sequence();
                    }
                }
            }
        }
    }

    @Test
    void expiredSubscriptionsAreRecreatedAndReauthorizationIsAnswered() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("DeliveryFaultsIT expiry seed " + seed);
        try (TenantHarness h = new TenantHarness(700, seed, UnaryOperator.identity())) {
            GraphPresenceService service = h.start(h.builder(h.settings(UnaryOperator.identity(), false)));
            List<SubscriptionInfo> before = h.tenant.control().subscriptions();
            assertThat(before).hasSize(2);
            long reads = h.tenant.control().stats().requests(BULK);

            h.tenant.control().expireSubscription(before.get(0).id());
            h.tenant.control().setPresence(h.userId(0), PresenceCatalog.IN_A_CALL); // lost: no subscription
            service.runMaintenance();
            assertThat(h.tenant.control().subscriptions()).hasSize(2);
            assertThat(service.stats().subscriptionsLost()).isEqualTo(1);
            assertThat(h.tenant.control().stats().requests(BULK))
                    .as("the gap is read again")
                    .isGreaterThan(reads);
            PresenceSnapshot truth = h.tenant.control().presence(h.userId(0));
            TenantHarness.await("the change made during the gap", () -> {
                var v = h.agent(0);
                return v.detailed() != null
                        && truth.sequenceNumber().equals(v.detailed().sequence());
            });

            SubscriptionInfo target = h.tenant.control().subscriptions().get(1);
            h.tenant.control().requireReauthorization(target.id());
            TenantHarness.await("reauthorized", () -> service.stats().reauthorizations() >= 1);
            TenantHarness.await(
                    "delivery resumed",
                    () -> h.tenant.control().subscriptions().stream().noneMatch(SubscriptionInfo::paused));
            assertThat(service.stats().lifecycleEvents()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void theWebhookDownForAWhileIsHealedByAResync() throws Exception {
        long seed = new SplittableRandom().nextLong();
        System.out.println("DeliveryFaultsIT webhook-down seed " + seed);
        try (TenantHarness h =
                new TenantHarness(300, seed, b -> b.maxDeliveryAttempts(2).retryBackoff(Duration.ofMillis(50)))) {
            GraphPresenceService service = h.start(h.builder(h.settings(UnaryOperator.identity(), false)));
            h.handler.set(r -> WebhookResponse.status(503)); // the listener is unreachable
            List<Integer> changed = new ArrayList<>();
            for (int i = 0; i < 300; i += 13) {
                h.tenant.control().setPresence(h.userId(i), PresenceCatalog.IN_A_CONFERENCE_CALL);
                changed.add(i);
            }
            h.tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(20));
            assertThat(h.tenant.control().stats().notifications().dropped()
                            + h.tenant.control().stats().notifications().failed())
                    .as("Graph gave up on some notifications")
                    .isGreaterThan(0);
            assertThat(h.agent(changed.get(0)).detailed().activity().displayName())
                    .isNotEqualTo("InAConferenceCall");

            h.handler.set(service.webhook()::handle); // back
            service.resyncAll();
            for (int i : changed) {
                assertThat(h.agent(i).detailed().activity().displayName())
                        .as("agent %d (seed %d)", i, seed)
                        .isEqualTo("InAConferenceCall");
            }
        }
    }
}
