package dev.switchboard.http.telephony;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.core.event.Event;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers selected events to the telephony side as HTTP POSTs: at least once, with exponential
 * backoff (honouring Retry-After), from a bounded queue.
 *
 * <p>{@link #publish} runs on the engine's thread and only filters, counts and enqueues. A sender
 * thread takes deliveries, serializes them and sends them asynchronously with at most {@code
 * maxInFlight} in flight; retries wait on a scheduler, never on a thread. A delivery counts
 * against the queue capacity from enqueue until it succeeds or is given up.
 */
public final class TelephonyWebhooks implements EventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TelephonyWebhooks.class);

    /** One event to deliver, with its attempts so far. */
    private record Delivery(long sequence, Event event, int attempt, String body, long enqueuedNanos) {
        Delivery next(String serialized) {
            return new Delivery(sequence, event, attempt + 1, serialized, enqueuedNanos);
        }
    }

    private static final Delivery STOP = new Delivery(-1, null, 0, null, 0);

    /** The last delivery that was given up, for health. */
    public record Failure(Instant at, String reason) {}

    private final TelephonyWebhookOptions options;
    private final ObjectWriter writer;
    private final HttpClient client;
    private final LinkedBlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final Semaphore inFlight;
    private final ScheduledExecutorService scheduler;
    private final Thread sender;
    private final AtomicReference<Failure> lastFailure = new AtomicReference<>();
    private volatile boolean closed;

    private final MeterRegistry registry;
    private final Counter delivered;
    private final Counter failed;
    private final Timer latency;

    public TelephonyWebhooks(TelephonyWebhookOptions options, ObjectMapper coreJson, MeterRegistry registry) {
        this.options = options;
        this.writer = coreJson.writerFor(Event.class);
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (options.sslContext() != null) {
            b.sslContext(options.sslContext());
        }
        this.client = b.build();
        this.inFlight = new Semaphore(options.maxInFlight());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("telephony-webhook-retry").daemon(true).factory());
        this.registry = registry;
        this.delivered = Counter.builder("switchboard.webhook.deliveries")
                .description("Telephony webhook deliveries by final result")
                .tag("result", "delivered")
                .register(registry);
        this.failed = Counter.builder("switchboard.webhook.deliveries")
                .description("Telephony webhook deliveries by final result")
                .tag("result", "failed")
                .register(registry);
        this.latency = Timer.builder("switchboard.webhook.delivery")
                .description("From enqueue to a successful delivery, retries included")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        Gauge.builder("switchboard.webhook.queue.size", pending, AtomicInteger::get)
                .description("Telephony webhook deliveries waiting, in flight or retrying")
                .register(registry);
        this.sender = Thread.ofPlatform()
                .name("telephony-webhook-sender")
                .daemon(true)
                .unstarted(this::send);
        this.sender.start();
    }

    @Override
    public void publish(List<JournaledEvent> events) {
        if (closed) {
            return;
        }
        for (JournaledEvent je : events) {
            if (!options.eventTypes().contains(je.event().getClass().getSimpleName())) {
                continue;
            }
            if (pending.incrementAndGet() > options.queueCapacity()) {
                pending.decrementAndGet();
                dropped("queue_full");
                continue;
            }
            queue.offer(new Delivery(je.sequence(), je.event(), 0, null, System.nanoTime()));
        }
    }

    private void send() {
        while (true) {
            Delivery d;
            try {
                d = queue.take();
                if (d == STOP) {
                    return;
                }
                inFlight.acquire();
            } catch (InterruptedException e) {
                return;
            }
            try {
                attempt(d);
            } catch (RuntimeException e) {
                inFlight.release();
                log.error("telephony webhook: delivery of event {} failed unexpectedly", d.sequence(), e);
                giveUp(d, "unexpected error", "gave_up");
            }
        }
    }

    private void attempt(Delivery d) {
        String body = d.body() != null ? d.body() : body(d);
        Delivery current = d.next(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(options.url())
                .timeout(options.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "switchboard")
                .header("X-Switchboard-Event", d.event().getClass().getSimpleName())
                .header("X-Switchboard-Sequence", Long.toString(d.sequence()))
                .header("X-Switchboard-Attempt", Integer.toString(current.attempt()))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (options.secret() != null) {
            request.header("X-Switchboard-Signature", "sha256=" + hmac(options.secret(), body));
        }
        CompletableFuture<HttpResponse<Void>> future;
        try {
            future = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            inFlight.release();
            retryOrGiveUp(current, e.getClass().getSimpleName(), null);
            return;
        }
        future.whenComplete((response, error) -> {
            inFlight.release();
            if (error != null) {
                retryOrGiveUp(current, rootName(error), null);
                return;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                pending.decrementAndGet();
                delivered.increment();
                countAttempt("success");
                latency.record(System.nanoTime() - d.enqueuedNanos(), TimeUnit.NANOSECONDS);
            } else if (status == 408 || status == 425 || status == 429 || status >= 500) {
                retryOrGiveUp(current, "HTTP " + status, retryAfter(response));
            } else {
                countAttempt("error");
                giveUp(current, "HTTP " + status + " (not retried)", "rejected");
            }
        });
    }

    private String body(Delivery d) {
        try {
            return "{\"sequence\":" + d.sequence() + ",\"event\":" + writer.writeValueAsString(d.event()) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + d.sequence() + " could not be serialized", e);
        }
    }

    private void retryOrGiveUp(Delivery d, String reason, Duration retryAfter) {
        if (closed || d.attempt() >= options.maxAttempts()) {
            countAttempt("error");
            giveUp(d, reason + " after " + d.attempt() + " attempts", "gave_up");
            return;
        }
        countAttempt("retry");
        Duration wait = retryAfter != null ? min(retryAfter, options.maxBackoff()) : backoff(d.attempt());
        try {
            scheduler.schedule(() -> queue.offer(d), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            giveUp(d, "shutting down", "gave_up");
        }
    }

    /** initial × 2^(attempt−1), capped, with ±20 % jitter so receivers are not hit in lockstep. */
    private Duration backoff(int attempt) {
        long base = options.initialBackoff().toMillis();
        long millis = base << Math.min(20, attempt - 1);
        millis = Math.min(millis, options.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis(Math.max(1, (long) (millis * jitter)));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(Instant.now(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private void giveUp(Delivery d, String reason, String dropReason) {
        pending.decrementAndGet();
        failed.increment();
        dropped(dropReason);
        lastFailure.set(new Failure(Instant.now(), reason));
        log.warn(
                "telephony webhook: gave up on event {} ({}): {}",
                d.sequence(),
                d.event().getClass().getSimpleName(),
                reason);
    }

    private void dropped(String reason) {
        Counter.builder("switchboard.webhook.dropped")
                .description("Telephony webhook deliveries dropped")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    private void countAttempt(String result) {
        Counter.builder("switchboard.webhook.attempts")
                .description("Telephony webhook HTTP attempts by result")
                .tag("result", result)
                .register(registry)
                .increment();
    }

    private static String rootName(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Deliveries waiting, in flight or waiting for a retry. */
    public int pending() {
        return pending.get();
    }

    /** The last delivery given up, if any. */
    public java.util.Optional<Failure> lastFailure() {
        return java.util.Optional.ofNullable(lastFailure.get());
    }

    public TelephonyWebhookOptions options() {
        return options;
    }

    /** Stops taking events; deliveries still queued are abandoned (the journal has the events). */
    @Override
    public void close() {
        closed = true;
        queue.offer(STOP);
        scheduler.shutdownNow();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
