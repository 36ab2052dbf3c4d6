package dev.switchboard.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.kpi.AgentKpis;
import dev.switchboard.core.kpi.CallKpis;
import dev.switchboard.core.kpi.IntervalKpis;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.report.JsonReport;
import dev.switchboard.sim.report.ModeResult;
import dev.switchboard.sim.report.SimulationReport;
import dev.switchboard.sim.scenario.LoadedScenario;
import dev.switchboard.sim.scenario.ScenarioLoader;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's models, one at a time, on small scenarios. */
class SimulationTest {

    /** 6 agents, 40 calls/h of 4 minutes: busy but far from overloaded. */
    private static final String BASE = """
            seed: 11
            day: {start: "08:00", hours: 8, days: 5}
            services:
              line:
                calls_per_hour: 40
                handle_time: {distribution: exponential, mean_seconds: 240}
                after_call_work_seconds: 20
            agents:
              a:
                count: 6
            """;

    private static SimulationReport run(String yaml, String... sets) {
        LoadedScenario s = ScenarioLoader.parse(yaml, "test", List.of(sets));
        SimulationReport report = Simulator.run(s, null);
        for (ModeResult m : report.modes()) {
            assertThat(m.truth().rejectedCommands())
                    .as("mode %s: %s", m.mode(), m.truth().firstRejection())
                    .isZero();
            assertThat(m.truth().offersToAgentsInSwitchboardCall()).isZero();
        }
        return report;
    }

    private static ModeResult one(String yaml, String... sets) {
        return run(yaml, sets).modes().get(0);
    }

    @Test
    void everyCallerIsAccountedForAndWrapUpFollowsTheServiceConfiguration() {
        ModeResult r = one(BASE);
        CallKpis c = r.calls();
        assertThat(c.offered()).isBetween(1400L, 1800L); // 1,600 expected
        assertThat(c.answered()).isEqualTo(c.offered()); // nobody hangs up, the queue drains at closing
        assertThat(c.completed()).isEqualTo(c.answered());
        assertThat(c.afterCallWorkSeconds()).isCloseTo(20.0 * c.completed(), within(1e-3 * c.completed()));
        assertThat(r.erlang()).as("after-call work makes it no M/M/c").isNull();
        // Agents sign in at 08:00 and out at 16:00 (or a little later while the queue drains).
        for (AgentKpis a : r.kpis().agents().values()) {
            assertThat(a.staffedSeconds()).isBetween(5 * 8 * 3600.0, 5 * 8 * 3600.0 + 5 * 1800);
        }
    }

    @Test
    void shorterRealWrapUpEndsItEarlyAndLongerExtendsIt() {
        ModeResult shorter = one(BASE, "agents.a.after_call_work=8");
        assertThat(shorter.calls().afterCallWorkSeconds())
                .isCloseTo(
                        8.0 * shorter.calls().completed(),
                        within(1e-3 * shorter.calls().completed()));
        ModeResult longer = one(BASE, "agents.a.after_call_work=45");
        assertThat(longer.calls().afterCallWorkSeconds())
                .isCloseTo(
                        45.0 * longer.calls().completed(),
                        within(1e-3 * longer.calls().completed()));
    }

    @Test
    void unansweredOffersPutAgentsIntoRona() {
        ModeResult r = one(
                BASE,
                "agents.a.answer={delay: {distribution: uniform, min_seconds: 2, max_seconds: 10}, "
                        + "no_answer_probability: 0.2}",
                "services.line.rona={enabled: true, reset_seconds: 60}");
        long offers = r.truth().offers();
        // Binomial(offers, 0.2): 5 standard deviations either way.
        double sd = Math.sqrt(offers * 0.2 * 0.8);
        assertThat((double) r.kpis().ronaCount()).isCloseTo(0.2 * offers, within(5 * sd));
        long missed =
                r.kpis().agents().values().stream().mapToLong(AgentKpis::missed).sum();
        assertThat(missed).isEqualTo(r.kpis().ronaCount());
        assertThat(r.calls().waited()).isPositive();
        // Every answered call rang 2-10 s first.
        assertThat(r.calls().asaSeconds()).isGreaterThan(2.0);
    }

    @Test
    void theHourlyProfileShapesTheArrivals() {
        ModeResult r = one(
                BASE,
                "day={start: '08:00', hours: 3, days: 40}",
                "services.line.hourly_profile={'08': 2, '09': 0, '10': 1}",
                "agents.a.count=20");
        long[] byHour = new long[24];
        for (IntervalKpis i : r.kpis().services().values().iterator().next().intervals()) {
            byHour[i.start().atZone(ZoneOffset.UTC).getHour()] += i.calls().offered();
        }
        assertThat(byHour[9]).isZero();
        // 80 and 40 calls per hour over 40 days: 3,200 ± 57 and 1,600 ± 40.
        assertThat(byHour[8]).isBetween(3200L - 285, 3200L + 285);
        assertThat(byHour[10]).isBetween(1600L - 200, 1600L + 200);
        assertThat(byHour[7] + byHour[11]).isZero();
    }

    @Test
    void shiftsDecideWhoIsSignedIn() {
        ModeResult r = one(BASE + """
                          late:
                            count: 3
                            shift: {start: "12:00", end: "16:00"}
                        """, "agents.a.shift={start: '08:00', end: '12:00'}");
        for (var e : r.kpis().agents().entrySet()) {
            // 4 h a day for 5 days, plus at most a few minutes a day finishing a call or draining the queue.
            assertThat(e.getValue().staffedSeconds())
                    .as(e.getKey().value())
                    .isBetween(5 * 4 * 3600.0, 5 * 4 * 3600.0 + 5 * 1800);
            assertThat(e.getValue().answered()).as(e.getKey().value()).isPositive();
        }
    }

    @Test
    void impatientCallersHangUpInQueueOrWhileRinging() {
        ModeResult r = one(
                BASE,
                "services.line.patience={distribution: exponential, mean_seconds: 30}",
                "agents.a.count=4",
                "agents.a.answer={delay: 8}");
        CallKpis c = r.calls();
        assertThat(c.abandoned()).isPositive();
        assertThat(c.abandonedWhileRinging()).isPositive();
        assertThat(c.abandonedInQueue()).isPositive();
        assertThat(c.answered() + c.abandoned()).isEqualTo(c.offered());
    }

    @Test
    void agentsOnThePhoneCanDecline() {
        String coarseBusy = """
                  a:
                    count: 6
                    personal_calls: {per_hour: 2, duration: {distribution: fixed, seconds: 600}}
                    when_offered_in_call: decline
                    decline_delay: 2
                presence: {source: coarse}
                """;
        String yaml = BASE.substring(0, BASE.indexOf("agents:")) + "    policy: {distributed: [available, busy], "
                + "coarse_busy: true}\nagents:\n" + coarseBusy;
        ModeResult r = one(yaml);
        long declined = r.kpis().agents().values().stream()
                .mapToLong(AgentKpis::declined)
                .sum();
        assertThat(r.truth().offersToAgentsInCall()).isPositive();
        assertThat(declined).isEqualTo(r.truth().offersToAgentsInCall());
        assertThat(r.truth().outsideLatencyWindow()).isEqualTo(r.truth().offersToAgentsInCall());
    }

    @Test
    void broadcastRingsSeveralAgentsAndTheFirstAnswerWins() {
        ModeResult r = one(
                BASE,
                "services.line.distribution_type=broadcast",
                "services.line.batch_size=3",
                "agents.a.answer={delay: {distribution: uniform, min_seconds: 1, max_seconds: 12}}");
        assertThat(r.calls().answered()).isEqualTo(r.calls().offered());
        assertThat(r.truth().offers()).isGreaterThan(2 * r.calls().offered());
        assertThat(r.kpis().ronaCount()).isZero();
        // Every ring stops when the first agent answers: with three answer delays uniform in 1-12 s
        // that is after 3.75 s on average, against 6.5 s for one agent alone.
        double ring = r.kpis().agents().values().stream()
                .mapToDouble(AgentKpis::ringSeconds)
                .sum();
        assertThat(ring / r.truth().offers()).isBetween(3.0, 5.0);
    }

    @Test
    void onlyAnOverloadedQueueHitsTheCoresLimits() {
        // 5 agents for 6.7 Erlangs: Erlang C has no steady state; the queue fills to its limits.
        ModeResult r = Simulator.run(Simulator.plain(5, 100, 240, 50, 20, null, 3), null)
                .modes()
                .get(0);
        assertThat(r.erlang().stable()).isFalse();
        assertThat(r.calls().overflowed() + r.calls().timedOut()).isPositive();
        ObjectNode json = JsonReport.tree(Simulator.run(Simulator.plain(5, 100, 240, 5, 20, null, 3), null));
        assertThat(json.get("erlang").get("stable").asBoolean()).isFalse();
        assertThat(json.get("erlang").get("service_level").isNull()).isTrue();
    }

    @Test
    void theQueueingModelIsNamedOnlyWhereItApplies() {
        assertThat(Simulator.run(ScenarioLoader.load("textbook", List.of("day.hours=1")), null)
                        .modes()
                        .get(0)
                        .erlang()
                        .model())
                .isEqualTo("erlang-c");
        assertThat(Simulator.run(ScenarioLoader.load("impatient", List.of("day.hours=1")), null)
                        .modes()
                        .get(0)
                        .erlang()
                        .model())
                .isEqualTo("erlang-a");
        // Ring time, wrap-up, meetings, lognormal talk: no closed formula.
        assertThat(Simulator.run(ScenarioLoader.load("presence-dilemma", List.of()), null)
                        .modes())
                .allSatisfy(m -> assertThat(m.erlang()).isNull());
        // Exponential handle time but a ring delay: not M/M/c either.
        assertThat(one(BASE, "services.line.after_call_work_seconds=0", "day.days=1", "agents.a.answer={delay: 3}")
                        .erlang())
                .isNull();
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherOne() {
        String a = withoutTimings(JsonReport.tree(run(BASE)));
        String b = withoutTimings(JsonReport.tree(run(BASE)));
        String c = withoutTimings(JsonReport.tree(run(BASE, "seed=12")));
        assertThat(a).isEqualTo(b);
        assertThat(c).isNotEqualTo(a);
    }

    private static String withoutTimings(ObjectNode json) {
        json.remove(List.of("wall_seconds", "calls_per_wall_second", "cpu_seconds", "calls_per_cpu_second"));
        return json.toString();
    }

    @Test
    void agentsReachTheCoreUnderTheirOwnIds() {
        ModeResult r = one(BASE, "day.days=1");
        assertThat(r.kpis().agents().keySet()).contains(AgentId.of("a-01"), AgentId.of("a-06"));
        assertThat(r.kpis().agents()).hasSize(6);
    }
}
