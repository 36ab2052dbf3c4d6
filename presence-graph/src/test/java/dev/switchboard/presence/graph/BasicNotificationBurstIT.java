package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.routing.AgentView;
import dev.switchboard.sim.tenant.PresenceCatalog;
import dev.switchboard.sim.tenant.PresenceUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A burst of basic notifications is read back in whole requests of 650 ids as soon as an account
 * has that many waiting, without waiting for the coalescing delay; what is left over waits for
 * it. The delay is set to an hour here, so only the early path can read anything.
 */
class BasicNotificationBurstIT {
    private static final int USERS = 2000;
    private static final String BULK = "POST /v1.0/communications/getPresencesByUserId";

    @Test
    void wholeRequestsGoOutAtOnceAndPartialOnesWaitForTheDelay() throws Exception {
        try (TenantHarness h = new TenantHarness(USERS, 11, UnaryOperator.identity())) {
            h.start(h.builder(h.settings(t -> t.withCoalesceDelay(Duration.ofHours(1)), false)));
            long readsBefore = h.tenant.control().stats().requests(BULK);
            List<String> sequenceBefore = new ArrayList<>();
            List<PresenceUpdate> burst = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                sequenceBefore.add(h.agent(i).detailed().sequence());
                // A real change for everyone: the tenant notifies only on changes.
                PresenceCatalog.Pair next =
                        h.tenant.control().presence(h.userId(i)).activity().equals(PresenceCatalog.IN_A_CALL.activity())
                                ? PresenceCatalog.AVAILABLE
                                : PresenceCatalog.IN_A_CALL;
                burst.add(new PresenceUpdate(h.userId(i), next.availability(), next.activity(), false));
            }
            h.tenant.control().setPresences(burst);
            assertThat(h.tenant.control().awaitNotificationsDelivered(Duration.ofSeconds(20)))
                    .isTrue();
            TenantHarness.await(
                    "the webhook queue drained", () -> h.service.webhook().backlog() == 0);

            // Each account reads its own users: whole requests of 650 go out at once, whatever is
            // left per account (fewer than 650) waits for the coalescing delay. How many users each
            // account holds depends on the order they signed in, so the test checks the rule: every
            // read was a whole one, at least one went out, and not everything was read.
            try {
                TenantHarness.await("whole requests read back", () -> {
                    long reads = h.tenant.control().stats().requests(BULK) - readsBefore;
                    return reads > 0 && updated(h, sequenceBefore) == reads * 650;
                });
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + updated(h, sequenceBefore) + " agents updated, "
                        + (h.tenant.control().stats().requests(BULK) - readsBefore) + " bulk reads, "
                        + h.service.stats());
            }
            int updated = updated(h, sequenceBefore);
            assertThat(updated).as("the partial rest waits for the delay").isLessThan(USERS);
            assertThat(updated % 650).isZero();
            assertThat(h.service.stats().notifications()).isGreaterThanOrEqualTo(USERS);
        }
    }

    private static int updated(TenantHarness h, List<String> sequenceBefore) {
        int n = 0;
        for (int i = 0; i < USERS; i++) {
            AgentView v = h.agent(i);
            if (v.detailed() != null && !v.detailed().sequence().equals(sequenceBefore.get(i))) {
                n++;
            }
        }
        return n;
    }
}
