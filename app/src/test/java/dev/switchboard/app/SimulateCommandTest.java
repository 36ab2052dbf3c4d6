package dev.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code switchboard simulate} through the real command line: output, exit codes, messages. */
class SimulateCommandTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "simulate";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void thePlainCasePrintsOneJsonObjectWithTheErlangPrediction() throws Exception {
        Run r = run(
                "--agents",
                "55",
                "--calls-per-hour",
                "720",
                "--handle-seconds",
                "240",
                "--hours",
                "20",
                "--target-seconds",
                "15",
                "--seed",
                "4",
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        for (String field : new String[] {
            "offered",
            "answered",
            "abandoned",
            "service_level",
            "asa_seconds",
            "abandon_rate",
            "occupancy",
            "rona_count",
            "offers_to_agents_in_call",
            "offers_to_agents_in_switchboard_call",
            "erlang",
            "calls_per_wall_second"
        }) {
            assertThat(json.has(field)).as(field).isTrue();
        }
        assertThat(json.get("seed").asLong()).isEqualTo(4);
        assertThat(json.get("offered").asLong()).isBetween(13_500L, 15_300L);
        assertThat(json.get("offers_to_agents_in_switchboard_call").asLong()).isZero();
        JsonNode erlang = json.get("erlang");
        assertThat(erlang.get("model").asText()).isEqualTo("erlang-c");
        assertThat(erlang.get("service_level").asDouble()).isBetween(0.8455, 0.8465);
        assertThat(erlang.get("asa_seconds").asDouble()).isBetween(8.15, 8.25);
        assertThat(erlang.has("p_wait")).isTrue();
        assertThat(erlang.has("abandon_rate")).isTrue();
    }

    @Test
    void patienceSwitchesThePredictionToErlangA() throws Exception {
        Run r = run(
                "--agents",
                "30",
                "--calls-per-hour",
                "600",
                "--handle-seconds",
                "180",
                "--hours",
                "5",
                "--patience-seconds",
                "120",
                "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("erlang").get("model").asText()).isEqualTo("erlang-a");
        assertThat(json.get("erlang").get("abandon_rate").asDouble()).isBetween(0.0798, 0.0800);
        assertThat(json.get("abandoned").asLong()).isPositive();
    }

    @Test
    void theDilemmaScenarioReportsEveryMode() throws Exception {
        Run r = run("--scenario", "presence-dilemma", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("scenario").asText()).isEqualTo("presence-dilemma");
        assertThat(json.get("modes")).hasSize(4);
        assertThat(json.get("modes").get(0).get("mode").asText()).isEqualTo("detailed");
        assertThat(json.get("modes").get(3).has("failover_window")).isTrue();
    }

    @Test
    void withoutJsonTheReportIsReadable() {
        Run r = run("--scenario", "presence-dilemma", "--seed", "3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Scenario presence-dilemma (seed 3)")
                .contains("coarse-busy-excluded")
                .contains("while detailed presence was down");
    }

    @Test
    void badNumbersAreRefusedNamingTheOption() {
        Run r = run("--agents", "-3", "--calls-per-hour", "720", "--handle-seconds", "240", "--hours", "1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("--agents: must be between 1 and 100000 (was -3)")
                .doesNotContain("Exception");
        Run hours = run("--agents", "3", "--calls-per-hour", "720", "--handle-seconds", "240", "--hours", "-1");
        assertThat(hours.exit()).isEqualTo(2);
        assertThat(hours.err()).contains("--hours: must be above 0");
        Run target = run(
                "--agents",
                "3",
                "--calls-per-hour",
                "7",
                "--handle-seconds",
                "240",
                "--hours",
                "1",
                "--target-seconds",
                "0");
        assertThat(target.exit()).isEqualTo(2);
        assertThat(target.err()).contains("--target-seconds");
        Run text = run("--agents", "three");
        assertThat(text.exit()).isEqualTo(2);
        assertThat(text.err()).contains("--agents").doesNotContain("Exception in");
    }

    @Test
    void missingOrConflictingOptionsAreNamed() {
        Run missing = run("--agents", "3");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--calls-per-hour, --handle-seconds, --hours: required");
        Run both = run("--scenario", "textbook", "--agents", "3");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--agents: cannot be combined with --scenario");
    }

    @Test
    void unknownScenariosAndBadFilesAreRefusedWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Run unknown = run("--scenario", "no-such-thing");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no built-in scenario and no file named 'no-such-thing'");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "services:\n  line: {calls_per_hour: [\n");
        Run malformed = run("--scenario", broken.toString());
        assertThat(malformed.exit()).isEqualTo(2);
        assertThat(malformed.err())
                .contains("scenario: is not valid YAML at line")
                .doesNotContain("\tat ");
        Path wrong = dir.resolve("wrong.yaml");
        Files.writeString(
                wrong, "services:\n  line:\n    calls_per_hour: -1\n    handle_time: 60\nagents:\n  a: {count: 2}\n");
        Run invalid = run("--scenario", wrong.toString());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("services.line.calls_per_hour: must be between 0 and");
        Run set = run("--scenario", "textbook", "--set", "agents.agent.count=-1");
        assertThat(set.exit()).isEqualTo(2);
        assertThat(set.err()).contains("agents.agent.count");
    }

    @Test
    void theBuiltInScenariosCanBeListed() {
        Run r = run("--list-scenarios");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("presence-dilemma").contains("textbook").contains("impatient");
    }
}
