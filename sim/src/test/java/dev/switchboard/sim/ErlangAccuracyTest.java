package dev.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.core.kpi.CallKpis;
import dev.switchboard.sim.erlang.Prediction;
import dev.switchboard.sim.report.ModeResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain M/M/c simulation — the real core routing Poisson callers to always-Available agents —
 * against Erlang C, and with exponential patience against Erlang A (research notes §6.4).
 *
 * <p>Why these run lengths and margins: near full load, waits are correlated over tens of minutes,
 * so the run-to-run spread shrinks only with simulated time. Measured over 8–12 seeds: at 500 h the
 * standard deviation of ASA is 7.5 % (55 agents) and 6.9 % (35 agents), of the service level 0.6–0.7
 * points; 8 agents: ASA 8.9 %, SL 0.5 points; Erlang A at 250 h: abandonment 0.21 points, SL 0.87
 * points, ASA 3.8 %. Spreads fall with the square root of the run length, so the lengths below put
 * every tolerance (SL ±2 points, ASA ±10 %, abandonment ±1 point) at 3.5 standard deviations or
 * more; a fixed seed makes each run reproducible. The cases run two at a time (two cores).
 */
class ErlangAccuracyTest {

    private record Case(
            int agents, double callsPerHour, double handleSeconds, double target, Double patience, double hours) {}

    private static final long SEED = 20260105L;
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        // Case 1, the textbook example: Erlang C 84.6 %, 8.2 s. At 4,000 h: ASA ±2.7 %, SL ±0.21 points.
        CASES.put("textbook-55", new Case(55, 720, 240, 15, null, 4000));
        // Case 2: Erlang C 83.7 %, 10.2 s. At 4,000 h: ASA ±2.4 %, SL ±0.24 points.
        CASES.put("case2-35", new Case(35, 600, 180, 20, null, 4000));
        // A small team at lighter load (ρ = 0.625). At 5,000 h: ASA ±2.8 %, SL ±0.17 points.
        CASES.put("small-8", new Case(8, 100, 180, 20, null, 5000));
        // Case 3, Erlang A: 7.99 % abandon, SL 74.9 %. At 1,000 h: abandon ±0.11, SL ±0.44 points, ASA ±1.9 %.
        CASES.put("case3-30-impatient", new Case(30, 600, 180, 20, 120.0, 1000));
    }

    private static final Map<String, ModeResult> RESULTS = new LinkedHashMap<>();

    @BeforeAll
    static void simulate() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Map<String, Future<ModeResult>> running = new LinkedHashMap<>();
            CASES.forEach((name, c) -> running.put(
                    name,
                    pool.submit(() -> Simulator.run(
                                    Simulator.plain(
                                            c.agents(),
                                            c.callsPerHour(),
                                            c.handleSeconds(),
                                            c.hours(),
                                            c.target(),
                                            c.patience(),
                                            SEED),
                                    null)
                            .modes()
                            .get(0))));
            for (Map.Entry<String, Future<ModeResult>> e : running.entrySet()) {
                RESULTS.put(e.getKey(), e.getValue().get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void report() {
        // The figures behind docs/SIMULATOR.md's accuracy table, in the test output.
        RESULTS.forEach((name, r) -> System.out.printf(
                java.util.Locale.ROOT,
                "%-20s seed %d: offered %d, SL %.4f (Erlang %.4f), ASA %.3f s (%.3f s), abandon %.4f (%.4f), "
                        + "P(wait) %.4f (%.4f), occupancy %.4f (%.4f); %.0f calls per CPU second%n",
                name,
                SEED,
                r.calls().offered(),
                r.calls().serviceLevel(),
                r.erlang().serviceLevel(),
                r.calls().asaSeconds(),
                r.erlang().asaSeconds(),
                r.calls().abandonRate(),
                r.erlang().abandonRate(),
                r.calls().probabilityOfWaiting(),
                r.erlang().probabilityOfWaiting(),
                r.occupancy(),
                r.erlang().occupancy(),
                r.callsPerCpuSecond()));
    }

    private static void assertAgreesWithErlangC(String name, double expectedSl, double expectedAsa) {
        ModeResult r = RESULTS.get(name);
        CallKpis c = r.calls();
        Prediction p = r.erlang();
        String seed = "case " + name + ", seed " + SEED;
        assertThat(p.model()).isEqualTo("erlang-c");
        assertThat(p.serviceLevel()).as("Erlang C for " + name).isCloseTo(expectedSl, within(0.0005));
        assertThat(p.asaSeconds()).as("Erlang C for " + name).isCloseTo(expectedAsa, within(0.05));
        assertThat(c.serviceLevel()).as(seed + ": service level").isCloseTo(p.serviceLevel(), within(0.02));
        assertThat(c.asaSeconds()).as(seed + ": ASA").isCloseTo(p.asaSeconds(), within(0.10 * p.asaSeconds()));
        assertThat(c.probabilityOfWaiting()).as(seed + ": P(wait)").isCloseTo(p.probabilityOfWaiting(), within(0.02));
        assertThat(r.occupancy()).as(seed + ": occupancy").isCloseTo(p.occupancy(), within(0.01));
        // Nobody gives up, and the core's queue limits (200 waiting, 2,700 s) are never reached.
        assertThat(c.abandoned() + c.timedOut() + c.overflowed()).as(seed).isZero();
        assertThat(c.answered()).as(seed).isEqualTo(c.offered());
        assertThat(r.truth().rejectedCommands())
                .as(seed + ": " + r.truth().firstRejection())
                .isZero();
        assertThat(c.offered())
                .as(seed + ": Poisson arrivals")
                .isCloseTo(
                        Math.round(
                                CASES.get(name).callsPerHour() * CASES.get(name).hours()),
                        within(Math.round(5
                                * Math.sqrt(CASES.get(name).callsPerHour()
                                        * CASES.get(name).hours()))));
    }

    @Test
    void textbookCaseAgreesWithErlangC() {
        assertAgreesWithErlangC("textbook-55", 0.846, 8.2);
    }

    @Test
    void thirtyErlangsOnThirtyFiveAgentsAgreesWithErlangC() {
        assertAgreesWithErlangC("case2-35", 0.837, 10.2);
    }

    @Test
    void aSmallTeamAtLighterLoadAgreesWithErlangC() {
        ModeResult r = RESULTS.get("small-8");
        assertAgreesWithErlangC("small-8", r.erlang().serviceLevel(), r.erlang().asaSeconds());
        assertThat(r.erlang().offeredLoad()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void impatientCallersAgreeWithErlangA() {
        ModeResult r = RESULTS.get("case3-30-impatient");
        CallKpis c = r.calls();
        Prediction p = r.erlang();
        String seed = "seed " + SEED;
        assertThat(p.model()).isEqualTo("erlang-a");
        assertThat(p.abandonRate()).isCloseTo(0.0799, within(0.00005));
        assertThat(c.abandonRate()).as(seed + ": abandon rate").isCloseTo(p.abandonRate(), within(0.01));
        assertThat(c.serviceLevel()).as(seed + ": service level").isCloseTo(p.serviceLevel(), within(0.02));
        assertThat(c.asaSeconds()).as(seed + ": ASA").isCloseTo(p.asaSeconds(), within(0.10 * p.asaSeconds()));
        assertThat(c.meanQueueSeconds())
                .as(seed + ": mean time in queue")
                .isCloseTo(p.meanQueueSeconds(), within(0.10 * p.meanQueueSeconds()));
        assertThat(c.probabilityOfWaiting()).as(seed + ": P(wait)").isCloseTo(p.probabilityOfWaiting(), within(0.02));
        assertThat(c.timedOut() + c.overflowed()).as(seed).isZero();
        assertThat(c.answered() + c.abandoned()).as(seed).isEqualTo(c.offered());
    }
}
