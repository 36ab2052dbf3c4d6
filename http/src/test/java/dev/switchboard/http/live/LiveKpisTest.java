package dev.switchboard.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.testing.Scenario;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.engine.VirtualClock;
import dev.switchboard.http.port.KpiReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** KPIs from a scripted day of the pure core, checked by hand. */
class LiveKpisTest {
    private static List<JournaledEvent> journal(Scenario s) {
        List<JournaledEvent> out = new ArrayList<>();
        long seq = 1;
        for (var e : s.events()) {
            out.add(new JournaledEvent(seq++, e));
        }
        return out;
    }

    @Test
    void serviceLevelSpeedOfAnswerAbandonAndOccupancy() {
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
        s.send(new dev.switchboard.core.command.Command.ResetRona(s.now(), AgentId.of("anna")));
        s.accept("c3", "anna").afterSeconds(40).end("c3").afterSeconds(10);
        Instant end = s.now();

        VirtualClock clock = new VirtualClock(end);
        LiveKpis kpis = new LiveKpis(clock, Duration.ofDays(8));
        kpis.publish(journal(s));
        KpiReport r = kpis.kpis(t0, end);

        KpiReport.ServiceKpis sales = r.services().get(0);
        assertThat(sales.service()).isEqualTo(ServiceId.of("sales"));
        assertThat(sales.offered()).isEqualTo(3);
        assertThat(sales.handled()).isEqualTo(2);
        assertThat(sales.abandoned()).isEqualTo(1);
        assertThat(sales.answeredWithinTarget()).isEqualTo(1);
        assertThat(sales.serviceLevel()).isEqualTo(1.0 / 3);
        assertThat(sales.averageSpeedOfAnswer()).isEqualTo(Duration.ofMillis((5_000 + 25_000) / 2));
        assertThat(sales.averageTalkTime()).isEqualTo(Duration.ofSeconds(50));
        assertThat(sales.averageQueueTime()).isEqualTo(Duration.ofMillis((5_000 + 35_000 + 25_000) / 3));
        assertThat(sales.reachability()).isEqualTo(2.0 / 3);

        KpiReport.AgentKpis anna = r.agents().get(0);
        assertThat(anna.offered()).isEqualTo(3);
        assertThat(anna.handled()).isEqualTo(2);
        assertThat(anna.declined()).isEqualTo(1);
        assertThat(anna.ronaCount()).isEqualTo(1);
        assertThat(anna.talkTime()).isEqualTo(Duration.ofSeconds(100));
        assertThat(anna.afterCallWorkTime()).isEqualTo(Duration.ofSeconds(20));
        long signedIn = Duration.between(t0, end).toMillis();
        assertThat(anna.occupancy()).isEqualTo((100_000 + 20_000) / (double) signedIn);

        // A range that holds only the second call.
        Instant c2Arrival = s.eventsOf(dev.switchboard.core.event.Event.CallQueued.class).stream()
                .filter(e -> e.call().equals(CallId.of("c2")))
                .findFirst()
                .orElseThrow()
                .at();
        KpiReport only2 = kpis.kpis(c2Arrival, c2Arrival.plusSeconds(1));
        assertThat(only2.services().get(0).offered()).isEqualTo(1);
        assertThat(only2.services().get(0).abandoned()).isEqualTo(1);
        assertThat(only2.services().get(0).serviceLevel()).isEqualTo(0.0);
    }

    @Test
    void offlineTimeIsNotSignedInAndEmptyRangesHaveNoRatios() {
        Scenario s = Scenario.start()
                .agents("bob")
                .service("s", b -> b.member("bob"))
                .available("bob");
        Instant t0 = s.now();
        s.afterSeconds(100)
                .presence("bob", Availability.OFFLINE, Activity.OFFLINE)
                .afterSeconds(100);
        LiveKpis kpis = new LiveKpis(new VirtualClock(s.now()), Duration.ofDays(1));
        kpis.publish(journal(s));
        KpiReport r = kpis.kpis(t0, s.now());
        assertThat(r.agents()).singleElement().satisfies(a -> {
            assertThat(a.occupancy()).isEqualTo(0.0);
            assertThat(a.reachability()).isNull();
        });
        KpiReport.ServiceKpis service = r.services().get(0);
        assertThat(service.offered()).isZero();
        assertThat(service.serviceLevel()).isNull();
        assertThat(service.averageSpeedOfAnswer()).isNull();
    }
}
