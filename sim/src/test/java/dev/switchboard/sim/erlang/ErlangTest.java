package dev.switchboard.sim.erlang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Erlang C and Erlang A against the reference tables of the research notes (§6.4), which were
 * computed independently and confirmed by a separate simulation, and against each other.
 */
class ErlangTest {

    @Nested
    class ErlangCReference {
        /** Case 1: 360 calls per 30 min, AHT 240 s (A = 48 Erl), target 15 s. */
        @ParameterizedTest
        @CsvSource({
            "53, 0.3765, 18.1, 0.725, 0.906",
            "54, 0.3013, 12.1, 0.793, 0.889",
            "55, 0.2387,  8.2, 0.846, 0.873",
            "56, 0.1872,  5.6, 0.886, 0.857"
        })
        void textbookCase(int agents, double pWait, double asa, double sl, double occupancy) {
            Prediction p = ErlangC.predict(agents, 360.0 / 1800, 240, 15);
            assertThat(p.offeredLoad()).isCloseTo(48.0, within(1e-9));
            assertThat(p.probabilityOfWaiting()).isCloseTo(pWait, within(0.00005));
            assertThat(p.asaSeconds()).isCloseTo(asa, within(0.05));
            assertThat(p.serviceLevel()).isCloseTo(sl, within(0.0005));
            assertThat(p.occupancy()).isCloseTo(occupancy, within(0.0005));
            assertThat(p.abandonRate()).isZero();
        }

        /** Case 2: 600 calls/h, AHT 180 s (A = 30 Erl), target 20 s. */
        @ParameterizedTest
        @CsvSource({"33, 0.4905, 29.4, 0.649", "34, 0.3764, 16.9, 0.759", "35, 0.2846, 10.2, 0.837"})
        void thirtyErlangs(int agents, double pWait, double asa, double sl) {
            Prediction p = ErlangC.predict(agents, 600.0 / 3600, 180, 20);
            assertThat(p.probabilityOfWaiting()).isCloseTo(pWait, within(0.00005));
            assertThat(p.asaSeconds()).isCloseTo(asa, within(0.05));
            assertThat(p.serviceLevel()).isCloseTo(sl, within(0.0005));
        }

        /** Case 4: Herzog's ErlangCTest oracle, λ = 3.5/min, AHT 3 min, 13 agents: Wq = 26.56 s. */
        @Test
        void herzogOracle() {
            Prediction p = ErlangC.predict(13, 3.5 / 60, 180, 20);
            assertThat(p.asaSeconds()).isCloseTo(26.56, within(0.005));
        }

        @Test
        void erlangBRecursionMatchesTheClosedFormForSmallCases() {
            // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
            assertThat(ErlangC.erlangB(2, 1.0)).isCloseTo(0.2, within(1e-15));
            assertThat(ErlangC.erlangB(1, 3.0)).isCloseTo(0.75, within(1e-15));
        }

        @Test
        void staysFiniteForThousandsOfAgents() {
            Prediction p = ErlangC.predict(2000, 1900.0 / 240, 240, 20);
            assertThat(p.stable()).isTrue();
            assertThat(p.probabilityOfWaiting()).isBetween(0.0, 1.0);
            assertThat(p.serviceLevel()).isBetween(0.0, 1.0);
        }

        @Test
        void hasNoSteadyStateWhenTheLoadReachesTheAgents() {
            Prediction p = ErlangC.predict(48, 360.0 / 1800, 240, 15);
            assertThat(p.stable()).isFalse();
            assertThat(p.serviceLevel()).isNaN();
            assertThat(ErlangC.probabilityOfWaiting(48, 48.0)).isEqualTo(1.0);
        }

        @Test
        void refusesNonsense() {
            assertThatThrownBy(() -> ErlangC.predict(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ErlangC.erlangB(3, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class ErlangAReference {
        /** Case 3: 600 calls/h, AHT 180 s, mean patience 120 s, target 20 s. */
        @ParameterizedTest
        @CsvSource({"30, 0.4766, 0.0799, 9.6, 0.749", "31, 0.4108, 0.0643, 7.7, 0.799", "32, 0.3476, 0.0510, 6.1, 0.842"
        })
        void thirtyErlangsWithPatience(int agents, double pWait, double pAbandon, double meanWait, double sl) {
            Prediction p = ErlangA.predict(agents, 600.0 / 3600, 180, 120, 20);
            assertThat(p.probabilityOfWaiting()).isCloseTo(pWait, within(0.00005));
            assertThat(p.abandonRate()).isCloseTo(pAbandon, within(0.00005));
            assertThat(p.meanQueueSeconds()).isCloseTo(meanWait, within(0.05));
            assertThat(p.serviceLevel()).isCloseTo(sl, within(0.0005));
        }

        /** Case 4: Herzog's oracle with mean patience 5 min: mean wait 9.91 s. */
        @Test
        void herzogOracleWithPatience() {
            Prediction p = ErlangA.predict(13, 3.5 / 60, 180, 300, 20);
            assertThat(p.meanQueueSeconds()).isCloseTo(9.91, within(0.005));
        }

        @Test
        void abandonmentAgreesWithTheCallersWhoAreNeverServed() {
            // θ·E[Q]/λ (Little) and Σ π_{N+k}·(1 − P(served | k)) are two routes to the same number.
            Prediction p = ErlangA.predict(30, 600.0 / 3600, 180, 120, 20);
            double servedShare = p.occupancy() * 30 / 30.0; // carried load / offered load
            assertThat(1 - servedShare).isCloseTo(p.abandonRate(), within(1e-12));
        }

        @Test
        void approachesErlangCAsPatienceGrows() {
            Prediction c = ErlangC.predict(35, 600.0 / 3600, 180, 20);
            Prediction a = ErlangA.predict(35, 600.0 / 3600, 180, 1e9, 20);
            assertThat(a.probabilityOfWaiting()).isCloseTo(c.probabilityOfWaiting(), within(1e-5));
            assertThat(a.asaSeconds()).isCloseTo(c.asaSeconds(), within(1e-3));
            assertThat(a.serviceLevel()).isCloseTo(c.serviceLevel(), within(1e-5));
            assertThat(a.abandonRate()).isLessThan(1e-6);
        }

        @Test
        void isStableEvenWhenTheLoadExceedsTheAgents() {
            Prediction p = ErlangA.predict(20, 600.0 / 3600, 180, 120, 20);
            assertThat(p.stable()).isTrue();
            assertThat(p.abandonRate()).isBetween(0.2, 0.6);
            assertThat(p.serviceLevel()).isBetween(0.0, 1.0);
            assertThat(p.occupancy()).isLessThan(1.0);
        }

        @Test
        void anAnswerWithinZeroSecondsMeansNotWaitingAtAll() {
            Prediction p = ErlangA.predict(31, 600.0 / 3600, 180, 120, 0);
            assertThat(p.serviceLevel()).isCloseTo(1 - p.probabilityOfWaiting(), within(1e-12));
        }

        @Test
        void theMeanWaitOfAnsweredCallersIsBelowTheWaitOfAll() {
            // The callers who give up are the ones who would have waited longest.
            Prediction p = ErlangA.predict(30, 600.0 / 3600, 180, 120, 20);
            assertThat(p.asaSeconds()).isLessThan(p.meanQueueSeconds() / (1 - p.abandonRate()));
            assertThat(p.asaSeconds()).isGreaterThan(0);
        }
    }
}
