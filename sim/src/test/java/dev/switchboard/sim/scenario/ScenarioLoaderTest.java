package dev.switchboard.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.sim.random.Distribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioLoaderTest {

    private static final String MINIMAL = """
            services:
              line:
                calls_per_hour: 60
                handle_time: {distribution: exponential, mean_seconds: 180}
            agents:
              a:
                count: 3
            """;

    private static LoadedScenario parse(String yaml, String... sets) {
        return ScenarioLoader.parse(yaml, "test", List.of(sets));
    }

    private static void assertRefused(String yaml, String field, String problem) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).field()).isEqualTo(field))
                .hasMessageContaining(problem);
    }

    @Test
    void aMinimalScenarioGetsTheDocumentedDefaults() {
        LoadedScenario s = parse(MINIMAL);
        assertThat(s.name()).isEqualTo("test");
        assertThat(s.hasModes()).isFalse();
        ScenarioSpec spec = s.modes().get(0).spec();
        assertThat(spec.seed()).isEqualTo(1);
        assertThat(spec.start()).isEqualTo(Duration.ofHours(8));
        assertThat(spec.length()).isEqualTo(Duration.ofHours(9));
        assertThat(spec.days()).isEqualTo(1);
        assertThat(spec.kpiInterval()).isEqualTo(Duration.ofHours(1));
        ServiceSpec line = spec.services().get(0);
        assertThat(line.patience()).isInstanceOf(Distribution.Never.class);
        assertThat(line.flatProfile()).isTrue();
        assertThat(line.config().distributionType()).isEqualTo(DistributionType.DIRECT);
        assertThat(line.config().alertTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(line.config().afterCallWork()).isEqualTo(Duration.ofSeconds(20));
        assertThat(line.config().serviceLevelTarget()).isEqualTo(Duration.ofSeconds(20));
        assertThat(line.config().policy().distributed()).containsExactly(PresenceGroup.AVAILABLE);
        AgentGroupSpec a = spec.agentGroups().get(0);
        assertThat(a.services()).containsExactly("line");
        assertThat(a.agentId(0)).isEqualTo("a-01");
        assertThat(a.plain()).isTrue();
        assertThat(spec.presence().source()).isEqualTo(PresenceSpec.Source.DETAILED);
        assertThat(spec.presence().reportsSwitchboardCalls()).isTrue();
    }

    @Test
    void modesAreMergedOverTheBaseKeyByKey() {
        LoadedScenario s = parse(MINIMAL + """
                        modes:
                          strict:
                            description: only Available
                          lenient:
                            presence: {source: coarse}
                            services: {line: {policy: {distributed: [available, busy], coarse_busy: true}}}
                        """);
        assertThat(s.hasModes()).isTrue();
        assertThat(s.modes()).extracting(LoadedScenario.Mode::name).containsExactly("strict", "lenient");
        ServiceSpec strict = s.modes().get(0).spec().services().get(0);
        ServiceSpec lenient = s.modes().get(1).spec().services().get(0);
        assertThat(s.modes().get(0).description()).isEqualTo("only Available");
        assertThat(strict.config().policy().coarseBusy()).isFalse();
        assertThat(lenient.config().policy().coarseBusy()).isTrue();
        assertThat(lenient.config().policy().distributed())
                .containsExactly(PresenceGroup.AVAILABLE, PresenceGroup.BUSY);
        // Everything not overridden is the base's.
        assertThat(lenient.callsPerHour()).isEqualTo(60);
        assertThat(s.modes().get(1).spec().presence().source()).isEqualTo(PresenceSpec.Source.COARSE);
    }

    @Test
    void setOverridesAnyPathWithAYamlValue() {
        LoadedScenario s = parse(
                MINIMAL,
                "presence.latency={distribution: uniform, min_seconds: 1, max_seconds: 9}",
                "services.line.calls_per_hour=90",
                "day.days=3",
                "seed=42");
        ScenarioSpec spec = s.modes().get(0).spec();
        assertThat(spec.presence().latency()).isEqualTo(new Distribution.Uniform(1, 9));
        assertThat(spec.services().get(0).callsPerHour()).isEqualTo(90);
        assertThat(spec.days()).isEqualTo(3);
        assertThat(spec.seed()).isEqualTo(42);
    }

    @Test
    void distributionsHaveTheirShortForms() {
        LoadedScenario s = parse(MINIMAL, "services.line.patience=none", "services.line.handle_time=120");
        ServiceSpec line = s.modes().get(0).spec().services().get(0);
        assertThat(line.patience()).isInstanceOf(Distribution.Never.class);
        assertThat(line.handleTime()).isEqualTo(new Distribution.Fixed(120));
    }

    @Test
    void hourlyProfilesAcceptAMappingOrTwentyFourValues() {
        ServiceSpec mapped = parse(MINIMAL, "services.line.hourly_profile={\"09\": 2, \"10\": 0.5}")
                .modes()
                .get(0)
                .spec()
                .services()
                .get(0);
        assertThat(mapped.hourlyProfile().get(9)).isEqualTo(2.0);
        assertThat(mapped.hourlyProfile().get(10)).isEqualTo(0.5);
        assertThat(mapped.hourlyProfile().get(11)).isEqualTo(1.0);
        assertThat(mapped.flatProfile()).isFalse();
        assertThatThrownBy(() -> parse(MINIMAL, "services.line.hourly_profile=[1, 2]"))
                .hasMessageContaining("services.line.hourly_profile: as a list needs 24 values");
        assertThatThrownBy(() -> parse(MINIMAL, "services.line.hourly_profile={\"25\": 1}"))
                .hasMessageContaining("services.line.hourly_profile.25");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "services.line.calls_per_hour=-5 | services.line.calls_per_hour | must be between 0 and",
                "agents.a.count=0 | agents.a.count | must be between 1 and 100000 (was 0)",
                "agents.a.count=2.5 | agents.a.count | must be a whole number",
                "services.line.alert_seconds=5 | services.line.alert_seconds | must be between 15 and 180 (was 5)",
                "services.line.queue={max_size: 500} | services.line.queue.max_size | must be between 0 and 200",
                "services.line.handel_time=3 | services.line.handel_time | unknown field",
                "services.line.handle_time={distribution: gamma} | services.line.handle_time.distribution | must be"
                        + " fixed, uniform, exponential or lognormal",
                "services.line.handle_time={distribution: lognormal, mean_seconds: 100} "
                        + "| services.line.handle_time.sd_seconds | is required",
                "services.line.distribution_type=fastest | services.line.distribution_type | must be one of direct,",
                "services.line.policy={distributed: [available, in-a-call]} | services.line.policy.distributed[1] "
                        + "| never offered calls",
                "agents.a.services=[nope] | agents.a.services[0] | no service named 'nope'",
                "agents.a.shift={start: '25:00'} | agents.a.shift.start | must be a clock time",
                "agents.a.shift={start: '17:00', end: '08:00'} | agents.a.shift.end | must be after the shift start",
                "agents.a.answer={no_answer_probability: 1.5} | agents.a.answer.no_answer_probability | must be"
                        + " between 0 and 1",
                "presence.source=telepathy | presence.source | must be one of detailed, coarse, detailed-failing",
                "presence.source=detailed-failing | presence.failure | is required for source detailed-failing",
                "presence.failure={at: '12:00', until: '11:00'} | presence.failure.until | must be after at",
                "day.hours=0 | day.hours | must be between",
                "day={days: 2, hours: 30} | day.hours | must be at most 24 when several days are simulated",
                "seed=abc | seed | must be a whole number",
            })
    void badValuesAreRefusedNamingTheField(String set, String field, String problem) {
        assertThatThrownBy(() -> parse(MINIMAL, set.strip()))
                .isInstanceOf(ScenarioException.class)
                .satisfies(e -> assertThat(((ScenarioException) e).field()).isEqualTo(field.strip()))
                .hasMessageContaining(problem.strip());
    }

    @Test
    void malformedYamlNamesTheLine() {
        assertThatThrownBy(() -> parse("services:\n  line: {calls_per_hour: 60\nagents: [\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("scenario: is not valid YAML at line");
    }

    @Test
    void structuralMistakesAreNamed() {
        assertRefused("- just\n- a list\n", "scenario", "must be a mapping");
        assertRefused("agents: {a: {count: 1}}\n", "services", "is required");
        assertRefused("services: {}\nagents: {a: {count: 1}}\n", "services", "needs at least one service");
        assertRefused(MINIMAL + "modes: {}\n", "modes", "must name at least one mode");
    }

    @Test
    void anErrorInsideAModeNamesTheMode() {
        assertThatThrownBy(() -> parse(MINIMAL + "modes:\n  fast:\n    services: {line: {calls_per_hour: -1}}\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("modes.fast → services.line.calls_per_hour: must be between 0");
    }

    @Test
    void badSetAssignmentsAreRefused() {
        assertThatThrownBy(() -> parse(MINIMAL, "no-equals-sign"))
                .hasMessage("--set: expected PATH=VALUE (was 'no-equals-sign')");
        assertThatThrownBy(() -> parse(MINIMAL, "services.line.calls_per_hour.x=1"))
                .hasMessageContaining("services.line.calls_per_hour is not a mapping");
    }

    @Test
    void unknownScenariosAndFilesAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ScenarioLoader.load("no-such-scenario", List.of()))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("--scenario: no built-in scenario and no file named 'no-such-scenario'")
                .hasMessageContaining("presence-dilemma");
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, MINIMAL);
        LoadedScenario s = ScenarioLoader.load(file.toString(), List.of());
        assertThat(s.name()).isEqualTo("mine");
    }

    @Test
    void theBuiltInScenariosLoad() {
        for (String name : ScenarioLoader.BUILT_IN) {
            LoadedScenario s = ScenarioLoader.load(name, List.of());
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.description()).isNotBlank();
        }
        LoadedScenario dilemma = ScenarioLoader.load("presence-dilemma", List.of());
        assertThat(dilemma.modes())
                .extracting(LoadedScenario.Mode::name)
                .containsExactly("detailed", "coarse-busy-distributed", "coarse-busy-excluded", "detailed-failing");
        assertThat(ScenarioLoader.describeBuiltIns()).containsOnlyKeys(ScenarioLoader.BUILT_IN);
    }

    @Test
    void anErrorInTheBaseIsNotBlamedOnAMode() {
        assertThatThrownBy(() -> ScenarioLoader.load("presence-dilemma", List.of("presence.latency=abc")))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("presence.latency: must be a number of seconds, or a mapping");
    }
}
