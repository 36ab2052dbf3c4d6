package dev.switchboard.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.kpi.RangeKpis;
import dev.switchboard.core.testing.Scenario;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.engine.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapter between the engine's events and the core's KPI fold (whose figures are checked in
 * core's KpiRangesTest): batches published on the engine's thread, "now" from the server's clock.
 */
class LiveKpisTest {
    private static List<JournaledEvent> journal(List<? extends dev.switchboard.core.event.Event> events, long first) {
        List<JournaledEvent> out = new ArrayList<>();
        long seq = first;
        for (var e : events) {
            out.add(new JournaledEvent(seq++, e));
        }
        return out;
    }

    @Test
    void publishedBatchesCountAndOpenIntervalsRunUntilTheClocksNow() {
        Scenario s = Scenario.start()
                .agents("anna")
                .service("sales", b -> b.member("anna"))
                .available("anna");
        Instant t0 = s.now();
        s.call("c1", "sales").afterSeconds(4).accept("c1", "anna");
        VirtualClock clock = new VirtualClock(s.now());
        LiveKpis kpis = new LiveKpis(clock, Duration.ofDays(8));
        List<JournaledEvent> events = journal(s.events(), 1);
        kpis.publish(events.subList(0, events.size() / 2));
        kpis.publish(events.subList(events.size() / 2, events.size()));
        kpis.publish(List.of());

        Instant to = t0.plus(Duration.ofHours(1));
        RangeKpis r = kpis.kpis(t0, to);
        assertThat(r.services()).singleElement().satisfies(sales -> {
            assertThat(sales.offered()).isEqualTo(1);
            assertThat(sales.handled()).isEqualTo(1);
            assertThat(sales.active()).isEqualTo(1);
        });
        assertThat(r.agents().get(0).handlingTime()).isZero();

        clock.advance(Duration.ofSeconds(30));
        assertThat(kpis.kpis(t0, to).agents().get(0).handlingTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(kpis.kpis(t0, to).agents().get(0).staffedTime()).isEqualTo(Duration.ofSeconds(34));
    }

    @Test
    void aSeriesIsTheRangesOfItsBuckets() {
        Scenario s = Scenario.start()
                .agents("anna")
                .service("sales", b -> b.member("anna"))
                .available("anna");
        Instant t0 = s.now();
        s.call("c1", "sales")
                .afterSeconds(5)
                .accept("c1", "anna")
                .afterSeconds(100)
                .end("c1");
        s.afterSeconds(600).call("c2", "sales").afterSeconds(3).hangUp("c2").afterSeconds(60);
        LiveKpis kpis = new LiveKpis(new VirtualClock(s.now()), Duration.ofDays(1));
        kpis.publish(journal(s.events(), 1));
        List<Instant> bounds = List.of(t0, t0.plusSeconds(300), t0.plusSeconds(600), t0.plusSeconds(900));
        List<RangeKpis> series = kpis.series(bounds);
        assertThat(series).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(series.get(k)).isEqualTo(kpis.kpis(bounds.get(k), bounds.get(k + 1)));
        }
        assertThat(series.get(0).services().get(0).handled()).isEqualTo(1);
        assertThat(series.get(1).services().get(0).offered()).isZero();
        assertThat(series.get(2).services().get(0).abandoned()).isEqualTo(1);
    }
}
