package dev.switchboard.core.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.testing.RandomWalk;
import dev.switchboard.core.testing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The KPIs of time ranges, with the store's definitions, from a collector with history. */
class KpiRangesTest {
    private static final ServiceId SALES = ServiceId.of("sales");

    private static KpiCollector history(List<Event> events) {
        KpiCollector kpis = KpiCollector.withHistory(Duration.ofDays(8), 500_000, 50_000);
        kpis.acceptAll(events);
        return kpis;
    }

    @Test
    void serviceLevelSpeedOfAnswerAbandonAndOccupancyCheckedByHand() {
        Scenario s = Scenario.start()
                .agents("anna")
                .service(
                        "sales",
                        b -> b.member("anna")
                                .serviceLevelTarget(Duration.ofSeconds(20))
                                .afterCallWork(Duration.ofSeconds(10)))
                .available("anna");
        Instant t0 = s.now();
        // Call 1: answered after 5 s, talks 60 s, 10 s wrap-up.
        s.call("c1", "sales")
                .afterSeconds(5)
                .accept("c1", "anna")
                .afterSeconds(60)
                .end("c1");
        s.afterSeconds(10);
        // Call 2: rings, anna declines after 5 s (RONA), the caller hangs up 30 s later.
        s.call("c2", "sales")
                .afterSeconds(5)
                .decline("c2", "anna")
                .afterSeconds(30)
                .hangUp("c2");
        // Call 3: waits 25 s (anna in RONA) and is then answered after a manual reset.
        s.call("c3", "sales").afterSeconds(25);
        s.send(new Command.ResetRona(s.now(), AgentId.of("anna")));
        s.accept("c3", "anna").afterSeconds(40).end("c3").afterSeconds(10);
        Instant end = s.now();

        KpiCollector kpis = history(s.events());
        RangeKpis r = kpis.kpis(t0, end, end);

        RangeKpis.ServiceFigures sales = r.services().get(0);
        assertThat(sales.service()).isEqualTo(SALES);
        assertThat(sales.offered()).isEqualTo(3);
        assertThat(sales.queued()).isEqualTo(3);
        assertThat(sales.handled()).isEqualTo(2);
        assertThat(sales.abandoned()).isEqualTo(1);
        assertThat(sales.answeredWithinTarget()).isEqualTo(1);
        assertThat(sales.serviceLevel()).isEqualTo(1.0 / 3);
        assertThat(sales.averageSpeedOfAnswer()).isEqualTo(Duration.ofMillis((5_000 + 25_000) / 2));
        assertThat(sales.averageTalkTime()).isEqualTo(Duration.ofSeconds(50));
        assertThat(sales.averageQueueTime()).isEqualTo(Duration.ofMillis((5_000 + 35_000 + 25_000) / 3));
        assertThat(sales.reachability()).isEqualTo(2.0 / 3);
        assertThat(sales.ronaCount()).isEqualTo(1);
        assertThat(sales.talkTime()).isEqualTo(Duration.ofSeconds(100));
        assertThat(sales.active()).isZero();

        RangeKpis.AgentFigures anna = r.agents().get(0);
        assertThat(anna.offered()).isEqualTo(3);
        assertThat(anna.handled()).isEqualTo(2);
        assertThat(anna.declined()).isEqualTo(1);
        assertThat(anna.ronaCount()).isEqualTo(1);
        assertThat(anna.talkTime()).isEqualTo(Duration.ofSeconds(100));
        assertThat(anna.averageTalkTime()).isEqualTo(Duration.ofSeconds(50));
        assertThat(anna.averageSpeedOfAnswer()).isEqualTo(Duration.ofSeconds(15));
        assertThat(anna.handlingTime()).isEqualTo(Duration.ofSeconds(100 + 20));
        Duration signedIn = Duration.between(t0, end);
        assertThat(anna.staffedTime()).isEqualTo(signedIn);
        assertThat(anna.occupancy()).isEqualTo(120_000 / (double) signedIn.toMillis());
        assertThat(sales.teamOccupancy()).isEqualTo(anna.occupancy());

        // A range that holds only the second call.
        Instant c2 = s.eventsOf(Event.CallQueued.class).stream()
                .filter(e -> e.call().equals(CallId.of("c2")))
                .findFirst()
                .orElseThrow()
                .at();
        RangeKpis only2 = kpis.kpis(c2, c2.plusSeconds(1), end);
        assertThat(only2.services().get(0).offered()).isEqualTo(1);
        assertThat(only2.services().get(0).abandoned()).isEqualTo(1);
        assertThat(only2.services().get(0).serviceLevel()).isEqualTo(0.0);
        assertThat(only2.agents().get(0).offered()).isEqualTo(1);
        assertThat(only2.agents().get(0).staffedTime()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void offlineTimeIsNotStaffedAndEmptyRangesHaveNoRatios() {
        Scenario s = Scenario.start()
                .agents("bob")
                .service("s", b -> b.member("bob"))
                .available("bob");
        Instant t0 = s.now();
        s.afterSeconds(100)
                .presence("bob", Availability.OFFLINE, Activity.OFFLINE)
                .afterSeconds(100);
        RangeKpis r = history(s.events()).kpis(t0, s.now(), s.now());
        assertThat(r.agents()).singleElement().satisfies(a -> {
            assertThat(a.staffedTime()).isEqualTo(Duration.ofSeconds(100));
            assertThat(a.occupancy()).isEqualTo(0.0);
            assertThat(a.reachability()).isNull();
        });
        RangeKpis.ServiceFigures service = r.services().get(0);
        assertThat(service.offered()).isZero();
        assertThat(service.serviceLevel()).isNull();
        assertThat(service.averageSpeedOfAnswer()).isNull();
        assertThat(service.teamOccupancy()).isEqualTo(0.0);
    }

    @Test
    void rejectedCallsAreOfferedButNotQueuedAndOverflowedOnesLeaveNoQueueTime() {
        Scenario s = Scenario.start().agents("anna");
        s.service(
                "sales",
                b -> b.member("anna")
                        .queue(QueueSettings.defaults().withMaxSize(1).withMaxWait(Duration.ofSeconds(60))));
        Instant t0 = s.now();
        s.call("c1", "sales").call("c2", "sales"); // anna is offline: c1 waits, c2 overflows
        s.afterSeconds(60); // c1 times out
        s.service(
                "closed",
                b -> b.member("anna")
                        .queue(QueueSettings.defaults()
                                .withNoAgentsAction(dev.switchboard.core.model.CallAction.DISCONNECT)));
        s.call("c3", "closed"); // nobody staffed: rejected on arrival
        KpiCollector kpis = history(s.events());
        RangeKpis r = kpis.kpis(t0, s.now().plusSeconds(1), s.now());
        RangeKpis.ServiceFigures closed = r.services().get(0);
        RangeKpis.ServiceFigures sales = r.services().get(1);
        assertThat(closed.service()).isEqualTo(ServiceId.of("closed"));
        assertThat(closed.offered()).isEqualTo(1);
        assertThat(closed.rejected()).isEqualTo(1);
        assertThat(closed.queued()).isZero();
        assertThat(closed.reachability()).isNull();
        assertThat(closed.serviceLevel()).isEqualTo(0.0);
        assertThat(sales.offered()).isEqualTo(2);
        assertThat(sales.overflowed()).isEqualTo(1);
        assertThat(sales.timedOut()).isEqualTo(1);
        assertThat(sales.queued()).isEqualTo(1);
        // Only the timed-out call counts for the queue time: the overflowed one never queued.
        assertThat(sales.averageQueueTime()).isEqualTo(Duration.ofSeconds(60));
        // The simulator's running report counts the same calls by its own definitions.
        KpiReport running = kpis.report(s.now());
        assertThat(running.services().get(SALES).calls().offered()).isEqualTo(2);
        assertThat(running.services().get(ServiceId.of("closed")).calls().offered())
                .isZero();
        assertThat(running.services().get(ServiceId.of("closed")).calls().rejected())
                .isEqualTo(1);
    }

    @Test
    void activeCallsCountAsOfferedAndOpenIntervalsRunUntilNow() {
        Scenario s = Scenario.start()
                .agents("anna")
                .service("sales", b -> b.member("anna"))
                .available("anna");
        Instant t0 = s.now();
        s.call("c1", "sales").afterSeconds(2).accept("c1", "anna").afterSeconds(30);
        KpiCollector kpis = history(s.events());
        Instant now = s.now();
        RangeKpis r = kpis.kpis(t0, now.plusSeconds(3600), now);
        assertThat(r.services().get(0).active()).isEqualTo(1);
        assertThat(r.services().get(0).handled()).isEqualTo(1);
        assertThat(r.services().get(0).talkTime()).isEqualTo(Duration.ZERO);
        assertThat(r.agents().get(0).handlingTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.agents().get(0).staffedTime()).isEqualTo(Duration.between(t0, now));
        assertThat(r.agents().get(0).averageTalkTime()).isNull();
    }

    @Test
    void aSeriesEqualsItsRangesOneByOneAndAddsUpToTheWhole() {
        for (long seed = 1; seed <= 4; seed++) {
            List<Event> events = randomDay(seed, 1_500);
            KpiCollector kpis = history(events);
            Instant start = events.get(0).at();
            Instant now = events.get(events.size() - 1).at();
            Random random = new Random(seed);
            List<Instant> bounds = new ArrayList<>();
            Instant t = start.minusSeconds(random.nextInt(60));
            bounds.add(t);
            while (t.isBefore(now)) {
                t = t.plusMillis(1 + random.nextInt(900_000));
                bounds.add(t);
            }
            List<RangeKpis> series = kpis.kpis(bounds, now);
            assertThat(series).as("seed %d", seed).hasSize(bounds.size() - 1);
            long offered = 0;
            long handled = 0;
            long agentOffers = 0;
            Duration staffed = Duration.ZERO;
            for (int k = 0; k < series.size(); k++) {
                RangeKpis one = kpis.kpis(bounds.get(k), bounds.get(k + 1), now);
                assertThat(series.get(k)).as("seed %d, range %d", seed, k).isEqualTo(one);
                for (RangeKpis.ServiceFigures f : one.services()) {
                    offered += f.offered();
                    handled += f.handled();
                }
                for (RangeKpis.AgentFigures f : one.agents()) {
                    agentOffers += f.offered();
                    staffed = staffed.plus(f.staffedTime());
                }
            }
            RangeKpis whole = kpis.kpis(bounds.get(0), bounds.get(bounds.size() - 1), now);
            assertThat(offered)
                    .as("seed %d", seed)
                    .isEqualTo(whole.services().stream()
                            .mapToLong(RangeKpis.ServiceFigures::offered)
                            .sum());
            assertThat(handled)
                    .isEqualTo(whole.services().stream()
                            .mapToLong(RangeKpis.ServiceFigures::handled)
                            .sum());
            assertThat(agentOffers)
                    .isEqualTo(whole.agents().stream()
                            .mapToLong(RangeKpis.AgentFigures::offered)
                            .sum());
            assertThat(staffed)
                    .isEqualTo(whole.agents().stream()
                            .map(RangeKpis.AgentFigures::staffedTime)
                            .reduce(Duration.ZERO, Duration::plus));
            assertThat(offered).as("seed %d: a day with calls", seed).isPositive();
        }
    }

    @Test
    void theRunningReportAndTheWholeRangeAgreeWhereTheirDefinitionsMeet() {
        for (long seed = 5; seed <= 8; seed++) {
            List<Event> events = randomDay(seed, 1_500);
            Instant start = events.get(0).at();
            Instant end = events.get(events.size() - 1).at();
            KpiCollector kpis = history(events);
            KpiCollector running = new KpiCollector(start);
            running.acceptAll(events);
            KpiReport report = running.report(end);
            RangeKpis range = kpis.kpis(start, end.plusNanos(1), end);
            for (RangeKpis.ServiceFigures f : range.services()) {
                ServiceKpis s = report.services().get(f.service());
                CallKpis c = s == null ? CallKpis.sum(List.of()) : s.calls();
                String what = "seed " + seed + ", service " + f.service();
                assertThat(f.offered()).as(what).isEqualTo(c.offered() + c.rejected());
                assertThat(f.queued()).as(what).isEqualTo(c.offered() - c.overflowed());
                assertThat(f.handled()).as(what).isEqualTo(c.answered());
                assertThat(f.answeredWithinTarget()).as(what).isEqualTo(c.answeredWithinTarget());
                assertThat(f.abandoned()).as(what).isEqualTo(c.abandoned());
                assertThat(f.timedOut()).as(what).isEqualTo(c.timedOut());
                assertThat(f.ronaCount()).as(what).isEqualTo(c.ronaCount());
                assertThat(f.talkTime().toNanos() / 1e9).as(what).isCloseTo(c.talkSeconds(), within(1e-6));
            }
            for (RangeKpis.AgentFigures f : range.agents()) {
                AgentKpis a = report.agents().get(f.agent());
                String what = "seed " + seed + ", agent " + f.agent();
                assertThat(f.offered()).as(what).isEqualTo(a.offers());
                assertThat(f.handled()).as(what).isEqualTo(a.answered());
                assertThat(f.declined()).as(what).isEqualTo(a.declined());
                assertThat(f.missed()).as(what).isEqualTo(a.missed());
                assertThat(f.ronaCount()).as(what).isEqualTo(a.ronaCount());
                assertThat(f.staffedTime().toNanos() / 1e9).as(what).isCloseTo(a.staffedSeconds(), within(1e-6));
                assertThat(f.handlingTime().toNanos() / 1e9)
                        .as(what)
                        .isCloseTo(a.talkSeconds() + a.afterCallWorkSeconds(), within(1e-6));
            }
        }
    }

    @Test
    void factsOlderThanTheRetentionAreForgotten() {
        Scenario s = Scenario.start()
                .agents("anna")
                .service("sales", b -> b.member("anna"))
                .available("anna");
        Instant t0 = s.now();
        s.call("c1", "sales").accept("c1", "anna").afterSeconds(10).end("c1");
        s.afterSeconds(3 * 3600).call("c2", "sales");
        KpiCollector kpis = KpiCollector.withHistory(Duration.ofHours(1), 100, 100);
        kpis.acceptAll(s.events());
        RangeKpis r = kpis.kpis(t0, s.now().plusSeconds(1), s.now());
        assertThat(r.services().get(0).offered()).isEqualTo(1);
        assertThat(r.agents().get(0).handled()).isZero();
    }

    @Test
    void rangesNeedHistoryAndIncreasingBounds() {
        KpiCollector plain = new KpiCollector(Scenario.T0);
        assertThatThrownBy(() -> plain.kpis(Scenario.T0, Scenario.T0.plusSeconds(1), Scenario.T0))
                .isInstanceOf(IllegalStateException.class);
        KpiCollector kpis = history(List.of());
        assertThatThrownBy(() -> kpis.kpis(List.of(Scenario.T0, Scenario.T0), Scenario.T0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(kpis.kpis(Scenario.T0, Scenario.T0.plusSeconds(1), Scenario.T0)
                        .services())
                .isEmpty();
    }

    /** The events of a seeded random walk through a small contact centre. */
    private static List<Event> randomDay(long seed, int commands) {
        RoutingCore core = RoutingCore.indexed();
        RandomWalk walk = new RandomWalk(seed, 8, 3);
        List<Command> setup = new ArrayList<>(walk.setup());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            Command c = setup.isEmpty() ? walk.next(core.snapshot()) : setup.remove(0);
            events.addAll(core.handle(c).events());
        }
        return events;
    }
}
