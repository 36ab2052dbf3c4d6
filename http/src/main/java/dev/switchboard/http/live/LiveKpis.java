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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * KPIs computed from the events since the server started, with the definitions of the store's
 * KPI queries (docs/STORAGE.md), kept for a retention period and at most {@value
 * #MAX_CALLS} calls. The store answers the same question from its history; this one needs no
 * database and serves tests, the demo and live dashboards.
 *
 * <p>Staffed time comes from the presence events: the agent counts as signed in while its
 * effective presence (detailed while detailed tracking works, else coarse) is not in the Offline
 * group. That mirrors, but does not re-implement, the core's stale-detailed fallback, so it can
 * differ from the core's view for a few seconds around a fallback.
 */
public final class LiveKpis implements KpiQuery, EventSink {
    /** At most this many calls are kept, whatever the retention: memory stays bounded. */
    static final int MAX_CALLS = 500_000;
    /** At most this many facts per agent and kind (offers, answers, declines, ...). */
    static final int MAX_PER_AGENT = 50_000;

    private enum End {
        COMPLETED,
        ABANDONED,
        OVERFLOWED,
        TIMED_OUT,
        REJECTED
    }

    /** One call, from its arrival on. */
    private static final class CallFacts {
        final ServiceId service;
        final Instant arrivedAt;
        final Duration target;
        Instant connectedAt;
        Instant leftQueueAt;
        Instant endedAt;
        End end;
        boolean whileRinging;
        int ronas;
        Answer answer;

        CallFacts(ServiceId service, Instant arrivedAt, Duration target) {
            this.service = service;
            this.arrivedAt = arrivedAt;
            this.target = target;
        }
    }

    /** A call an agent answered: when, after how long, and (once completed) for how long. */
    private static final class Answer {
        final Instant at;
        final Duration waited;
        Duration talk;

        Answer(Instant at, Duration waited) {
            this.at = at;
            this.waited = waited;
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

        long millisWithin(Instant from, Instant to) {
            long millis = 0;
            for (Instant[] i : closed) {
                millis += overlap(i[0], i[1], from, to);
            }
            if (openSince != null) {
                millis += overlap(openSince, to, from, to);
            }
            return millis;
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
        final Deque<Answer> answers = new ArrayDeque<>();
        final Deque<Instant> declined = new ArrayDeque<>();
        final Deque<Instant> missed = new ArrayDeque<>();
        final Deque<Instant> cancelled = new ArrayDeque<>();
        final Deque<Instant> rona = new ArrayDeque<>();
        final Intervals connected = new Intervals();
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
            for (Deque<Instant> d : List.of(offers, declined, missed, cancelled, rona)) {
                while (!d.isEmpty() && d.peekFirst().isBefore(limit)) {
                    d.removeFirst();
                }
            }
            while (!answers.isEmpty() && answers.peekFirst().at.isBefore(limit)) {
                answers.removeFirst();
            }
            connected.forgetBefore(limit);
            afterCallWork.forgetBefore(limit);
            signedIn.forgetBefore(limit);
        }
    }

    private final InstantSource clock;
    private final Duration retention;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<List<JournaledEvent>> pending = new ConcurrentLinkedQueue<>();
    private final Map<ServiceId, Duration> targets = new HashMap<>();
    /** Services as configured now: listed even without calls; their members make the team. */
    private final Map<ServiceId, List<AgentId>> members = new HashMap<>();
    /** Every call kept, in arrival order. */
    private final Deque<CallFacts> calls = new ArrayDeque<>();
    /** Calls that have not ended, for the events that follow their arrival. */
    private final Map<CallId, CallFacts> active = new HashMap<>();

    private final Map<AgentId, AgentFacts> agents = new HashMap<>();
    private Instant lastPrune = Instant.EPOCH;

    /**
     * @param clock for "now": open intervals end there
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

    private static <T> void add(Deque<T> facts, T fact) {
        if (facts.size() >= MAX_PER_AGENT) {
            facts.removeFirst();
        }
        facts.addLast(fact);
    }

    private CallFacts arrive(ServiceId service, Instant at) {
        CallFacts c = new CallFacts(service, at, targets.getOrDefault(service, Duration.ofSeconds(20)));
        if (calls.size() >= MAX_CALLS) {
            calls.removeFirst();
        }
        calls.addLast(c);
        return c;
    }

    private void apply(Event event) {
        switch (event) {
            case Event.ServiceConfigured e -> {
                targets.put(e.service().id(), e.service().serviceLevelTarget());
                members.put(e.service().id(), e.service().members());
            }
            case Event.ServiceRemoved e -> members.remove(e.service());
            case Event.CallQueued e -> active.put(e.call(), arrive(e.service(), e.at()));
            case Event.CallRejected e -> {
                CallFacts c = arrive(e.service(), e.at());
                c.end = End.REJECTED;
                c.endedAt = e.at();
            }
            case Event.CallOverflowed e -> end(e.call(), End.OVERFLOWED, e.at());
            case Event.CallTimedOut e -> end(e.call(), End.TIMED_OUT, e.at());
            case Event.CallAbandoned e -> {
                CallFacts c = active.get(e.call());
                if (c != null) {
                    c.whileRinging = e.whileRinging();
                }
                end(e.call(), End.ABANDONED, e.at());
            }
            case Event.CallOffered e -> e.agents().forEach(a -> add(agent(a).offers, e.at()));
            case Event.OfferDeclined e -> add(agent(e.agent()).declined, e.at());
            case Event.OfferExpired e -> e.agents().forEach(a -> add(agent(a).missed, e.at()));
            case Event.OfferCancelled e -> e.agents().forEach(a -> add(agent(a).cancelled, e.at()));
            case Event.RonaStarted e -> {
                add(agent(e.agent()).rona, e.at());
                CallFacts c = active.get(e.call());
                if (c != null) {
                    c.ronas++;
                }
            }
            case Event.CallConnected e -> {
                AgentFacts a = agent(e.agent());
                CallFacts c = active.get(e.call());
                Duration waited = Duration.ZERO;
                if (c != null) {
                    c.connectedAt = e.at();
                    c.leftQueueAt = e.at();
                    waited = Duration.between(c.arrivedAt, e.at());
                }
                Answer answer = new Answer(e.at(), waited);
                if (c != null) {
                    c.answer = answer;
                }
                add(a.answers, answer);
                a.connected.open(e.at());
            }
            case Event.CallCompleted e -> {
                agent(e.agent()).connected.close(e.at());
                CallFacts c = active.get(e.call());
                if (c != null && c.answer != null && c.connectedAt != null) {
                    c.answer.talk = Duration.between(c.connectedAt, e.at());
                }
                end(e.call(), End.COMPLETED, e.at());
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
                    a.detailed = null;
                    a.coarse = null;
                    a.signedIn.close(e.at());
                    a.connected.close(e.at());
                    a.afterCallWork.close(e.at());
                }
            }
            case Event.CallEscalated e -> {}
            case Event.CallRequeued e -> {}
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

    private static void updateSignedIn(AgentFacts a, Instant at) {
        if (a.signedInNow()) {
            a.signedIn.open(at);
        } else {
            a.signedIn.close(at);
        }
    }

    private void end(CallId id, End end, Instant at) {
        CallFacts c = active.remove(id);
        if (c == null) {
            return;
        }
        c.end = end;
        c.endedAt = at;
        if (c.leftQueueAt == null && end != End.OVERFLOWED) {
            c.leftQueueAt = at;
        }
    }

    private void prune(Instant limit) {
        while (!calls.isEmpty()
                && calls.peekFirst().endedAt != null
                && calls.peekFirst().endedAt.isBefore(limit)) {
            calls.removeFirst();
        }
        agents.values().forEach(a -> a.forgetBefore(limit));
    }

    // =====================================================================================
    // Queries
    // =====================================================================================

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

    private record AgentTimes(long handlingMillis, long staffedMillis) {}

    private KpiReport compute(Instant from, Instant to) {
        Instant now = clock.instant();
        Instant until = to.isAfter(now) ? now : to;

        Map<AgentId, AgentTimes> times = new HashMap<>();
        List<KpiReport.AgentKpis> agentKpis = new ArrayList<>();
        for (AgentId id : new TreeSet<>(agents.keySet())) {
            AgentFacts a = agents.get(id);
            long handling = a.connected.millisWithin(from, until) + a.afterCallWork.millisWithin(from, until);
            long staffed = a.signedIn.millisWithin(from, until);
            times.put(id, new AgentTimes(handling, staffed));
            KpiReport.AgentKpis k = agentKpis(id, a, from, to, handling, staffed);
            if (k != null) {
                agentKpis.add(k);
            }
        }

        Map<ServiceId, Totals> services = new TreeMap<>();
        members.keySet().forEach(s -> services.put(s, new Totals()));
        for (CallFacts c : calls) {
            if (!c.arrivedAt.isBefore(from) && c.arrivedAt.isBefore(to)) {
                services.computeIfAbsent(c.service, k -> new Totals()).add(c);
            }
        }
        List<KpiReport.ServiceKpis> serviceKpis = new ArrayList<>();
        services.forEach((id, t) -> {
            long handling = 0;
            long staffed = 0;
            for (AgentId member : members.getOrDefault(id, List.of())) {
                AgentTimes at = times.get(member);
                if (at != null) {
                    handling += at.handlingMillis();
                    staffed += at.staffedMillis();
                }
            }
            serviceKpis.add(t.kpis(id, staffed == 0 ? null : Math.min(1.0, (double) handling / staffed)));
        });
        return new KpiReport(from, to, serviceKpis, agentKpis);
    }

    private static KpiReport.AgentKpis agentKpis(
            AgentId id, AgentFacts a, Instant from, Instant to, long handlingMillis, long staffedMillis) {
        long offered = count(a.offers, from, to);
        long handled = 0;
        long waitedMillis = 0;
        long talkMillis = 0;
        long talked = 0;
        for (Answer answer : a.answers) {
            if (!answer.at.isBefore(from) && answer.at.isBefore(to)) {
                handled++;
                waitedMillis += answer.waited.toMillis();
                if (answer.talk != null) {
                    talkMillis += answer.talk.toMillis();
                    talked++;
                }
            }
        }
        if (offered == 0 && handled == 0 && handlingMillis == 0 && staffedMillis == 0) {
            return null;
        }
        return new KpiReport.AgentKpis(
                id,
                offered,
                handled,
                count(a.declined, from, to),
                count(a.missed, from, to),
                count(a.cancelled, from, to),
                count(a.rona, from, to),
                offered == 0 ? null : (double) handled / offered,
                handled == 0 ? null : Duration.ofMillis(waitedMillis / handled),
                Duration.ofMillis(talkMillis),
                talked == 0 ? null : Duration.ofMillis(talkMillis / talked),
                Duration.ofMillis(handlingMillis),
                Duration.ofMillis(staffedMillis),
                staffedMillis == 0 ? null : Math.min(1.0, (double) handlingMillis / staffedMillis));
    }

    private static long count(Deque<Instant> times, Instant from, Instant to) {
        long n = 0;
        for (Instant t : times) {
            if (!t.isBefore(from) && t.isBefore(to)) {
                n++;
            }
        }
        return n;
    }

    /** Sums over the calls of one service. */
    private static final class Totals {
        long offered;
        long rejected;
        long overflowed;
        long handled;
        long withinTarget;
        long abandoned;
        long abandonedWhileRinging;
        long timedOut;
        long active;
        long ronas;
        long answerMillis;
        long queueMillis;
        long leftQueue;
        long talkMillis;
        long completed;

        void add(CallFacts c) {
            offered++;
            ronas += c.ronas;
            if (c.end == End.REJECTED) {
                rejected++;
                return;
            }
            if (c.end == End.OVERFLOWED) {
                overflowed++;
                return;
            }
            if (c.end == null) {
                active++;
            }
            if (c.connectedAt != null) {
                handled++;
                long waited = Duration.between(c.arrivedAt, c.connectedAt).toMillis();
                answerMillis += waited;
                if (waited <= c.target.toMillis()) {
                    withinTarget++;
                }
            }
            if (c.end == End.ABANDONED) {
                abandoned++;
                if (c.whileRinging) {
                    abandonedWhileRinging++;
                }
            } else if (c.end == End.TIMED_OUT) {
                timedOut++;
            } else if (c.end == End.COMPLETED && c.connectedAt != null) {
                talkMillis += Duration.between(c.connectedAt, c.endedAt).toMillis();
                completed++;
            }
            if (c.leftQueueAt != null) {
                queueMillis += Duration.between(c.arrivedAt, c.leftQueueAt).toMillis();
                leftQueue++;
            }
        }

        KpiReport.ServiceKpis kpis(ServiceId id, Double teamOccupancy) {
            long queued = offered - rejected - overflowed;
            return new KpiReport.ServiceKpis(
                    id,
                    offered,
                    queued,
                    handled,
                    abandoned,
                    abandonedWhileRinging,
                    overflowed,
                    timedOut,
                    rejected,
                    active,
                    withinTarget,
                    offered == 0 ? null : (double) withinTarget / offered,
                    handled == 0 ? null : Duration.ofMillis(answerMillis / handled),
                    leftQueue == 0 ? null : Duration.ofMillis(queueMillis / leftQueue),
                    Duration.ofMillis(talkMillis),
                    completed == 0 ? null : Duration.ofMillis(talkMillis / completed),
                    queued == 0 ? null : (double) handled / queued,
                    ronas,
                    teamOccupancy);
        }
    }
}
