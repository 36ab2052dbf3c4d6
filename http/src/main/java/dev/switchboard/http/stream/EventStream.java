package dev.switchboard.http.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the engine's journaled events out to server-sent-event clients.
 *
 * <p>The engine hands each batch to {@link #publish} (a non-blocking offer). A dispatcher thread
 * serializes each event once into its SSE frame, appends it to a ring buffer of the last {@code
 * bufferSize} events and offers it to every client's bounded queue; a client whose queue is full
 * is dropped. Each client is served by its request thread ({@link #serve}), which writes its
 * backlog and then its queue, with a heartbeat comment when idle.
 */
public final class EventStream implements EventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventStream.class);

    /**
     * @param bufferSize events kept for resume with Last-Event-ID
     * @param clientQueue events a client may lag behind before it is dropped
     * @param heartbeat how often an idle connection gets a comment line
     * @param retry the reconnect delay suggested to browsers
     */
    public record Options(int bufferSize, int clientQueue, Duration heartbeat, Duration retry) {
        public Options {
            if (bufferSize < 1 || clientQueue < 1) {
                throw new IllegalArgumentException("bufferSize and clientQueue must be positive");
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive");
            }
        }

        public static Options defaults() {
            return new Options(10_000, 10_000, Duration.ofSeconds(15), Duration.ofSeconds(2));
        }
    }

    /** One event, serialized once for every client. */
    private record Entry(long sequence, byte[] frame, Set<AgentId> subjects) {}

    private static final Entry CLOSE = new Entry(-1, new byte[0], Set.of());

    private final class Client {
        final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(options.clientQueue() + 1);
        final AgentId onlyFor;
        volatile String droppedBecause;

        Client(AgentId onlyFor) {
            this.onlyFor = onlyFor;
        }

        boolean wants(Entry e) {
            return onlyFor == null || EventSubjects.names(e.subjects(), onlyFor);
        }

        /** Called with the stream's lock held: never blocks. */
        void offer(Entry e) {
            if (!wants(e) || droppedBecause != null) {
                return;
            }
            if (queue.size() >= options.clientQueue()) {
                drop("slow");
                return;
            }
            queue.offer(e);
        }

        void drop(String reason) {
            if (droppedBecause == null) {
                droppedBecause = reason;
                clients.remove(this);
                queue.clear();
                queue.offer(CLOSE);
                if (!reason.equals("closed")) {
                    meters.dropped(reason);
                }
            }
        }
    }

    private final ObjectWriter writer;
    private final Options options;
    private final BlockingQueue<List<JournaledEvent>> incoming = new ArrayBlockingQueue<>(16_384);
    private final Set<Client> clients = new CopyOnWriteArraySet<>();
    private final Object lock = new Object();
    private final ArrayDeque<Entry> ring;
    private final Thread dispatcher;
    private final Meters meters;
    /** Events up to this sequence are not in the ring (before start, evicted or lost). */
    private long base;
    /** The last sequence appended, or {@link #base} when none. */
    private long latest;

    private volatile boolean closed;

    /**
     * @param coreJson the core's JSON mapper ({@code CoreJson.mapper()}): events go out exactly as
     *     journaled
     * @param startSequence the journal's last sequence when the stream starts: older events are not
     *     buffered
     */
    public EventStream(ObjectMapper coreJson, Options options, long startSequence, MeterRegistry registry) {
        this.writer = coreJson.writerFor(Event.class);
        this.options = options;
        this.ring = new ArrayDeque<>(Math.min(options.bufferSize(), 65_536));
        this.base = startSequence;
        this.latest = startSequence;
        this.meters = new Meters(registry);
        this.dispatcher =
                Thread.ofPlatform().name("sse-dispatcher").daemon(true).unstarted(this::dispatch);
        this.dispatcher.start();
    }

    // =====================================================================================
    // From the engine
    // =====================================================================================

    @Override
    public void publish(List<JournaledEvent> events) {
        if (events.isEmpty() || closed) {
            return;
        }
        if (!incoming.offer(events)) {
            // The dispatcher is hopelessly behind: drop the batch; the next one shows the gap.
            meters.lost(events.size());
        }
    }

    private void dispatch() {
        while (!closed) {
            List<JournaledEvent> batch;
            try {
                batch = incoming.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (batch == null) {
                continue;
            }
            try {
                List<Entry> entries = new ArrayList<>(batch.size());
                for (JournaledEvent je : batch) {
                    entries.add(entry(je));
                }
                append(entries);
            } catch (RuntimeException e) {
                log.error("event stream: a batch could not be dispatched", e);
            }
        }
    }

    private Entry entry(JournaledEvent je) {
        String json;
        try {
            json = writer.writeValueAsString(je.event());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + je.sequence() + " could not be serialized", e);
        }
        byte[] frame = ("id: " + je.sequence() + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8);
        return new Entry(je.sequence(), frame, EventSubjects.of(je.event()));
    }

    private void append(List<Entry> entries) {
        synchronized (lock) {
            for (Entry e : entries) {
                if (e.sequence() <= latest) {
                    continue; // already seen
                }
                if (e.sequence() != latest + 1) {
                    // Events are missing (lost on the way here, or journaled before we subscribed):
                    // nobody may resume across the gap, and connected clients have missed them.
                    ring.clear();
                    base = e.sequence() - 1;
                    for (Client c : clients) {
                        c.drop("gap");
                    }
                }
                ring.addLast(e);
                latest = e.sequence();
                while (ring.size() > options.bufferSize()) {
                    base = ring.removeFirst().sequence();
                }
                for (Client c : clients) {
                    c.offer(e);
                }
            }
        }
    }

    // =====================================================================================
    // To a client
    // =====================================================================================

    /**
     * Registers a client: from now on every event reaches it. Register before answering the
     * request, so that whatever a client does after it sees the response is on its stream.
     *
     * @param lastEventId the last sequence the client has, or null for "live events only"
     * @param onlyFor for agent tokens: send only events naming this agent; null for all
     */
    public Subscription subscribe(Long lastEventId, AgentId onlyFor) {
        Client client = new Client(onlyFor);
        List<Entry> backlog = new ArrayList<>();
        String reset = null;
        long latestAtConnect;
        synchronized (lock) {
            latestAtConnect = latest;
            if (lastEventId != null) {
                if (lastEventId > latest) {
                    reset = "the requested event " + lastEventId + " is ahead of the server (restarted?)";
                } else if (lastEventId < base) {
                    reset = "events after " + lastEventId + " are no longer buffered";
                } else {
                    for (Entry e : ring) {
                        if (e.sequence() > lastEventId && client.wants(e)) {
                            backlog.add(e);
                        }
                    }
                }
            }
            clients.add(client);
        }
        meters.connected();
        return new Subscription(client, backlog, reset, latestAtConnect);
    }

    /** One registered client; {@link #serve} writes its stream, {@link #close} unregisters it. */
    public final class Subscription implements AutoCloseable {
        private final Client client;
        private final List<Entry> backlog;
        private final String reset;
        private final long latestAtConnect;
        private boolean closedOnce;

        private Subscription(Client client, List<Entry> backlog, String reset, long latestAtConnect) {
            this.client = client;
            this.backlog = backlog;
            this.reset = reset;
            this.latestAtConnect = latestAtConnect;
        }

        /**
         * Writes the stream until the client disconnects, falls behind, or the stream closes.
         * Blocks the calling (request) thread.
         */
        public void serve(OutputStream out) throws IOException {
            try {
                StringBuilder preamble = new StringBuilder();
                preamble.append("retry: ").append(options.retry().toMillis()).append("\n\n");
                if (reset != null) {
                    preamble.append("event: reset\ndata: {\"reason\":\"")
                            .append(reset)
                            .append("\",\"latest\":")
                            .append(latestAtConnect)
                            .append("}\n\n");
                } else {
                    preamble.append(": connected, latest ")
                            .append(latestAtConnect)
                            .append("\n\n");
                }
                out.write(preamble.toString().getBytes(StandardCharsets.UTF_8));
                for (Entry e : backlog) {
                    out.write(e.frame());
                }
                meters.sent(backlog.size());
                out.flush();
                byte[] heartbeat = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
                long heartbeatMillis = options.heartbeat().toMillis();
                List<Entry> more = new ArrayList<>(256);
                while (!closed) {
                    Entry e = client.queue.poll(heartbeatMillis, TimeUnit.MILLISECONDS);
                    if (e == null) {
                        out.write(heartbeat);
                        out.flush();
                        continue;
                    }
                    if (e == CLOSE) {
                        return;
                    }
                    out.write(e.frame());
                    int n = 1;
                    more.clear();
                    client.queue.drainTo(more, 255);
                    for (Entry m : more) {
                        if (m == CLOSE) {
                            out.flush();
                            return;
                        }
                        out.write(m.frame());
                        n++;
                    }
                    out.flush();
                    meters.sent(n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        @Override
        public void close() {
            if (!closedOnce) {
                closedOnce = true;
                client.drop("closed");
                meters.disconnected();
            }
        }
    }

    /** Registers and serves one client on the calling thread (see {@link #subscribe}). */
    public void serve(OutputStream out, Long lastEventId, AgentId onlyFor) throws IOException {
        try (Subscription s = subscribe(lastEventId, onlyFor)) {
            s.serve(out);
        }
    }

    public int clientCount() {
        return clients.size();
    }

    /** The highest sequence received so far. */
    public long latestSequence() {
        synchronized (lock) {
            return latest;
        }
    }

    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        for (Client c : clients) {
            c.drop("closed");
        }
    }

    /** The stream's meters; registered once per registry. */
    private final class Meters {
        private final MeterRegistry registry;
        private final Counter sent;
        private final java.util.concurrent.atomic.AtomicInteger connected =
                new java.util.concurrent.atomic.AtomicInteger();

        Meters(MeterRegistry registry) {
            this.registry = registry;
            this.sent = Counter.builder("switchboard.sse.events.sent")
                    .description("Events written to event-stream clients")
                    .register(registry);
            Gauge.builder("switchboard.sse.clients", connected, java.util.concurrent.atomic.AtomicInteger::get)
                    .description("Connected event-stream clients")
                    .register(registry);
            Gauge.builder("switchboard.sse.buffered.events", EventStream.this, s -> s.bufferedCount())
                    .description("Events held for resume")
                    .register(registry);
        }

        void connected() {
            connected.incrementAndGet();
        }

        void disconnected() {
            connected.decrementAndGet();
        }

        void sent(int n) {
            sent.increment(n);
        }

        void lost(int n) {
            Counter.builder("switchboard.sse.events.lost")
                    .description("Events the stream could not take (its dispatcher fell behind)")
                    .register(registry)
                    .increment(n);
        }

        void dropped(String reason) {
            Counter.builder("switchboard.sse.clients.dropped")
                    .description("Event-stream clients disconnected by the server")
                    .tag("reason", reason)
                    .register(registry)
                    .increment();
        }
    }

    private int bufferedCount() {
        synchronized (lock) {
            return ring.size();
        }
    }
}
