package dev.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A real JMH 1.37 result file of the bench module (quick settings, raw samples removed). */
    private static JsonNode fixture() throws Exception {
        try (InputStream in = BenchCommandTest.class.getResourceAsStream("/bench/jmh-result.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void summarisesAJmhResultFile() throws Exception {
        JsonNode heap = JSON.readTree(
                "{\"agents\":100000,\"heap_bytes_per_agent\":1265.7,\"heap_bytes_per_agent_with_views\":2326.4}");

        ObjectNode s = BenchCommand.summarize(fixture(), heap, "quick");

        // The headline decision is the 10,000-agent run, read from JMH's percentiles in ns.
        assertThat(s.get("decision_ns_p50").asDouble()).isEqualTo(3896.0);
        assertThat(s.get("decision_ns_p99").asDouble()).isEqualTo(31906.2);
        assertThat(s.get("presence_updates_per_second").asDouble()).isEqualTo(332840.6);
        assertThat(s.get("engine_commands_per_second").asDouble()).isEqualTo(741450.5);
        assertThat(s.get("engine_round_trip_commands_per_second").asDouble()).isEqualTo(50370.0);
        assertThat(s.get("core_calls_per_second").asDouble()).isEqualTo(117634.8);
        assertThat(s.get("heap_bytes_per_agent").asDouble()).isEqualTo(1265.7);
        // No simulator benchmark in this file: null, not zero.
        assertThat(s.get("sim_calls_per_second").isNull()).isTrue();

        JsonNode sweep = s.get("decision_sweep");
        assertThat(sweep).hasSize(2);
        assertThat(sweep.get(0).get("agents").asInt()).isEqualTo(1000);
        assertThat(sweep.get(0).get("services").asInt()).isEqualTo(100);
        assertThat(sweep.get(0).get("ns_p99").asDouble()).isEqualTo(28800.0);
        assertThat(sweep.get(1).get("agents").asInt()).isEqualTo(10000);

        JsonNode targets = s.get("targets_met");
        assertThat(targets.get("decision_p99_under_5us").asBoolean()).isFalse();
        assertThat(targets.get("presence_at_least_1m_per_second").asBoolean()).isFalse();
        assertThat(targets.get("heap_at_most_1kib_per_agent").asBoolean()).isFalse();
        assertThat(targets.get("sim_at_least_100k_calls_per_second").isNull()).isTrue();

        JsonNode jmh = s.get("jmh");
        assertThat(jmh.get("version").asText()).isEqualTo("1.37");
        assertThat(jmh.get("settings").asText()).isEqualTo("quick");
        assertThat(jmh.get("forks").asInt()).isEqualTo(1);
        assertThat(jmh.get("benchmarks").asInt()).isEqualTo(6);
    }

    @Test
    void convertsJmhUnits() throws Exception {
        JsonNode jmh = JSON.readTree("""
                [
                  {"benchmark": "dev.switchboard.bench.DecisionBenchmark.decide", "mode": "sample",
                   "params": {"agents": "10000"},
                   "primaryMetric": {"score": 2.5, "scoreUnit": "us/op",
                                     "scorePercentiles": {"50.0": 1.25, "99.0": 4.5, "99.9": 9.0}}},
                  {"benchmark": "dev.switchboard.bench.PresenceBenchmark.apply", "mode": "thrpt",
                   "primaryMetric": {"score": 1500.0, "scoreUnit": "ops/ms"}},
                  {"benchmark": "dev.switchboard.bench.SimulatorBenchmark.mmc", "mode": "thrpt",
                   "primaryMetric": {"score": 12.0, "scoreUnit": "ops/s"},
                   "secondaryMetrics": {"calls": {"score": 0.25, "scoreUnit": "ops/us"}}}
                ]
                """);

        ObjectNode s = BenchCommand.summarize(jmh, null, "full");

        assertThat(s.get("decision_ns_p50").asDouble()).isEqualTo(1250.0);
        assertThat(s.get("decision_ns_p99").asDouble()).isEqualTo(4500.0);
        assertThat(s.get("decision_ns_mean").asDouble()).isEqualTo(2500.0);
        assertThat(s.get("presence_updates_per_second").asDouble()).isEqualTo(1_500_000.0);
        assertThat(s.get("sim_calls_per_second").asDouble()).isEqualTo(250_000.0);
        assertThat(s.get("targets_met").get("decision_p99_under_5us").asBoolean())
                .isTrue();
        assertThat(s.get("targets_met").get("presence_at_least_1m_per_second").asBoolean())
                .isTrue();
        assertThat(s.get("heap_bytes_per_agent").isNull()).isTrue();
        assertThat(s.get("engine_commands_per_second").isNull()).isTrue();
    }

    @Test
    void refusesWhatIsNotAJmhResultFile() throws Exception {
        assertThatThrownBy(() -> BenchCommand.summarize(JSON.readTree("{\"benchmark\":\"x\"}"), null, "quick"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("array");
        JsonNode wrongUnit = JSON.readTree("""
                [{"benchmark": "dev.switchboard.bench.PresenceBenchmark.apply",
                  "primaryMetric": {"score": 1.0, "scoreUnit": "ns/op"}}]
                """);
        assertThatThrownBy(() -> BenchCommand.summarize(wrongUnit, null, "quick"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ns/op");
    }

    @Test
    void tableShowsTheFiguresAndTheVerdicts() throws Exception {
        String table = BenchCommand.table(BenchCommand.summarize(fixture(), null, "quick"));

        assertThat(table).contains("JMH 1.37");
        assertThat(table).contains("31.9 µs").contains("< 5 µs MISSED");
        assertThat(table).contains("332,841");
        assertThat(table).contains(">= 100,000/s (not measured)");
        assertThat(table).contains("Decision latency by organisation size");
    }

    @Test
    void webhookTableShowsEveryMode() throws Exception {
        JsonNode summary = JSON.readTree("""
                {"users": 10000, "rate_target": 20000, "seconds": 5, "warmup_seconds": 3, "modes": [
                  {"mode": "rich-key-per-item", "changes_per_second": 20001.5, "applied_per_second": 1146.0,
                   "receipt_to_engine_ms_p50": 4807.24, "receipt_to_engine_ms_p99": 6751.21,
                   "receipt_to_engine_ms_max": 6805.65, "bulk_reads_while_measured": 0},
                  {"mode": "basic", "changes_per_second": 20021.2, "applied_per_second": 20120.8,
                   "receipt_to_engine_ms_p50": 47.85, "receipt_to_engine_ms_p99": 99.19,
                   "receipt_to_engine_ms_max": 119.63, "bulk_reads_while_measured": 189}]}
                """);

        String table = BenchCommand.webhookTable(summary);

        assertThat(table).contains("10000 users, 20000 changes/s offered");
        assertThat(table.lines().filter(l -> l.startsWith("rich-key-per-item")))
                .singleElement()
                .asString()
                .contains("1146.0")
                .contains("6751.21");
        assertThat(table.lines().filter(l -> l.startsWith("basic")))
                .singleElement()
                .asString()
                .contains("99.19")
                .contains("189");
    }

    @Test
    void quickSettingsAndTheResultFileGoToJmh() {
        List<String> cmd = BenchCommand.jmhCommand("java", "a.jar:lib/*", true, null, Path.of("/tmp/r.json"));

        assertThat(cmd).startsWith("java", "-cp", "a.jar:lib/*", "org.openjdk.jmh.Main");
        assertThat(String.join(" ", cmd))
                .contains("-f 1 -wi 1 -w 1s -i 2 -r 1s")
                .contains("-rf json -rff /tmp/r.json");
        assertThat(String.join(" ", BenchCommand.jmhCommand("java", "cp", false, "Decision", Path.of("r"))))
                .doesNotContain("-wi")
                .contains("org.openjdk.jmh.Main Decision");
    }

    @Test
    void failsClearlyWhenTheBenchJarIsMissing(@TempDir Path home) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = Main.commandLine().execute("bench", "--quick", "--json", "--home", home.toString());
        } finally {
            System.setErr(original);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("benchmark jar is missing")
                .contains("switchboard-bench.jar")
                .contains("./switchboard bench");
    }
}
