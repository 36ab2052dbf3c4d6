package dev.switchboard.presence.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.switchboard.sim.tenant.GraphFault;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Closing deletes the subscriptions, but a slow or unreachable Graph does not hold up a shutdown. */
class ShutdownIT {

    @Test
    void closingDeletesTheSubscriptions() throws Exception {
        try (TenantHarness h = new TenantHarness(1500, 3, UnaryOperator.identity())) {
            h.start(h.builder(h.settings(UnaryOperator.identity(), false)));
            assertThat(h.tenant.control().subscriptions()).hasSize(3);

            h.service.close();

            assertThat(h.tenant.control().subscriptions()).isEmpty();
        }
    }

    @Test
    void aGraphThatDoesNotAnswerDoesNotHoldUpTheShutdown() throws Exception {
        try (TenantHarness h = new TenantHarness(1500, 4, UnaryOperator.identity())) {
            h.start(h.builder(h.settings(UnaryOperator.identity(), false)));
            assertThat(h.tenant.control().subscriptions()).hasSize(3);
            // Every DELETE takes a minute: with retries, deleting three one after the other
            // would take many minutes.
            h.tenant.control().injectGraphFault(GraphFault.slow(100, 60_000).onPath("/v1.0/subscriptions"));

            // A liveness bound, not a measurement: the deletions get 5 s, then closing goes on.
            assertTimeoutPreemptively(Duration.ofSeconds(30), h.service::close);

            assertThat(h.tenant.control().subscriptions())
                    .as("left to expire by themselves")
                    .hasSize(3);
        }
    }
}
