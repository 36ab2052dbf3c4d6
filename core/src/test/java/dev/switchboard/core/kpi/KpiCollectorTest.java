package dev.switchboard.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.testing.Scenario;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KPIs folded from the events of the real core, driven through commands on a virtual clock. */
class KpiCollectorTest {

    private static final ServiceId SALES = ServiceId.of("sales");
    private static final AgentId ANNA = AgentId.of("anna");

    private static KpiReport fold(Scenario s, Duration interval) {
        KpiCollector kpis = new KpiCollector(Scenario.T0, interval);
        kpis.acceptAll(s.events());
        return kpis.report(s.now());
    }

    /** One agent, target 20 s, default 20 s after-call work. */
    private static Scenario oneAgent() {
        return Scenario.start()
                .agents("anna")
                .available("anna")
                .service("sales", b -> b.member("anna").serviceLevelTarget(Duration.ofSeconds(20)));
    }

    @Test
    void serviceLevelSpeedOfAnswerAbandonmentAndQueueTime() {
        Scenario s = oneAgent();
        s.call("c1", "sales").afterSeconds(5).accept("c1", "anna"); // waited 5 s
        s.afterSeconds(5).call("c2", "sales"); // t = 10, anna talks
        s.call("c3", "sales");
        s.afterSeconds(15).hangUp("c3"); // t = 25, abandoned after 15 s in queue
        s.afterSeconds(40).end("c1"); // t = 65: talked 60 s, after-call work until 85
        s.afterSeconds(20); // t = 85: c2 is offered
        assertThat(s.offeredTo("c2")).containsExactly("anna");
        s.afterSeconds(2).accept("c2", "anna"); // t = 87: waited 77 s
        s.afterSeconds(100).end("c2"); // t = 187
        s.afterSeconds(20); // t = 207, after-call work over

        KpiReport r = fold(s, null);
        CallKpis calls = r.services().get(SALES).calls();
        assertThat(calls.offered()).isEqualTo(3);
        assertThat(calls.answered()).isEqualTo(2);
        assertThat(calls.answeredWithinTarget()).isEqualTo(1);
        assertThat(calls.serviceLevel()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(calls.asaSeconds()).isCloseTo((5 + 77) / 2.0, within(1e-9));
        assertThat(calls.maxAnswerWaitSeconds()).isCloseTo(77, within(1e-9));
        assertThat(calls.abandoned()).isEqualTo(1);
        assertThat(calls.abandonedInQueue()).isEqualTo(1);
        assertThat(calls.abandonRate()).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(calls.meanQueueSeconds()).isCloseTo((5 + 77 + 15) / 3.0, within(1e-9));
        // c1 was offered at once (it only rang 5 s); c2 and c3 had to wait for an agent.
        assertThat(calls.waited()).isEqualTo(2);
        assertThat(calls.meanTalkSeconds()).isCloseTo((60 + 100) / 2.0, within(1e-9));
        assertThat(calls.afterCallWorkSeconds()).isCloseTo(40, within(1e-9));
        assertThat(calls.reachability()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(r.services().get(SALES).target()).isEqualTo(Duration.ofSeconds(20));

        AgentKpis anna = r.agents().get(ANNA);
        assertThat(anna.offers()).isEqualTo(2);
        assertThat(anna.answered()).isEqualTo(2);
        assertThat(anna.talkSeconds()).isCloseTo(160, within(1e-9));
        assertThat(anna.afterCallWorkSeconds()).isCloseTo(40, within(1e-9));
        assertThat(anna.ringSeconds()).isCloseTo(7, within(1e-9));
        assertThat(anna.staffedSeconds()).isCloseTo(207, within(1e-9));
        assertThat(anna.occupancy()).isCloseTo(200 / 207.0, within(1e-12));
        assertThat(r.occupancy()).isCloseTo(anna.occupancy(), within(1e-12));
        assertThat(r.allCalls()).isEqualTo(calls);
    }

    @Test
    void openConversationsCountUpToTheReportTime() {
        Scenario s = oneAgent();
        s.call("c1", "sales").accept("c1", "anna").afterSeconds(30);
        KpiReport r = fold(s, null);
        assertThat(r.agents().get(ANNA).talkSeconds()).isCloseTo(30, within(1e-9));
        CallKpis calls = r.allCalls();
        assertThat(calls.offered()).isEqualTo(1);
        assertThat(calls.answered()).isEqualTo(1);
        assertThat(calls.completed()).isZero();
    }

    @Test
    void noAnswerCountsAsMissedAndRona() {
        Scenario s = oneAgent();
        s.call("c1", "sales").afterSeconds(30); // alert time: missed, RONA 10 min
        s.afterSeconds(10).hangUp("c1");
        KpiReport r = fold(s, null);
        AgentKpis anna = r.agents().get(ANNA);
        assertThat(anna.offers()).isEqualTo(1);
        assertThat(anna.missed()).isEqualTo(1);
        assertThat(anna.ronaCount()).isEqualTo(1);
        assertThat(anna.reachability()).isZero();
        assertThat(anna.ringSeconds()).isCloseTo(30, within(1e-9));
        assertThat(r.ronaCount()).isEqualTo(1);
        CallKpis calls = r.allCalls();
        assertThat(calls.ronaCount()).isEqualTo(1);
        assertThat(calls.abandoned()).isEqualTo(1);
        assertThat(calls.abandonedInQueue()).isEqualTo(1);
        assertThat(calls.waited()).isZero(); // it was offered at once, it just was not answered
        assertThat(calls.serviceLevel()).isZero();
    }

    @Test
    void broadcastCountsEveryAgentRungAndCancelledRingsStop() {
        Scenario s = Scenario.start().agents("a1", "a2", "a3").available("a1", "a2", "a3");
        s.service(
                "sales",
                b -> b.member("a1")
                        .member("a2")
                        .member("a3")
                        .distributionType(DistributionType.BROADCAST)
                        .batchSize(3));
        s.call("c1", "sales").afterSeconds(4).accept("c1", "a2");
        KpiReport r = fold(s, null);
        assertThat(r.allCalls().offers()).isEqualTo(3);
        assertThat(r.agents().get(AgentId.of("a1")).ringSeconds()).isCloseTo(4, within(1e-9));
        assertThat(r.agents().get(AgentId.of("a1")).answered()).isZero();
        assertThat(r.agents().get(AgentId.of("a2")).answered()).isEqualTo(1);
        assertThat(r.ronaCount()).isZero();
    }

    @Test
    void abandonedWhileRinging() {
        Scenario s = oneAgent();
        s.call("c1", "sales").afterSeconds(3).hangUp("c1");
        CallKpis calls = fold(s, null).allCalls();
        assertThat(calls.abandonedWhileRinging()).isEqualTo(1);
        assertThat(calls.abandonedInQueue()).isZero();
        assertThat(calls.meanQueueSeconds()).isCloseTo(3, within(1e-9));
    }

    @Test
    void overflowAndTimeoutAreCountedAsOfferedButNotAnswered() {
        Scenario s = Scenario.start().agents("anna");
        s.service(
                "sales",
                b -> b.member("anna")
                        .queue(dev.switchboard.core.model.QueueSettings.defaults()
                                .withMaxSize(1)
                                .withMaxWait(Duration.ofSeconds(60))));
        s.call("c1", "sales").call("c2", "sales"); // anna is offline: c1 waits, c2 overflows
        s.afterSeconds(60); // c1 times out
        CallKpis calls = fold(s, null).allCalls();
        assertThat(calls.offered()).isEqualTo(2);
        assertThat(calls.overflowed()).isEqualTo(1);
        assertThat(calls.timedOut()).isEqualTo(1);
        assertThat(calls.answered()).isZero();
        assertThat(calls.waited()).isEqualTo(2);
        assertThat(calls.queueTimeSeconds()).isCloseTo(60, within(1e-9));
    }

    @Test
    void callsCountInTheIntervalTheyArrivedIn() {
        Scenario s = oneAgent();
        s.call("c1", "sales").accept("c1", "anna");
        s.afterSeconds(10).call("c2", "sales"); // waits
        s.afterSeconds(15 * 60); // into the next quarter hour
        s.end("c1").afterSeconds(20); // c2 offered after 15 min 30 s of waiting
        s.accept("c2", "anna");
        s.call("c3", "sales").hangUp("c3");
        KpiReport r = fold(s, Duration.ofMinutes(15));
        List<IntervalKpis> intervals = r.services().get(SALES).intervals();
        assertThat(intervals).hasSize(2);
        assertThat(intervals.get(0).start()).isEqualTo(Scenario.T0);
        assertThat(intervals.get(0).end()).isEqualTo(Scenario.T0.plus(Duration.ofMinutes(15)));
        assertThat(intervals.get(0).calls().offered()).isEqualTo(2);
        assertThat(intervals.get(0).calls().answered()).isEqualTo(2);
        assertThat(intervals.get(0).calls().answeredWithinTarget()).isEqualTo(1);
        assertThat(intervals.get(1).calls().offered()).isEqualTo(1);
        assertThat(intervals.get(1).calls().abandoned()).isEqualTo(1);
    }

    @Test
    void callsBeforeThePeriodAreIgnoredAndAgentTimeIsClipped() {
        Scenario s = oneAgent();
        s.call("c1", "sales").accept("c1", "anna").afterSeconds(100);
        KpiCollector kpis = new KpiCollector(Scenario.T0.plusSeconds(40));
        kpis.acceptAll(s.events());
        s.events().clear();
        s.call("c2", "sales"); // anna talks: c2 waits
        kpis.acceptAll(s.events());
        KpiReport r = kpis.report(s.now());
        assertThat(r.allCalls().offered()).isEqualTo(1);
        assertThat(r.allCalls().answered()).isZero();
        assertThat(r.agents().get(ANNA).talkSeconds()).isCloseTo(60, within(1e-9));
        assertThat(r.agents().get(ANNA).staffedSeconds()).isCloseTo(60, within(1e-9));
        assertThat(r.agents().get(ANNA).answered()).isZero();
    }

    @Test
    void staffedTimeFollowsThePresenceThatCountsThroughAFailover() {
        Scenario s = oneAgent(); // detailed Available from T0
        s.coarse("anna", Availability.OFFLINE); // federation sees nothing; detailed wins
        s.afterSeconds(100);
        s.send(new Command.PresenceTrackingChanged(s.now(), List.of(), Fidelity.DETAILED, false, "accounts", "down"));
        s.afterSeconds(50); // coarse Offline counts now: not staffed
        s.send(new Command.PresenceTrackingChanged(s.now(), List.of(), Fidelity.DETAILED, true, "accounts", "back"));
        s.afterSeconds(30);
        KpiReport r = fold(s, null);
        assertThat(r.agents().get(ANNA).staffedSeconds()).isCloseTo(130, within(1e-9));
        assertThat(r.occupancy()).isZero();
    }

    @Test
    void sumsAddCountsAndKeepTheLongestWait() {
        Scenario s = oneAgent();
        s.call("c1", "sales").afterSeconds(5).accept("c1", "anna");
        s.call("c2", "sales").afterSeconds(30).hangUp("c2");
        CallKpis one = fold(s, null).allCalls();
        CallKpis two = CallKpis.sum(List.of(one, one));
        assertThat(two.offered()).isEqualTo(4);
        assertThat(two.abandoned()).isEqualTo(2);
        assertThat(two.answerWaitSeconds()).isCloseTo(10, within(1e-9));
        assertThat(two.maxAnswerWaitSeconds()).isCloseTo(5, within(1e-9));
        assertThat(two.serviceLevel()).isEqualTo(one.serviceLevel());
        assertThat(CallKpis.sum(List.of()).serviceLevel()).isNaN();
    }
}
