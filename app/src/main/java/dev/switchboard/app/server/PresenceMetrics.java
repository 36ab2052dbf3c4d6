package dev.switchboard.app.server;

import dev.switchboard.presence.graph.GraphPresenceService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.ToDoubleFunction;

/**
 * The Graph adapter's figures as Micrometer meters on the server's {@code /metrics}: how long a
 * change notification takes from its receipt at the webhook until the engine has applied it, the
 * webhook's queue, and the adapter's counters. The adapter is built before the registry exists,
 * so this is handed to it as its latency callback first and bound to a registry later; latencies
 * before that are not recorded.
 */
public final class PresenceMetrics implements LongConsumer {
    private volatile Timer latency;

    @Override
    public void accept(long nanos) {
        Timer t = latency;
        if (t != null) {
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Registers the meters; call once the registry exists. */
    public void bind(MeterRegistry registry, GraphPresenceService service) {
        Gauge.builder(
                        "switchboard.presence.webhook.backlog",
                        service,
                        s -> s.webhook().backlog())
                .description("Notification POSTs accepted (202) and not yet processed")
                .register(registry);
        counter(
                registry,
                service,
                "switchboard.presence.webhook.accepted",
                "POSTs accepted",
                s -> s.webhook().accepted());
        counter(
                registry,
                service,
                "switchboard.presence.webhook.refused",
                "POSTs refused with 503 (queue full)",
                s -> s.webhook().refused());
        counter(
                registry,
                service,
                "switchboard.presence.notifications",
                "Change notifications received",
                s -> s.stats().notifications());
        counter(
                registry,
                service,
                "switchboard.presence.notifications.stale",
                "Duplicates and out-of-order deliveries dropped by their sequence stamp",
                s -> s.stats().stale());
        counter(
                registry,
                service,
                "switchboard.presence.notifications.rejected",
                "Notifications rejected (clientState, validation token or signature wrong)",
                s -> s.stats().rejected());
        counter(
                registry,
                service,
                "switchboard.presence.bulk.reads",
                "getPresencesByUserId requests",
                s -> s.stats().bulkReads());
        latency = Timer.builder("switchboard.presence.notification.latency")
                .description("From a notification's receipt at the webhook to the engine's acknowledgement")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    private static void counter(
            MeterRegistry registry,
            GraphPresenceService service,
            String name,
            String description,
            ToDoubleFunction<GraphPresenceService> value) {
        FunctionCounter.builder(name, service, value).description(description).register(registry);
    }
}
