package dev.switchboard.store;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.testing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A short morning of one service whose KPIs are worked out by hand in the tests.
 *
 * <p>Service "sales", SERIAL over [a1, a2] (a1 is always asked first), alert time 15 s, after-call
 * work 10 s, service-level target 20 s, at most one waiting call, RONA for 10 minutes. Times in
 * seconds after {@link Scenario#T0}:
 *
 * <pre>
 *   0  a1 and a2 available
 *  10  c1 arrives, rings a1          15  a1 answers c1 (queue 5 s)
 *  20  c2 arrives, rings a2          35  nobody answered: a2 into RONA, c2 waits again
 *  75  c1 ends (talk 60 s); a1 in after-call work until 85
 *  85  c2 rings a1                   90  a1 answers c2 (queue 70 s)
 *  95  c3 arrives and waits         100  c4 arrives, the queue is full: overflowed
 * 125  c3's caller hangs up (abandoned in queue after 30 s)
 * 150  c2 ends (talk 60 s); a1 in after-call work until 160
 * </pre>
 */
public final class KnownDay {
    public static final Instant T0 = Scenario.T0;

    private KnownDay() {}

    public static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** The scenario, played to t = 160 s. */
    public static Scenario play() {
        Scenario s = Scenario.start();
        s.agents("a1", "a2");
        s.service(
                "sales",
                b -> b.member("a1")
                        .member("a2")
                        .distributionType(DistributionType.SERIAL)
                        .alertTime(Duration.ofSeconds(15))
                        .afterCallWork(Duration.ofSeconds(10))
                        .serviceLevelTarget(Duration.ofSeconds(20))
                        .queue(QueueSettings.defaults().withMaxSize(1)));
        s.available("a1", "a2");
        s.afterSeconds(10).call("c1", "sales");
        s.afterSeconds(5).accept("c1", "a1");
        s.afterSeconds(5).call("c2", "sales");
        s.afterSeconds(15);
        s.afterSeconds(40).end("c1");
        s.afterSeconds(10);
        s.afterSeconds(5).accept("c2", "a1");
        s.afterSeconds(5).call("c3", "sales");
        s.afterSeconds(5).call("c4", "sales");
        s.afterSeconds(25).hangUp("c3");
        s.afterSeconds(25).end("c2");
        s.afterSeconds(10);
        return s;
    }

    /** The events of the scenario, in order. */
    public static List<Event> events() {
        return List.copyOf(play().events());
    }
}
