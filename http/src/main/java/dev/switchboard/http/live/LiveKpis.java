package dev.switchboard.http.live;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.http.port.KpiQuery;
import dev.switchboard.http.port.KpiReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * KPIs computed from the events since the server started, kept for a retention period (and at most
 * {@value #MAX_FINISHED_CALLS} finished calls). The store answers the same question from its
 * history; this one needs no database and serves tests, the demo and live dashboards.
 *
 * <p>Occupancy needs "signed in" time: it is taken from the presence events — the agent counts as
 * signed in while its effective presence (detailed while detailed tracking works, else coarse) is
 * not in the Offline group. That mirrors, but does not re-implement, the core's stale-detailed
 * fallback, so it can differ from the core's view for a few seconds around a fallback.
 */
public final class LiveKpis implements KpiQuery, EventSink {

    private enum End {
        HANDLED,
        ABANDONED,
        OVERFLOWED,
        TIMED_OUT
    }

    /** A call that left the queue (or was rejected): its facts for the KPIs. */
    private record FinishedCall(
            ServiceId service, Instant arrivedAt, Instant finishedAt, End end, Duration waited, Duration talk) {}

    private static final class ActiveCall {
        final ServiceId service;
        final Instant arrivedAt;
        Instant connectedAt;
        AgentId agent;

        ActiveCall(ServiceId service, Instant arrivedAt) {
            this.service = service;
            this.arrivedAt = arrivedAt;
        }
    }

    /** Time intervals with one open at the end, e.g. "talking". */
    private static final class Intervals {
        final Deque<Instant[]> closed = new ArrayDeque<>();
        Instant openSince;

        void open(Instant at) {
            if (openSince == null) {
                openSince = at;
            }
        }

        void close(Instant at) {
            if (openSince != null) {
                if (closed.size() >= MAX_PER_AGENT) {
                    closed.removeFirst();
                }
                closed.addLast(new Instant[] {openSince, at});
                openSince = null;
            }
        }

        Duration within(Instant from, Instant to) {
            long millis = 0;
            for (Instant[] i : closed) {
                millis += overlap(i[0], i[1], from, to);
            }
            if (openSince != null) {
                millis += overlap(openSince, to, from, to);
            }
            return Duration.ofMillis(millis);
        }

        void forgetBefore(Instant limit) {
            while (!closed.isEmpty() && closed.peekFirst()[1].isBefore(limit)) {
                closed.removeFirst();
            }
        }

        private static long overlap(Instant a, Instant b, Instant from, Instant to) {
            Instant start = a.isAfter(from) ? a : from;
            Instant end = b.isBefore(to) ? b : to;
            return end.isAfter(start) ? Duration.between(start, end).toMillis() : 0;
        }
    }

    private static final class AgentFacts {
        final Deque<Instant> offers = new ArrayDeque<>();
        final Deque<Instant> handled = new ArrayDeque<>();
        final Deque<Instant> declined = new ArrayDeque<>();
        final Deque<Instant> missed = new ArrayDeque<>();
        final Deque<Instant> rona = new ArrayDeque<>();
        final Intervals talk = new Intervals();
        final Intervals afterCallWork = new Intervals();
        final Intervals signedIn = new Intervals();
        Presence detailed;
        Presence coarse;
        boolean detailedTracking = true;
        boolean coarseTracking = true;

        boolean signedInNow() {
            Presence effective = detailed != null && detailedTracking ? detailed : coarseTracking ? coarse : null;
            return effective != null && effective.group() != PresenceGroup.OFFLINE;
        }

        void forgetBefore(Instant limit) {
            for (Deque<Instant> d : List.of(offers, handled, declined, missed, rona)) {
                while (!d.isEmpty() && d.peekFirst().isBefore(limit)) {
                    d.removeFirst();
                }
            }
            talk.forgetBefore(limit);
            afterCallWork.forgetBefore(limit);
            signedIn.forgetBefore(limit);
        }
    }

    /** At most this many finished calls are kept, whatever the retention: memory stays bounded. */
    static final int MAX_FINISHED_CALLS = 500_000;
    /** At most this many timestamps per agent and kind (offers, declines, ...). */
    static final int MAX_PER_AGENT = 50_000;

    private final InstantSource clock;
    private final Duration retention;
    private final Map<ServiceId, Duration> serviceLevelTargets = new HashMap<>();
    /** Services that exist now: listed even without calls. */
    private final java.util.Set<ServiceId> configured = new java.util.HashSet<>();

    private final Map<CallId, ActiveCall> active = new HashMap<>();
    private final Deque<FinishedCall> finished = new ArrayDeque<>();
    private final Map<ServiceId, Deque<Instant>> rejected = new HashMap<>();
    private final Map<AgentId, AgentFacts> agents = new HashMap<>();
    private Instant lastPrune = Instant.MIN;
    private final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
    private final java.util.concurrent.ConcurrentLinkedQueue<List<JournaledEvent>> pending =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * @param clock for "now" (open intervals end there)
     * @param retention how long facts are kept (e.g. 8 days)
     */
    public LiveKpis(InstantSource clock, Duration retention) {
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Called on the engine's thread: queues the batch and applies what is queued only if no query
     * holds the lock, so a long KPI query never stalls the engine. A query applies the rest first.
     */
    @Override
    public void publish(List<JournaledEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        pending.add(events);
        if (lock.tryLock()) {
            try {
                drain();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Applies queued batches; the lock is held. */
    private void drain() {
        List<JournaledEvent> batch;
        while ((batch = pending.poll()) != null) {
            for (JournaledEvent e : batch) {
                apply(e.event());
            }
            Instant now = batch.get(batch.size() - 1).event().at();
            if (Duration.between(lastPrune, now).compareTo(Duration.ofMinutes(1)) > 0) {
                prune(now.minus(retention));
                lastPrune = now;
            }
        }
    }

    private AgentFacts agent(AgentId id) {
        return agents.computeIfAbsent(id, k -> new AgentFacts());
    }

    private void apply(Event event) {
        switch (event) {
            case Event.ServiceConfigured e -> {
                serviceLevelTargets.put(e.service().id(), e.service().serviceLevelTarget());
                configured.add(e.service().id());
            }
            case Event.ServiceRemoved e -> configured.remove(e.service());
            case Event.CallQueued e -> active.put(e.call(), new ActiveCall(e.service(), e.at()));
            case Event.CallRejected e -> add(rejected.computeIfAbsent(e.service(), k -> new ArrayDeque<>()), e.at());
            case Event.CallOverflowed e -> leave(e.call(), End.OVERFLOWED, e.at());
            case Event.CallTimedOut e -> leave(e.call(), End.TIMED_OUT, e.at());
            case Event.CallAbandoned e -> leave(e.call(), End.ABANDONED, e.at());
            case Event.CallOffered e -> e.agents().forEach(a -> add(agent(a).offers, e.at()));
            case Event.OfferDeclined e -> add(agent(e.agent()).declined, e.at());
            case Event.OfferExpired e -> e.agents().forEach(a -> add(agent(a).missed, e.at()));
            case Event.RonaStarted e -> add(agent(e.agent()).rona, e.at());
            case Event.CallConnected e -> {
                ActiveCall c = active.get(e.call());
                if (c != null) {
                    c.connectedAt = e.at();
                    c.agent = e.agent();
                }
                AgentFacts a = agent(e.agent());
                add(a.handled, e.at());
                a.talk.open(e.at());
            }
            case Event.CallCompleted e -> {
                agent(e.agent()).talk.close(e.at());
                leave(e.call(), End.HANDLED, e.at());
            }
            case Event.AfterCallWorkStarted e -> {
                // An extension starts a new counter: close the running interval, open a new one.
                AgentFacts a = agent(e.agent());
                a.afterCallWork.close(e.at());
                a.afterCallWork.open(e.at());
            }
            case Event.AfterCallWorkEnded e -> agent(e.agent()).afterCallWork.close(e.at());
            case Event.AgentPresenceChanged e -> {
                AgentFacts a = agent(e.agent());
                if (e.presence().fidelity() == Fidelity.DETAILED) {
                    a.detailed = e.presence();
                } else {
                    a.coarse = e.presence();
                }
                updateSignedIn(a, e.at());
            }
            case Event.PresenceTrackingChanged e -> {
                List<AgentId> affected = e.agents().isEmpty() ? List.copyOf(agents.keySet()) : e.agents();
                for (AgentId id : affected) {
                    AgentFacts a = agent(id);
                    if (e.fidelity() == Fidelity.DETAILED) {
                        a.detailedTracking = e.tracking();
                    } else {
                        a.coarseTracking = e.tracking();
                    }
                    updateSignedIn(a, e.at());
                }
            }
            case Event.AgentRemoved e -> {
                AgentFacts a = agents.get(e.agent());
                if (a != null) {
                    a.signedIn.close(e.at());
                    a.talk.close(e.at());
                    a.afterCallWork.close(e.at());
                }
            }
            case Event.CallEscalated e -> {}
            case Event.CallRequeued e -> {}
            case Event.OfferCancelled e -> {}
            case Event.AgentConfigured e -> {}
            case Event.ProfileConfigured e -> {}
            case Event.ProfileRemoved e -> {}
            case Event.DutyChanged e -> {}
            case Event.ActiveInServiceChanged e -> {}
            case Event.AgentReadinessChanged e -> {}
            case Event.RonaCleared e -> {}
            case Event.ExternalCallChanged e -> {}
        }
    }

    private static void add(Deque<Instant> times, Instant at) {
        if (times.size() >= MAX_PER_AGENT) {
            times.removeFirst();
        }
        times.addLast(at);
    }

    private static void updateSignedIn(AgentFacts a, Instant at) {
        if (a.signedInNow()) {
            a.signedIn.open(at);
        } else {
            a.signedIn.close(at);
        }
    }

    private void leave(CallId id, End end, Instant at) {
        ActiveCall c = active.remove(id);
        if (c == null) {
            return;
        }
        Instant waitedUntil = c.connectedAt != null ? c.connectedAt : at;
        Duration talk = c.connectedAt == null ? null : Duration.between(c.connectedAt, at);
        if (finished.size() >= MAX_FINISHED_CALLS) {
            finished.removeFirst();
        }
        finished.addLast(new FinishedCall(
                c.service,
                c.arrivedAt,
                at,
                c.connectedAt != null ? End.HANDLED : end,
                Duration.between(c.arrivedAt, waitedUntil),
                talk));
    }

    private void prune(Instant limit) {
        while (!finished.isEmpty() && finished.peekFirst().finishedAt().isBefore(limit)) {
            finished.removeFirst();
        }
        for (Deque<Instant> d : rejected.values()) {
            while (!d.isEmpty() && d.peekFirst().isBefore(limit)) {
                d.removeFirst();
            }
        }
        agents.values().forEach(a -> a.forgetBefore(limit));
    }

    @Override
    public KpiReport kpis(Instant from, Instant to) {
        lock.lock();
        try {
            drain();
            return compute(from, to);
        } finally {
            lock.unlock();
        }
    }

    private KpiReport compute(Instant from, Instant to) {
        Instant now = clock.instant();
        Instant until = to.isAfter(now) ? now : to;
        Map<ServiceId, ServiceTotals> services = new TreeMap<>();
        configured.forEach(s -> services.put(s, new ServiceTotals()));
        for (FinishedCall c : finished) {
            if (inRange(c.arrivedAt(), from, to)) {
                services.computeIfAbsent(c.service(), k -> new ServiceTotals())
                        .add(c, serviceLevelTargets.getOrDefault(c.service(), Duration.ofSeconds(20)));
            }
        }
        for (ActiveCall c : active.values()) {
            if (inRange(c.arrivedAt, from, to)) {
                services.computeIfAbsent(c.service, k -> new ServiceTotals())
                        .addActive(c, serviceLevelTargets.getOrDefault(c.service, Duration.ofSeconds(20)));
            }
        }
        rejected.forEach((service, times) -> {
            long n = times.stream().filter(t -> inRange(t, from, to)).count();
            if (n > 0) {
                services.computeIfAbsent(service, k -> new ServiceTotals()).rejected += n;
            }
        });
        List<KpiReport.ServiceKpis> serviceKpis = new ArrayList<>();
        services.forEach((id, t) -> serviceKpis.add(t.kpis(id)));

        List<KpiReport.AgentKpis> agentKpis = new ArrayList<>();
        for (AgentId id : new TreeSet<>(agents.keySet())) {
            AgentFacts a = agents.get(id);
            long offered = count(a.offers, from, to);
            long handled = count(a.handled, from, to);
            Duration talk = a.talk.within(from, until);
            Duration acw = a.afterCallWork.within(from, until);
            Duration signedIn = a.signedIn.within(from, until);
            if (offered == 0 && handled == 0 && talk.isZero() && signedIn.isZero()) {
                continue;
            }
            Double occupancy = signedIn.isZero()
                    ? null
                    : Math.min(1.0, (double) (talk.toMillis() + acw.toMillis()) / signedIn.toMillis());
            agentKpis.add(new KpiReport.AgentKpis(
                    id,
                    offered,
                    handled,
                    count(a.declined, from, to),
                    count(a.missed, from, to),
                    count(a.rona, from, to),
                    talk,
                    acw,
                    occupancy,
                    offered == 0 ? null : (double) handled / offered));
        }
        return new KpiReport(from, to, serviceKpis, agentKpis);
    }

    private static boolean inRange(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    private static long count(Deque<Instant> times, Instant from, Instant to) {
        long n = 0;
        for (Instant t : times) {
            if (inRange(t, from, to)) {
                n++;
            }
        }
        return n;
    }

    private static final class ServiceTotals {
        long offered;
        long handled;
        long abandoned;
        long overflowed;
        long timedOut;
        long rejected;
        long withinTarget;
        long waitedMillis;
        long answerMillis;
        long talkMillis;
        long talked;

        void add(FinishedCall c, Duration target) {
            offered++;
            waitedMillis += c.waited().toMillis();
            switch (c.end()) {
                case HANDLED -> {
                    handled++;
                    answerMillis += c.waited().toMillis();
                    if (c.waited().compareTo(target) <= 0) {
                        withinTarget++;
                    }
                    if (c.talk() != null) {
                        talkMillis += c.talk().toMillis();
                        talked++;
                    }
                }
                case ABANDONED -> abandoned++;
                case OVERFLOWED -> overflowed++;
                case TIMED_OUT -> timedOut++;
            }
        }

        /** A call still waiting counts as offered; one already talking also as handled. */
        void addActive(ActiveCall c, Duration target) {
            offered++;
            if (c.connectedAt != null) {
                Duration waited = Duration.between(c.arrivedAt, c.connectedAt);
                handled++;
                answerMillis += waited.toMillis();
                waitedMillis += waited.toMillis();
                if (waited.compareTo(target) <= 0) {
                    withinTarget++;
                }
            }
        }

        KpiReport.ServiceKpis kpis(ServiceId id) {
            long left = handled + abandoned + timedOut + overflowed;
            return new KpiReport.ServiceKpis(
                    id,
                    offered,
                    handled,
                    abandoned,
                    overflowed,
                    timedOut,
                    rejected,
                    withinTarget,
                    left == 0 ? null : (double) withinTarget / left,
                    handled == 0 ? null : Duration.ofMillis(answerMillis / handled),
                    left == 0 ? null : Duration.ofMillis(waitedMillis / left),
                    talked == 0 ? null : Duration.ofMillis(talkMillis / talked),
                    offered == 0 ? null : (double) handled / offered);
        }
    }
}
