package dev.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.InMemoryJournal;
import dev.switchboard.presence.graph.GraphPresenceService;
import dev.switchboard.presence.graph.GraphPresenceSettings;
import dev.switchboard.presence.graph.Secret;
import dev.switchboard.presence.graph.SelfSignedCertificate;
import dev.switchboard.presence.graph.TrackedUser;
import dev.switchboard.presence.graph.webhook.HttpsWebhookServer;
import dev.switchboard.presence.graph.webhook.WebhookRequest;
import dev.switchboard.presence.graph.webhook.WebhookResponse;
import dev.switchboard.sim.tenant.FakeAccount;
import dev.switchboard.sim.tenant.FakeTeamsTenant;
import dev.switchboard.sim.tenant.FakeTenantOptions;
import dev.switchboard.sim.tenant.FakeUser;
import dev.switchboard.sim.tenant.PresenceCatalog;
import dev.switchboard.sim.tenant.PresenceUpdate;
import dev.switchboard.sim.tenant.RichNotificationKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Not JMH: a paced load test of the presence notification path, from the fake Teams tenant's
 * POSTs over HTTPS to the webhook, through the Graph adapter (clientState, validation tokens,
 * decryption, sequence stamps) into a real {@link Engine} holding the benchmark organisation. The
 * latency is measured from a POST's receipt at the webhook to the engine's acknowledgement of the
 * presence command it became, i.e. until the change is in the engine's state.
 *
 * <p>The tenant changes presence at a fixed rate (every change a real change, so every one becomes
 * a notification), for a warm-up and then a measured period, once per notification mode:
 *
 * <ul>
 *   <li>{@code rich-key-per-item}: rich notifications, a fresh symmetric key per notification, as
 *       Graph does: one RSA-OAEP unwrap per notification;
 *   <li>{@code rich-key-per-post}: one key per subscription within a POST (a POST of 100
 *       notifications for 16 subscriptions needs up to 16 unwraps);
 *   <li>{@code rich-key-per-subscription}: one key per subscription for its lifetime, so the
 *       unwrap is remembered: the pipeline without the RSA step;
 *   <li>{@code basic}: notifications without resource data; changed users are collected for the
 *       configured coalescing delay and read with {@code getPresencesByUserId}.
 * </ul>
 *
 * <p>The fake tenant runs in the same process and shares the CPUs: its own cost (JSON, AES, the RSA
 * public-key wrap per item, TLS) is part of the figures. Prints one JSON object. Arguments:
 * {@code [--users N] [--rate PER_SECOND] [--seconds S] [--warmup S] [--modes a,b,c]}.
 */
public final class WebhookLoad {
    static final List<String> MODES =
            List.of("rich-key-per-item", "rich-key-per-post", "rich-key-per-subscription", "basic");
    private static final List<PresenceCatalog.Pair> CYCLE = List.of(
            PresenceCatalog.AVAILABLE, PresenceCatalog.IN_A_CALL, PresenceCatalog.IN_A_MEETING, PresenceCatalog.BUSY);
    /** How often the pacer hands the tenant the changes that are due. */
    private static final Duration PACE = Duration.ofMillis(5);

    private WebhookLoad() {}

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("webhook load: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String[] args) throws Exception {
        int users = 10_000;
        int rate = 20_000;
        int seconds = 10;
        int warmup = 5;
        List<String> modes = MODES;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--users" -> users = Integer.parseInt(required(args[i], value));
                case "--rate" -> rate = Integer.parseInt(required(args[i], value));
                case "--seconds" -> seconds = Integer.parseInt(required(args[i], value));
                case "--warmup" -> warmup = Integer.parseInt(required(args[i], value));
                case "--modes" -> modes = List.of(required(args[i], value).split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (users < 1 || rate < 1 || seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--users, --rate and --seconds must be positive, --warmup not negative");
        }
        for (String mode : modes) {
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("unknown mode " + mode + "; known: " + MODES);
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("users", users);
        out.put("rate_target", rate);
        out.put("seconds", seconds);
        out.put("warmup_seconds", warmup);
        ArrayNode results = out.putArray("modes");
        for (String mode : modes) {
            System.err.printf(
                    "webhook load: %s, %,d users, %,d changes/s, %d s warm-up + %d s measured%n",
                    mode, users, rate, warmup, seconds);
            results.add(run(mode, users, rate, warmup, seconds));
        }
        System.out.println(
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
        System.exit(0);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    /** Records latencies while measuring; drops them (and counts nothing) otherwise. */
    private static final class Recorder {
        final long[] nanos;
        final AtomicInteger count = new AtomicInteger();
        volatile boolean measuring;

        Recorder(int capacity) {
            nanos = new long[capacity];
        }

        void record(long value) {
            if (!measuring) {
                return;
            }
            int i = count.getAndIncrement();
            if (i < nanos.length) {
                nanos[i] = value;
            }
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(nanos, Math.min(count.get(), nanos.length));
            Arrays.sort(copy);
            return copy;
        }
    }

    static ObjectNode run(String mode, int users, int rate, int warmupSeconds, int seconds) throws Exception {
        Organisation org = Organisation.generate(users, Math.max(1, users / 10), 42);
        InMemoryJournal journal = new InMemoryJournal();
        RoutingCore setup = RoutingCore.indexed();
        List<Event> setupEvents = new ArrayList<>();
        for (Command c : org.setupCommands()) {
            setupEvents.addAll(setup.handle(c).events());
        }
        journal.append(setupEvents);
        Recorder recorder = new Recorder((int) Math.min(Integer.MAX_VALUE - 8, (long) rate * seconds * 2 + 1_000));
        boolean rich = !mode.equals("basic");
        try (Engine engine = Engine.start(
                        "bench", RoutingCore.indexed(), journal, Clock.systemUTC(), EngineOptions.defaults());
                FakeTeamsTenant tenant = FakeTeamsTenant.start(FakeTenantOptions.builder()
                        .port(0)
                        .users(users)
                        .seed(7)
                        .richNotificationKeys(keys(mode))
                        .build())) {
            SelfSignedCertificate cert =
                    SelfSignedCertificate.generate("127.0.0.1", List.of("127.0.0.1"), Duration.ofDays(1));
            AtomicReference<Function<WebhookRequest, WebhookResponse>> handler = new AtomicReference<>();
            try (HttpsWebhookServer listener = HttpsWebhookServer.start(
                    "127.0.0.1",
                    0,
                    cert.serverContext(),
                    Map.of("/graph", r -> handler.get().apply(r)))) {
                List<GraphPresenceSettings.Account> accounts = new ArrayList<>();
                int n = 1;
                for (FakeAccount a : tenant.accounts()) {
                    accounts.add(new GraphPresenceSettings.Account(
                            "pa" + n++,
                            a.username(),
                            Secret.of("bench", a.password().toCharArray())));
                }
                GraphPresenceSettings settings = new GraphPresenceSettings(
                        tenant.tenantId(),
                        tenant.publicClientId(),
                        tenant.authority(),
                        tenant.graphBaseUrl(),
                        accounts,
                        null,
                        new GraphPresenceSettings.Webhook(
                                "https://127.0.0.1:" + listener.port() + "/graph",
                                null,
                                Secret.of("bench", "webhook-load-client-state".toCharArray())),
                        rich ? new GraphPresenceSettings.RichNotifications(tenant.jwksUrl()) : null,
                        GraphPresenceSettings.Timing.defaults().withResyncInterval(Duration.ZERO),
                        null,
                        null);
                try (GraphPresenceService service = GraphPresenceService.builder(settings, engine)
                        .clock(tenant::now)
                        .scheduler(Executors.newScheduledThreadPool(1))
                        .sslContext(tenant.sslContext())
                        .receiptToEngine(recorder::record)
                        .build()) {
                    handler.set(service.webhook()::handle);
                    List<FakeUser> tenantUsers = tenant.users();
                    List<TrackedUser> tracked = new ArrayList<>(users);
                    for (int i = 0; i < users; i++) {
                        tracked.add(new TrackedUser(
                                org.agents().get(i), tenantUsers.get(i).id()));
                    }
                    service.track(tracked);
                    service.start();
                    return measure(mode, tenant, service, engine, recorder, rate, warmupSeconds, seconds);
                }
            }
        }
    }

    private static RichNotificationKeys keys(String mode) {
        return switch (mode) {
            case "rich-key-per-post" -> RichNotificationKeys.PER_POST;
            case "rich-key-per-subscription" -> RichNotificationKeys.PER_SUBSCRIPTION;
            default -> RichNotificationKeys.PER_ITEM;
        };
    }

    private static ObjectNode measure(
            String mode,
            FakeTeamsTenant tenant,
            GraphPresenceService service,
            Engine engine,
            Recorder recorder,
            int rate,
            int warmupSeconds,
            int seconds)
            throws InterruptedException {
        List<FakeUser> users = tenant.users();
        int[] state = new int[users.size()];
        int[] cursor = {0};
        long start = System.nanoTime();
        long measureFrom = start + Duration.ofSeconds(warmupSeconds).toNanos();
        long measureTo = measureFrom + Duration.ofSeconds(seconds).toNanos();
        long sent = 0;
        long sentBeforeMeasuring = -1;
        GraphPresenceService.Stats statsAtStart = null;
        long postsAtStart = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= measureFrom && sentBeforeMeasuring < 0) {
                sentBeforeMeasuring = sent;
                statsAtStart = service.stats();
                postsAtStart = service.webhook().accepted();
                recorder.measuring = true;
            }
            if (now >= measureTo) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * rate) - sent;
            if (due > 0) {
                List<PresenceUpdate> batch = new ArrayList<>((int) due);
                for (int k = 0; k < due; k++) {
                    int u = cursor[0];
                    cursor[0] = (u + 1) % users.size();
                    state[u] = (state[u] + 1) % CYCLE.size();
                    PresenceCatalog.Pair p = CYCLE.get(state[u]);
                    batch.add(new PresenceUpdate(users.get(u).id(), p.availability(), p.activity(), false));
                }
                tenant.control().setPresences(batch);
                sent += due;
            }
            Thread.sleep(PACE.toMillis());
        }
        long measuredChanges = sent - sentBeforeMeasuring;
        int appliedInWindow = recorder.count.get();
        recorder.measuring = false;
        GraphPresenceService.Stats statsAtEnd = service.stats();
        long postsAtEnd = service.webhook().accepted();
        long drainStart = System.nanoTime();
        tenant.control().awaitNotificationsDelivered(Duration.ofMinutes(2));
        long drainDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (service.webhook().backlog() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(5);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long[] sorted = recorder.sorted();
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("mode", mode);
        r.put("changes_per_second", round(measuredChanges / (double) seconds));
        r.put("applied_per_second", round(appliedInWindow / (double) seconds));
        r.put("receipt_to_engine_ms_p50", millis(percentile(sorted, 0.50)));
        r.put("receipt_to_engine_ms_p99", millis(percentile(sorted, 0.99)));
        r.put("receipt_to_engine_ms_p999", millis(percentile(sorted, 0.999)));
        r.put("receipt_to_engine_ms_max", millis(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        r.put("drain_seconds_after_load", round(drainSeconds));
        long posts = postsAtEnd - postsAtStart;
        long notifications = statsAtEnd.notifications() - statsAtStart.notifications();
        r.put("posts", posts);
        r.put("notifications_per_post", posts == 0 ? 0 : round(notifications / (double) posts));
        r.put("posts_refused_503", service.webhook().refused());
        r.put("stale_dropped", statsAtEnd.stale() - statsAtStart.stale());
        r.put("rejected", statsAtEnd.rejected());
        r.put("refused_by_engine", statsAtEnd.refusedByEngine());
        r.put("active_subscriptions", statsAtEnd.activeSubscriptions());
        r.put("bulk_reads_while_measured", statsAtEnd.bulkReads() - statsAtStart.bulkReads());
        r.put("application_polls_while_measured", statsAtEnd.applicationPolls() - statsAtStart.applicationPolls());
        r.put("engine_inbox_capacity", engine.stats().inboxCapacity());
        System.err.printf(
                Locale.ROOT,
                "webhook load: %s: %.0f changes/s offered, %.0f/s applied; receipt->engine p50 %.2f ms, p99 %.2f ms%n",
                mode,
                measuredChanges / (double) seconds,
                appliedInWindow / (double) seconds,
                percentile(sorted, 0.50) / 1e6,
                percentile(sorted, 0.99) / 1e6);
        return r;
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
