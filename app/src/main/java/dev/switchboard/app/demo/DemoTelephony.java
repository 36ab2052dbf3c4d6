package dev.switchboard.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic telephony front end: callers arrive (Poisson, per service), the agents offered a
 * call answer after a while, sometimes decline or miss it, talk, and hang up; impatient callers
 * give up. It uses only the public call-control API and the event stream, like a Teams bot or an
 * SBC would.
 */
public final class DemoTelephony implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DemoTelephony.class);

    /** A service callers ring, how often, and with which priority. */
    public record Line(String service, double share, String priority) {}

    private final URI base;
    private final String token;
    private final double callsPerHour;
    private final List<Line> lines;
    private final BiConsumer<String, Boolean> agentInCall;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "demo-telephony");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> patience = new ConcurrentHashMap<>();
    private final Map<String, String> talking = new ConcurrentHashMap<>();
    private final AtomicLong placed = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean running = true;
    private Thread reader;

    /**
     * @param agentInCall told when an agent starts (true) or ends (false) a call, so the demo can
     *     show it in the agent's Teams presence as Teams would
     */
    public DemoTelephony(
            URI base,
            String token,
            double callsPerHour,
            List<Line> lines,
            long seed,
            BiConsumer<String, Boolean> agentInCall) {
        this.base = Objects.requireNonNull(base);
        this.token = Objects.requireNonNull(token);
        this.callsPerHour = callsPerHour;
        this.lines = List.copyOf(lines);
        this.agentInCall = agentInCall;
        this.random = new Random(seed);
    }

    public void start() {
        reader = new Thread(this::readEvents, "demo-telephony-events");
        reader.setDaemon(true);
        reader.start();
        scheduleNextArrival();
    }

    public long placed() {
        return placed.get();
    }

    public long answered() {
        return answered.get();
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private double exponential(double mean) {
        return -mean * Math.log(1 - nextDouble());
    }

    private void scheduleNextArrival() {
        if (!running || callsPerHour <= 0) {
            return;
        }
        long delayMs = (long) (exponential(3600.0 / callsPerHour) * 1000);
        scheduler.schedule(this::arrive, delayMs, TimeUnit.MILLISECONDS);
    }

    private void arrive() {
        try {
            double r = nextDouble();
            double total = lines.stream().mapToDouble(Line::share).sum();
            Line line = lines.get(lines.size() - 1);
            for (Line l : lines) {
                r -= l.share() / total;
                if (r <= 0) {
                    line = l;
                    break;
                }
            }
            String id = "demo-" + System.currentTimeMillis() + "-" + placed.incrementAndGet();
            String caller = String.format(
                    "+41 44 %03d %02d %02d",
                    (int) (nextDouble() * 1000), (int) (nextDouble() * 100), (int) (nextDouble() * 100));
            post(
                    "/api/calls",
                    Map.of("id", id, "service", line.service(), "priority", line.priority(), "caller", caller));
            // Callers give up after an exponential patience of two minutes on average.
            long patienceMs = (long) (exponential(120) * 1000);
            patience.put(id, scheduler.schedule(() -> hangUpWaiting(id), patienceMs, TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            log.debug("placing a call failed", e);
        } finally {
            scheduleNextArrival();
        }
    }

    private void hangUpWaiting(String call) {
        patience.remove(call);
        if (!talking.containsKey(call)) {
            post("/api/calls/" + call + "/hangup", null);
        }
    }

    private void onEvent(JsonNode e) {
        String type = e.path("type").asText();
        String call = e.path("call").asText();
        switch (type) {
            case "CallOffered" -> {
                for (JsonNode agent : e.path("agents")) {
                    respond(call, agent.asText());
                }
            }
            case "CallConnected" -> {
                String agent = e.path("agent").asText();
                ScheduledFuture<?> p = patience.remove(call);
                if (p != null) {
                    p.cancel(false);
                }
                talking.put(call, agent);
                answered.incrementAndGet();
                agentInCall.accept(agent, true);
                // Talk time: log-normal around two and a half minutes.
                long talkMs = (long) (Math.exp(Math.log(130) + 0.5 * gaussian()) * 1000);
                scheduler.schedule(() -> end(call), talkMs, TimeUnit.MILLISECONDS);
            }
            case "CallRejected", "CallOverflowed", "CallTimedOut", "CallAbandoned" -> {
                ScheduledFuture<?> p = patience.remove(call);
                if (p != null) {
                    p.cancel(false);
                }
            }
            default -> {}
        }
    }

    private synchronized double gaussian() {
        return random.nextGaussian();
    }

    /** An agent offered a call picks up after a few seconds — or declines, or does not answer. */
    private void respond(String call, String agent) {
        double r = nextDouble();
        if (r < 0.04) {
            return; // not at the desk: the offer rings out (RONA)
        }
        long delayMs = 1500 + (long) (nextDouble() * 6000);
        String action = r < 0.07 ? "decline" : "accept";
        scheduler.schedule(
                () -> post("/api/calls/" + call + "/" + action, Map.of("agent", agent)),
                delayMs,
                TimeUnit.MILLISECONDS);
    }

    private void end(String call) {
        String agent = talking.remove(call);
        post("/api/calls/" + call + "/end", null);
        if (agent != null) {
            agentInCall.accept(agent, false);
        }
    }

    private void post(String path, Map<String, String> body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json");
            b.POST(
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
            http.sendAsync(b.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            log.debug("demo request {} failed", path, e);
        }
    }

    /** Reads the event stream, reconnecting with the last id after a break. */
    private void readEvents() {
        String lastId = null;
        while (running) {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "text/event-stream");
                if (lastId != null) {
                    b.header("Last-Event-ID", lastId);
                }
                HttpResponse<InputStream> response =
                        http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while (running && (line = in.readLine()) != null) {
                        if (line.startsWith("id:")) {
                            lastId = line.substring(3).strip();
                        } else if (line.startsWith("data:")) {
                            try {
                                onEvent(json.readTree(line.substring(5).strip()));
                            } catch (IOException | RuntimeException e) {
                                log.debug("unreadable event", e);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                log.debug("event stream broke; reconnecting", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (running) {
                try {
                    Thread.sleep(1000); // reconnect pause, as EventSource's retry
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        if (reader != null) {
            reader.interrupt();
        }
        http.close();
    }
}
