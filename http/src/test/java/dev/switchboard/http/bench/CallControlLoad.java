package dev.switchboard.http.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Open-loop load on the call-control API: call flows start at a fixed rate whatever the latency
 * (so slow answers cannot hide behind fewer requests), each flow is create → accept the offered
 * agent → end, i.e. three requests. Prints requests per second and latency percentiles.
 *
 * <p>{@code java -cp … dev.switchboard.http.bench.CallControlLoad <baseUrl> <requests/s> <seconds>}
 */
public final class CallControlLoad {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CallControlLoad() {}

    /** Latencies in microseconds, bucketed to 10 µs up to 1 s, plus one overflow bucket. */
    private static final class Histogram {
        final AtomicLongArray buckets = new AtomicLongArray(100_001);
        final AtomicLong count = new AtomicLong();

        void record(long nanos) {
            int bucket = (int) Math.min(100_000, nanos / 10_000);
            buckets.incrementAndGet(bucket);
            count.incrementAndGet();
        }

        double percentileMillis(double p) {
            long target = (long) Math.ceil(count.get() * p);
            long seen = 0;
            for (int i = 0; i < buckets.length(); i++) {
                seen += buckets.get(i);
                if (seen >= target) {
                    return (i + 1) / 100.0;
                }
            }
            return Double.NaN;
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:8099";
        int requestsPerSecond = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmupSeconds = Math.min(10, Math.max(2, seconds / 3));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        System.out.printf(
                "warm-up %d s, then %d s at %d requests/s (%d call flows/s) against %s%n",
                warmupSeconds, seconds, requestsPerSecond, requestsPerSecond / 3, base);
        run(client, base, requestsPerSecond, warmupSeconds, new Histogram(), new AtomicLong(), "warmup");
        Histogram histogram = new Histogram();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        run(client, base, requestsPerSecond, seconds, histogram, errors, "run");
        double elapsed = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "requests %d in %.1f s = %.0f/s, errors %d; latency ms p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max≤ %.2f%n",
                histogram.count.get(),
                elapsed,
                histogram.count.get() / elapsed,
                errors.get(),
                histogram.percentileMillis(0.50),
                histogram.percentileMillis(0.90),
                histogram.percentileMillis(0.99),
                histogram.percentileMillis(0.999),
                histogram.percentileMillis(1.0));
        System.exit(0);
    }

    private static void run(
            HttpClient client,
            String base,
            int requestsPerSecond,
            int seconds,
            Histogram histogram,
            AtomicLong errors,
            String prefix)
            throws InterruptedException {
        int flowsPerSecond = Math.max(1, requestsPerSecond / 3);
        long intervalNanos = 1_000_000_000L / flowsPerSecond;
        long flows = (long) flowsPerSecond * seconds;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        long start = System.nanoTime();
        for (long i = 0; i < flows; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String id = prefix + "-" + i;
            pool.execute(() -> flow(client, base, id, histogram, errors));
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
    }

    private static void flow(HttpClient client, String base, String id, Histogram histogram, AtomicLong errors) {
        try {
            JsonNode created =
                    post(client, base + "/api/calls", "{\"id\":\"" + id + "\",\"service\":\"bench\"}", histogram);
            if (created == null) {
                errors.incrementAndGet();
                return;
            }
            String agent = null;
            for (JsonNode e : created.path("events")) {
                if (e.path("type").asText().equals("CallOffered")) {
                    agent = e.at("/agents/0").asText();
                }
            }
            if (agent == null) {
                // No agent free: the caller gives up.
                post(client, base + "/api/calls/" + id + "/hangup", null, histogram);
                return;
            }
            if (post(client, base + "/api/calls/" + id + "/accept", "{\"agent\":\"" + agent + "\"}", histogram) == null
                    || post(client, base + "/api/calls/" + id + "/end", null, histogram) == null) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    private static JsonNode post(HttpClient client, String url, String body, Histogram histogram) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + BenchServer.TOKEN)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response = client.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        histogram.record(System.nanoTime() - t0);
        if (response.statusCode() >= 300) {
            System.err.println(url + " → " + response.statusCode() + " " + new String(response.body()));
            return null;
        }
        return JSON.readTree(response.body());
    }
}
