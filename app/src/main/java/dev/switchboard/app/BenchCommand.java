package dev.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard bench}: runs the JMH benchmarks of the {@code bench} module in a separate JVM
 * ({@code org.openjdk.jmh.Main} on {@code bench/target/switchboard-bench.jar} and its libraries),
 * reads JMH's JSON result file, measures the heap per agent in one more JVM, and prints one
 * summary — a JSON object with {@code --json}, a table otherwise. JMH's own progress goes to
 * stderr, so stdout carries only the summary.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Run the JMH benchmarks (module bench) and print a summary.",
            "Progress goes to stderr; stdout carries only the summary."
        })
public final class BenchCommand implements Callable<Integer> {

    static final String PACKAGE = "dev.switchboard.bench.";
    static final String DECISION = PACKAGE + "DecisionBenchmark.decide";
    static final String PRESENCE = PACKAGE + "PresenceBenchmark.apply";
    static final String ENGINE_PIPELINED = PACKAGE + "EngineBenchmark.pipelined";
    static final String ENGINE_ROUND_TRIP = PACKAGE + "EngineBenchmark.roundTrip";
    static final String CALL_CYCLE = PACKAGE + "CallCycleBenchmark.call";
    /** Simulated calls per wall-clock second of the plain M/M/c simulation (its {@code calls} counter). */
    static final String SIMULATOR = PACKAGE + "SimulatorBenchmark.mmc";

    static final String HEAP_MAIN = PACKAGE + "HeapFootprint";
    static final String WEBHOOK_MAIN = PACKAGE + "WebhookLoad";
    static final int HEADLINE_AGENTS = 10_000;
    static final int HEAP_AGENTS = 100_000;

    /** Few short iterations in one fork: about a minute on two cores. */
    static final List<String> QUICK = List.of("-f", "1", "-wi", "1", "-w", "1s", "-i", "2", "-r", "1s");

    @Option(
            names = "--quick",
            description = "Quick settings: one fork, one 1 s warm-up and two 1 s measurement iterations.")
    boolean quick;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Option(
            names = "--include",
            paramLabel = "REGEX",
            description = "Run only the benchmarks matching this JMH regex (default: all).")
    String include;

    @Option(
            names = "--webhook",
            description = "Instead of JMH: the paced load test of the presence webhook (fake tenant -> HTTPS ->"
                    + " Graph adapter -> engine), once per notification mode.")
    boolean webhook;

    @Option(
            names = "--rate",
            paramLabel = "PER_SECOND",
            defaultValue = "20000",
            description = "With --webhook: presence changes per second (default: ${DEFAULT-VALUE}).")
    int webhookRate;

    @Option(
            names = "--users",
            paramLabel = "N",
            defaultValue = "10000",
            description = "With --webhook: users tracked (default: ${DEFAULT-VALUE}).")
    int webhookUsers;

    @Option(
            names = "--modes",
            paramLabel = "LIST",
            description = "With --webhook: a comma-separated list of rich-key-per-item, rich-key-per-post,"
                    + " rich-key-per-subscription, basic (default: all four).")
    String webhookModes;

    @Option(names = "--no-heap", description = "Skip the heap-per-agent measurement.")
    boolean noHeap;

    @Option(names = "--save-raw", paramLabel = "FILE", description = "Also keep JMH's raw JSON result file here.")
    Path saveRaw;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The Switchboard checkout (default: the switchboard.home property the launcher sets).")
    Path home;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() {
        PrintStream err = System.err;
        Path root = home != null ? home : homeFromProperty();
        if (root == null) {
            err.println("switchboard bench: the Switchboard checkout is unknown: run it through ./switchboard, "
                    + "or pass --home DIR");
            return 2;
        }
        Path jar = root.resolve("bench/target/switchboard-bench.jar");
        Path lib = root.resolve("bench/target/lib");
        if (!Files.isRegularFile(jar) || !Files.isDirectory(lib)) {
            err.println("switchboard bench: the benchmark jar is missing (" + jar + " and " + lib + "/).");
            err.println("  build it with: ./switchboard bench (builds it on demand), or"
                    + " ./mvnw -q -B -DskipTests -pl bench -am package");
            return 2;
        }
        String classpath = jar + java.io.File.pathSeparator + lib.resolve("*");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (webhook) {
            return runWebhookLoad(java, classpath, err);
        }
        try {
            Path results = Files.createTempFile("switchboard-jmh-", ".json");
            try {
                String loadBefore = loadAverage();
                List<String> jmh = jmhCommand(java, classpath, quick, include, results);
                err.println("switchboard bench: " + String.join(" ", jmh));
                int exit = run(jmh, err, null);
                if (exit != 0) {
                    err.println("switchboard bench: JMH failed (exit " + exit + "); see its output above");
                    return 1;
                }
                JsonNode jmhResults = JSON.readTree(results.toFile());
                if (saveRaw != null) {
                    Files.copy(results, saveRaw, StandardCopyOption.REPLACE_EXISTING);
                    err.println("switchboard bench: JMH results kept in " + saveRaw);
                }
                JsonNode heap = noHeap ? null : measureHeap(java, classpath, err);
                ObjectNode summary = summarize(jmhResults, heap, quick ? "quick" : "full");
                summary.set("machine", machine(loadBefore));
                System.out.println(json ? JSON.writeValueAsString(summary) : table(summary));
                return 0;
            } finally {
                Files.deleteIfExists(results);
            }
        } catch (IOException e) {
            err.println("switchboard bench: " + e.getMessage());
            return 1;
        }
    }

    /** The webhook load test in its own JVM; its JSON plus the machine it ran on. */
    private int runWebhookLoad(String java, String classpath, PrintStream err) {
        if (webhookRate < 1 || webhookUsers < 1) {
            err.println("switchboard bench: --rate and --users must be positive");
            return 2;
        }
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xms1g",
                "-Xmx2g",
                "-cp",
                classpath,
                WEBHOOK_MAIN,
                "--users",
                String.valueOf(webhookUsers),
                "--rate",
                String.valueOf(webhookRate),
                "--seconds",
                quick ? "5" : "20",
                "--warmup",
                quick ? "3" : "10"));
        if (webhookModes != null) {
            cmd.addAll(List.of("--modes", webhookModes));
        }
        try {
            String loadBefore = loadAverage();
            err.println("switchboard bench: " + String.join(" ", cmd));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = run(cmd, err, out);
            if (exit != 0) {
                err.println("switchboard bench: the webhook load test failed (exit " + exit + ")");
                return 1;
            }
            ObjectNode summary = (ObjectNode) JSON.readTree(out.toString(StandardCharsets.UTF_8));
            summary.set("machine", machine(loadBefore));
            System.out.println(json ? JSON.writeValueAsString(summary) : webhookTable(summary));
            return 0;
        } catch (IOException e) {
            err.println("switchboard bench: " + e.getMessage());
            return 1;
        }
    }

    static String webhookTable(JsonNode s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "Presence webhook load: %s users, %s changes/s offered, %s s measured after %s s warm-up%n%n",
                s.path("users").asText(),
                s.path("rate_target").asText(),
                s.path("seconds").asText(),
                s.path("warmup_seconds").asText()));
        String row = "%-20s %12s %12s %10s %10s %10s %12s%n";
        b.append(String.format(
                Locale.ROOT, row, "mode", "offered/s", "applied/s", "p50 ms", "p99 ms", "max ms", "bulk reads"));
        for (JsonNode m : s.path("modes")) {
            b.append(String.format(
                    Locale.ROOT,
                    row,
                    m.path("mode").asText(),
                    m.path("changes_per_second").asText(),
                    m.path("applied_per_second").asText(),
                    m.path("receipt_to_engine_ms_p50").asText(),
                    m.path("receipt_to_engine_ms_p99").asText(),
                    m.path("receipt_to_engine_ms_max").asText(),
                    m.path("bulk_reads_while_measured").asText()));
        }
        b.append("\nTarget: 20,000 per second sustained, p99 under 10 ms from receipt to the engine's state.\n");
        return b.toString();
    }

    /**
     * What the figures were measured on. Other work on the machine skews them, so the load
     * average before and after the run is part of the record.
     */
    static ObjectNode machine(String loadBefore) {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        String memTotal = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        m.put("memory", memTotal);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("load_average_before", loadBefore);
        m.put("load_average_after", loadAverage());
        return m;
    }

    /** The 1, 5 and 15 minute load averages, or null where the system does not tell. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                    return line.substring(colon + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: leave it out
        }
        return null;
    }

    private static Path homeFromProperty() {
        String value = System.getProperty("switchboard.home");
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** The JMH command line: every benchmark of the module, or those matching {@code include}. */
    static List<String> jmhCommand(String java, String classpath, boolean quick, String include, Path results) {
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", classpath, "org.openjdk.jmh.Main"));
        cmd.add(include == null || include.isBlank() ? "^dev\\.switchboard\\.bench\\." : include);
        if (quick) {
            cmd.addAll(QUICK);
        }
        cmd.addAll(List.of("-foe", "true", "-rf", "json", "-rff", results.toString()));
        return cmd;
    }

    private static JsonNode measureHeap(String java, String classpath, PrintStream err) throws IOException {
        List<String> cmd =
                List.of(java, "-XX:+UseSerialGC", "-Xmx3g", "-cp", classpath, HEAP_MAIN, String.valueOf(HEAP_AGENTS));
        err.println("switchboard bench: " + String.join(" ", cmd));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = run(cmd, err, out);
        if (exit != 0) {
            err.println("switchboard bench: the heap measurement failed (exit " + exit + ")");
            return null;
        }
        return JSON.readTree(out.toString(StandardCharsets.UTF_8));
    }

    /** Runs a process; its stdout goes to {@code stdout} if given, else to {@code progress}, as does its stderr. */
    private static int run(List<String> cmd, PrintStream progress, OutputStream stdout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectErrorStream(stdout == null);
        Process p = pb.start();
        p.getOutputStream().close();
        Thread errPump = null;
        if (stdout != null) {
            errPump = pump(p.getErrorStream(), progress);
        }
        try {
            p.getInputStream().transferTo(stdout != null ? stdout : progress);
            if (errPump != null) {
                errPump.join();
            }
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(
                () -> {
                    try {
                        in.transferTo(out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                "bench-stderr");
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ------------------------------------------------------------------------------------
    // Reading JMH's results
    // ------------------------------------------------------------------------------------

    /**
     * The summary of a JMH JSON result array (and the heap measurement, if any). Missing
     * benchmarks give nulls, never a failure: a run with {@code --include} has only some.
     */
    static ObjectNode summarize(JsonNode jmh, JsonNode heap, String settings) {
        if (jmh == null || !jmh.isArray()) {
            throw new IllegalArgumentException("not a JMH JSON result file: the top level must be an array");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();

        JsonNode decision = find(jmh, DECISION, "agents", String.valueOf(HEADLINE_AGENTS));
        out.set("decision_ns_p50", number(percentileNanos(decision, "50.0")));
        out.set("decision_ns_p99", number(percentileNanos(decision, "99.0")));
        out.set("decision_ns_p999", number(percentileNanos(decision, "99.9")));
        out.set("decision_ns_mean", number(decision == null ? null : nanos(decision.path("primaryMetric"))));
        out.set("presence_updates_per_second", number(perSecond(find(jmh, PRESENCE, null, null))));
        out.set("sim_calls_per_second", number(simulatedCallsPerSecond(find(jmh, SIMULATOR, null, null))));
        out.set(
                "heap_bytes_per_agent",
                heap == null
                        ? f.nullNode()
                        : number(heap.path("heap_bytes_per_agent").asDouble()));
        out.set(
                "heap_bytes_per_agent_with_views",
                heap == null
                        ? f.nullNode()
                        : number(heap.path("heap_bytes_per_agent_with_views").asDouble()));
        out.set("engine_commands_per_second", number(perSecond(find(jmh, ENGINE_PIPELINED, null, null))));
        out.set("engine_round_trip_commands_per_second", number(perSecond(find(jmh, ENGINE_ROUND_TRIP, null, null))));
        out.set("core_calls_per_second", number(perSecond(find(jmh, CALL_CYCLE, null, null))));

        ArrayNode sweep = out.putArray("decision_sweep");
        List<JsonNode> decisions = new ArrayList<>();
        for (JsonNode r : jmh) {
            if (DECISION.equals(r.path("benchmark").asText())) {
                decisions.add(r);
            }
        }
        decisions.sort((a, b) -> Integer.compare(
                a.path("params").path("agents").asInt(),
                b.path("params").path("agents").asInt()));
        for (JsonNode r : decisions) {
            int agents = r.path("params").path("agents").asInt();
            ObjectNode row = sweep.addObject();
            row.put("agents", agents);
            row.put("services", agents / 10);
            row.set("ns_p50", number(percentileNanos(r, "50.0")));
            row.set("ns_p99", number(percentileNanos(r, "99.0")));
            row.set("ns_mean", number(nanos(r.path("primaryMetric"))));
        }

        ObjectNode targets = out.putObject("targets_met");
        targets.set("decision_p99_under_5us", below(out.get("decision_ns_p99"), 5_000));
        targets.set("presence_at_least_1m_per_second", atLeast(out.get("presence_updates_per_second"), 1_000_000));
        targets.set("sim_at_least_100k_calls_per_second", atLeast(out.get("sim_calls_per_second"), 100_000));
        targets.set("heap_at_most_1kib_per_agent", below(out.get("heap_bytes_per_agent"), 1024.0001));

        ObjectNode run = out.putObject("jmh");
        JsonNode first = jmh.size() > 0 ? jmh.get(0) : f.objectNode();
        run.put("settings", settings);
        run.set("version", text(first, "jmhVersion"));
        run.set("jdk", text(first, "jdkVersion"));
        run.set("vm", text(first, "vmName"));
        run.set("vm_version", text(first, "vmVersion"));
        run.set("forks", first.has("forks") ? f.numberNode(first.get("forks").asInt()) : f.nullNode());
        run.set("warmup", iterations(first, "warmupIterations", "warmupTime"));
        run.set("measurement", iterations(first, "measurementIterations", "measurementTime"));
        run.put("benchmarks", jmh.size());
        if (heap != null) {
            out.set("heap", heap);
        }
        return out;
    }

    /** The result of {@code benchmark}, with {@code param} = {@code value} when a parameter is named. */
    static JsonNode find(JsonNode jmh, String benchmark, String param, String value) {
        for (JsonNode r : jmh) {
            if (benchmark.equals(r.path("benchmark").asText())
                    && (param == null
                            || value.equals(r.path("params").path(param).asText()))) {
                return r;
            }
        }
        return null;
    }

    private static Double percentileNanos(JsonNode result, String percentile) {
        if (result == null) {
            return null;
        }
        JsonNode metric = result.path("primaryMetric");
        JsonNode p = metric.path("scorePercentiles").path(percentile);
        if (!p.isNumber()) {
            return null;
        }
        return p.asDouble() * nanosPer(metric.path("scoreUnit").asText());
    }

    private static Double nanos(JsonNode metric) {
        JsonNode score = metric.path("score");
        return score.isNumber()
                ? score.asDouble() * nanosPer(metric.path("scoreUnit").asText())
                : null;
    }

    /** Nanoseconds in the time unit of a JMH time-per-operation unit such as {@code us/op}. */
    static double nanosPer(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT).split("/")[0]) {
            case "ns" -> 1;
            case "us" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> 1_000_000_000;
            case "min" -> 60e9;
            default -> throw new IllegalArgumentException("not a time per operation: " + unit);
        };
    }

    /**
     * The simulator benchmark counts simulated calls in a {@code calls} counter (a secondary
     * metric); without it, its primary score is taken as calls per second.
     */
    static Double simulatedCallsPerSecond(JsonNode result) {
        if (result == null) {
            return null;
        }
        JsonNode calls = result.path("secondaryMetrics").path("calls");
        if (calls.isObject()) {
            ObjectNode asResult = JsonNodeFactory.instance.objectNode();
            asResult.set("primaryMetric", calls);
            return perSecond(asResult);
        }
        return perSecond(result);
    }

    /** A throughput score in operations per second, whatever unit JMH used ({@code ops/ms}, ...). */
    static Double perSecond(JsonNode result) {
        if (result == null) {
            return null;
        }
        JsonNode metric = result.path("primaryMetric");
        String unit = metric.path("scoreUnit").asText();
        String[] parts = unit.toLowerCase(Locale.ROOT).split("/");
        if (parts.length != 2 || !parts[0].equals("ops")) {
            throw new IllegalArgumentException("not a throughput unit: " + unit);
        }
        double perUnit = metric.path("score").asDouble();
        return switch (parts[1]) {
            case "ns" -> perUnit * 1e9;
            case "us" -> perUnit * 1e6;
            case "ms" -> perUnit * 1e3;
            case "s" -> perUnit;
            case "min" -> perUnit / 60;
            default -> throw new IllegalArgumentException("not a throughput unit: " + unit);
        };
    }

    private static JsonNode number(Double value) {
        if (value == null || value.isNaN()) {
            return JsonNodeFactory.instance.nullNode();
        }
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded)
                ? JsonNodeFactory.instance.numberNode((long) rounded)
                : JsonNodeFactory.instance.numberNode(rounded);
    }

    private static JsonNode below(JsonNode value, double limit) {
        return value == null || !value.isNumber()
                ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.booleanNode(value.asDouble() < limit);
    }

    private static JsonNode atLeast(JsonNode value, double limit) {
        return value == null || !value.isNumber()
                ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.booleanNode(value.asDouble() >= limit);
    }

    private static JsonNode text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull()
                ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.textNode(v.asText());
    }

    private static JsonNode iterations(JsonNode node, String count, String time) {
        if (!node.has(count)) {
            return JsonNodeFactory.instance.nullNode();
        }
        return JsonNodeFactory.instance.textNode(
                node.get(count).asInt() + " x " + node.path(time).asText("?"));
    }

    // ------------------------------------------------------------------------------------
    // The readable table
    // ------------------------------------------------------------------------------------

    static String table(JsonNode s) {
        StringBuilder b = new StringBuilder();
        JsonNode run = s.path("jmh");
        b.append(String.format(
                Locale.ROOT,
                "Switchboard benchmarks (JMH %s, %s %s, %s settings: %s forks, warm-up %s, measurement %s)%n%n",
                run.path("version").asText("?"),
                run.path("vm").asText("?"),
                run.path("jdk").asText("?"),
                run.path("settings").asText("?"),
                run.path("forks").asText("?"),
                run.path("warmup").asText("?"),
                run.path("measurement").asText("?")));
        JsonNode machine = s.path("machine");
        if (machine.isObject()) {
            b.append(String.format(
                    Locale.ROOT,
                    "Machine: %s CPUs (%s), %s memory, load average %s before, %s after%n%n",
                    machine.path("cpus").asText("?"),
                    machine.path("cpu_model").asText("?"),
                    machine.path("memory").asText("?"),
                    machine.path("load_average_before").asText("?"),
                    machine.path("load_average_after").asText("?")));
        }
        String row = "%-52s %16s  %s%n";
        b.append(String.format(Locale.ROOT, row, "measure", "value", "target"));
        b.append(String.format(
                Locale.ROOT, row, "decision p50, 10,000 agents / 1,000 services", ns(s.get("decision_ns_p50")), ""));
        b.append(String.format(
                Locale.ROOT,
                row,
                "decision p99, 10,000 agents / 1,000 services",
                ns(s.get("decision_ns_p99")),
                verdict(s.path("targets_met").get("decision_p99_under_5us"), "< 5 µs")));
        b.append(String.format(
                Locale.ROOT,
                row,
                "presence updates per second (one thread)",
                count(s.get("presence_updates_per_second")),
                verdict(s.path("targets_met").get("presence_at_least_1m_per_second"), ">= 1,000,000/s")));
        b.append(String.format(
                Locale.ROOT,
                row,
                "simulated calls per wall-clock second",
                count(s.get("sim_calls_per_second")),
                verdict(s.path("targets_met").get("sim_at_least_100k_calls_per_second"), ">= 100,000/s")));
        b.append(String.format(
                Locale.ROOT,
                row,
                "heap bytes per agent (100,000 agents)",
                count(s.get("heap_bytes_per_agent")),
                verdict(s.path("targets_met").get("heap_at_most_1kib_per_agent"), "<= 1,024 B")));
        b.append(String.format(
                Locale.ROOT,
                row,
                "heap bytes per agent, with snapshot views",
                count(s.get("heap_bytes_per_agent_with_views")),
                ""));
        b.append(String.format(
                Locale.ROOT,
                row,
                "engine commands per second (pipelined)",
                count(s.get("engine_commands_per_second")),
                ""));
        b.append(String.format(
                Locale.ROOT,
                row,
                "engine commands per second (submit and wait)",
                count(s.get("engine_round_trip_commands_per_second")),
                ""));
        b.append(String.format(
                Locale.ROOT,
                row,
                "whole calls through the core per second",
                count(s.get("core_calls_per_second")),
                ""));
        JsonNode sweep = s.path("decision_sweep");
        if (sweep.size() > 0) {
            b.append(String.format("%nDecision latency by organisation size%n"));
            String sweepRow = "%10s %10s %12s %12s %12s%n";
            b.append(String.format(Locale.ROOT, sweepRow, "agents", "services", "p50", "p99", "mean"));
            for (JsonNode r : sweep) {
                b.append(String.format(
                        Locale.ROOT,
                        sweepRow,
                        count(r.get("agents")),
                        count(r.get("services")),
                        ns(r.get("ns_p50")),
                        ns(r.get("ns_p99")),
                        ns(r.get("ns_mean"))));
            }
        }
        return b.toString();
    }

    private static String ns(JsonNode v) {
        if (v == null || !v.isNumber()) {
            return "n/a";
        }
        double ns = v.asDouble();
        return ns >= 10_000
                ? String.format(Locale.ROOT, "%,.1f µs", ns / 1000)
                : String.format(Locale.ROOT, "%,.0f ns", ns);
    }

    private static String count(JsonNode v) {
        return v == null || !v.isNumber() ? "n/a" : String.format(Locale.ROOT, "%,.0f", v.asDouble());
    }

    private static String verdict(JsonNode met, String target) {
        if (met == null || !met.isBoolean()) {
            return target + " (not measured)";
        }
        return target + (met.asBoolean() ? " met" : " MISSED");
    }
}
