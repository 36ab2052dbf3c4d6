package dev.switchboard.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A test client for the event stream: parses SSE frames into messages on a background thread. */
final class SseClient implements AutoCloseable {
    /** One SSE message; comments are collected as messages with event "comment". */
    record Message(String id, String event, String data) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String type() {
            return json().path("type").asText();
        }

        long sequence() {
            return Long.parseLong(id);
        }
    }

    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final int status;
    private volatile Stream<String> lines;
    private volatile boolean ended;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        this.reader = Thread.ofVirtual().start(this::read);
    }

    static SseClient connect(HttpClient client, String url, String token, String lastEventId) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseClient(client.send(r.GET().build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return status;
    }

    private void read() {
        String id = null;
        String event = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || event != null) {
                        messages.add(new Message(id, event == null ? "message" : event, data.toString()));
                    }
                    id = null;
                    event = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    messages.add(new Message(null, "comment", line.substring(1).strip()));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).strip());
                }
            }
        } catch (RuntimeException e) {
            // closed
        } finally {
            ended = true;
        }
    }

    /** Whether the server closed the stream. */
    boolean ended() {
        return ended;
    }

    /** The next message matching, skipping others; fails after the timeout. */
    Message await(Predicate<Message> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Message m;
            try {
                m = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (m == null) {
                throw new AssertionError("no matching event within " + timeout);
            }
            if (match.test(m)) {
                return m;
            }
        }
    }

    Message awaitType(String type) {
        return await(m -> m.event().equals("message") && m.type().equals(type), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        lines.close();
        reader.interrupt();
    }
}
