package dev.switchboard.presence.graph.webhook;

import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoint Graph posts change notifications to, independent of any HTTP server: {@link
 * #handle} takes a request and returns the answer. The validation handshake is answered at once
 * (the decoded token echoed as text/plain); a notification body is queued and acknowledged with
 * 202 before it is looked at, because Graph wants an answer within 3 seconds and flags slow
 * endpoints. Worker threads hand queued bodies to the {@link Sink}. A full queue answers 503 with
 * Retry-After so Graph delivers again later.
 */
public final class GraphWebhook implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GraphWebhook.class);
    /** Graph batches notifications; anything much larger is not from Graph. */
    public static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    /** Receives notification bodies off the request thread. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param body the POSTed JSON
         * @param receivedNanos {@link System#nanoTime()} when the request arrived
         */
        void deliver(byte[] body, long receivedNanos);
    }

    private record Delivery(byte[] body, long receivedNanos) {}

    private static final Delivery STOP = new Delivery(new byte[0], 0);

    private final BlockingQueue<Delivery> queue;
    private final Sink sink;
    private final Thread[] workers;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong validations = new AtomicLong();
    private volatile boolean closed;

    public GraphWebhook(Sink sink, int queueCapacity, int workerThreads) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.workers = new Thread[Math.max(1, workerThreads)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] =
                    Thread.ofPlatform().name("graph-webhook-" + i).daemon(true).start(this::work);
        }
    }

    /** Answers one request. Thread-safe; never blocks on processing. */
    public WebhookResponse handle(WebhookRequest request) {
        String token = request.queryParameter("validationToken");
        if (token != null) {
            validations.incrementAndGet();
            return WebhookResponse.text(200, token);
        }
        if (!"POST".equalsIgnoreCase(request.method())) {
            return new WebhookResponse(405, null, null, Map.of("Allow", "POST"));
        }
        if (closed) {
            return new WebhookResponse(503, null, null, Map.of("Retry-After", "5"));
        }
        if (request.body().length == 0 || request.body().length > MAX_BODY_BYTES) {
            return WebhookResponse.status(400);
        }
        if (!queue.offer(new Delivery(request.body(), System.nanoTime()))) {
            refused.incrementAndGet();
            return new WebhookResponse(503, null, null, Map.of("Retry-After", "1"));
        }
        accepted.incrementAndGet();
        return WebhookResponse.status(202);
    }

    private void work() {
        while (true) {
            Delivery d;
            try {
                d = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (d == STOP) {
                return;
            }
            try {
                sink.deliver(d.body(), d.receivedNanos());
            } catch (RuntimeException e) {
                log.warn("processing a notification failed: {}", e.toString());
            }
        }
    }

    /** Bodies accepted (202) so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Bodies refused because the queue was full (503). */
    public long refused() {
        return refused.get();
    }

    /** Validation handshakes answered. */
    public long validations() {
        return validations.get();
    }

    /** Bodies waiting to be processed. */
    public int backlog() {
        return queue.size();
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < workers.length; i++) {
            try {
                queue.offer(STOP, 1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Thread w : workers) {
            try {
                w.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }
}
