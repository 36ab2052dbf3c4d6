package dev.switchboard.core.kpi;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the core's events into KPIs. Feed it every event in order ({@link #accept}); ask for a
 * {@link #report} as of any time at or after the last event.
 *
 * <p>The period starts at {@code from}: calls that arrived earlier are not counted, and agent
 * times are clipped to it. Calls count in the period (and interval) they arrived in.
 *
 * <p>Definitions: service level = answered within the service's target / offered; ASA = mean wait
 * of answered calls; occupancy = (talk + after-call work) / staffed time, staffed meaning the
 * agent's effective presence (detailed while tracked, else coarse) is not Offline; reachability =
 * answered / offered (per agent: answered / offers). Not thread-safe: one owner feeds it.
 */
public final class KpiCollector {
    /** Used only for a call of a service whose configuration was never seen. */
    private static final long DEFAULT_TARGET_NANOS = Duration.ofSeconds(20).toNanos();

    private final Instant from;
    private final long fromNanos;
    private final long intervalNanos;

    private final Map<ServiceId, ServiceAcc> services = new LinkedHashMap<>();
    private final Map<AgentId, AgentAcc> agents = new LinkedHashMap<>();
    private final Map<CallId, CallRecord> calls = new HashMap<>();

    /** Counts everything from {@code from} on, without intervals. */
    public KpiCollector(Instant from) {
        this(from, null);
    }

    /**
     * Counts everything from {@code from} on and also per arrival interval of the given length
     * (intervals are aligned to the epoch, so 15 minutes gives :00, :15, :30, :45); null for none.
     */
    public KpiCollector(Instant from, Duration interval) {
        this.from = java.util.Objects.requireNonNull(from, "from");
        this.fromNanos = nanos(from);
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalNanos = interval == null ? 0 : interval.toNanos();
    }

    public void acceptAll(List<? extends Event> events) {
        for (int i = 0, n = events.size(); i < n; i++) {
            accept(events.get(i));
        }
    }

    /** Takes one event into account. Events must come in the order the core emitted them. */
    public void accept(Event event) {
        long at = nanos(event.at());
        switch (event) {
            case Event.ServiceConfigured e ->
                service(e.service().id()).targetNanos =
                        e.service().serviceLevelTarget().toNanos();
            case Event.ServiceRemoved e -> {}
            case Event.AgentConfigured e -> agent(e.agent().id());
            case Event.AgentRemoved e -> {
                AgentAcc a = agents.get(e.agent());
                if (a != null) {
                    a.detailed = null;
                    a.coarse = null;
                    a.updateStaffed(at, fromNanos);
                }
            }
            case Event.ProfileConfigured e -> {}
            case Event.ProfileRemoved e -> {}
            case Event.CallQueued e -> {
                if (at >= fromNanos) {
                    ServiceAcc s = service(e.service());
                    CallRecord call = new CallRecord(s.totals, s.bucket(at, intervalNanos), at, s.targetNanos);
                    call.totals.offered++;
                    if (call.bucket != null) {
                        call.bucket.offered++;
                    }
                    calls.put(e.call(), call);
                }
            }
            case Event.CallRejected e -> {
                if (at >= fromNanos) {
                    ServiceAcc s = service(e.service());
                    s.totals.rejected++;
                    Counts bucket = s.bucket(at, intervalNanos);
                    if (bucket != null) {
                        bucket.rejected++;
                    }
                }
            }
            case Event.CallOverflowed e -> {
                CallRecord call = calls.remove(e.call());
                if (call != null) {
                    call.each(c -> c.overflowed++);
                    call.leaveQueue(at);
                }
            }
            case Event.CallTimedOut e -> {
                CallRecord call = calls.remove(e.call());
                if (call != null) {
                    call.each(c -> c.timedOut++);
                    call.leaveQueue(at);
                }
            }
            case Event.CallEscalated e -> {}
            case Event.CallOffered e -> {
                CallRecord call = calls.get(e.call());
                int n = e.agents().size();
                if (call != null) {
                    if (call.firstOffer < 0) {
                        call.firstOffer = at;
                    }
                    call.totals.offers += n;
                    if (call.bucket != null) {
                        call.bucket.offers += n;
                    }
                }
                for (int i = 0; i < n; i++) {
                    AgentAcc a = agent(e.agents().get(i));
                    if (at >= fromNanos) {
                        a.offers++;
                    }
                    a.ringStart = at;
                }
            }
            case Event.OfferDeclined e -> {
                AgentAcc a = agent(e.agent());
                if (at >= fromNanos) {
                    a.declined++;
                }
                a.endRing(at, fromNanos);
            }
            case Event.OfferExpired e -> {
                for (AgentId id : e.agents()) {
                    AgentAcc a = agent(id);
                    if (at >= fromNanos) {
                        a.missed++;
                    }
                    a.endRing(at, fromNanos);
                }
            }
            case Event.OfferCancelled e -> {
                for (AgentId id : e.agents()) {
                    agent(id).endRing(at, fromNanos);
                }
            }
            case Event.CallRequeued e -> {}
            case Event.CallConnected e -> {
                AgentAcc a = agent(e.agent());
                if (at >= fromNanos) {
                    a.answered++;
                }
                a.endRing(at, fromNanos);
                a.talkStart = at;
                CallRecord call = calls.get(e.call());
                if (call != null) {
                    call.connected = at;
                    long wait = at - call.queued;
                    boolean inTarget = wait <= call.targetNanos;
                    call.each(c -> {
                        c.answered++;
                        c.answerWaitNanos += wait;
                        c.maxAnswerWaitNanos = Math.max(c.maxAnswerWaitNanos, wait);
                        if (inTarget) {
                            c.answeredWithinTarget++;
                        }
                    });
                    call.leaveQueue(at);
                }
            }
            case Event.CallAbandoned e -> {
                CallRecord call = calls.remove(e.call());
                if (call != null) {
                    boolean ringing = e.whileRinging();
                    call.each(c -> {
                        c.abandoned++;
                        if (ringing) {
                            c.abandonedWhileRinging++;
                        } else {
                            c.abandonedInQueue++;
                        }
                    });
                    call.leaveQueue(at);
                }
            }
            case Event.CallCompleted e -> {
                CallRecord call = calls.remove(e.call());
                AgentAcc a = agent(e.agent());
                if (a.talkStart >= 0) {
                    a.talkNanos += clip(a.talkStart, at, fromNanos);
                    a.talkStart = -1;
                }
                a.lastCall = call;
                if (call != null && call.connected >= 0) {
                    long talk = at - call.connected;
                    call.each(c -> {
                        c.completed++;
                        c.talkNanos += talk;
                    });
                }
            }
            case Event.AgentPresenceChanged e -> {
                AgentAcc a = agent(e.agent());
                if (e.presence().fidelity() == dev.switchboard.core.presence.Fidelity.DETAILED) {
                    a.detailed = e.presence();
                } else {
                    a.coarse = e.presence();
                }
                a.updateStaffed(at, fromNanos);
            }
            case Event.PresenceTrackingChanged e -> {
                Iterable<AgentAcc> affected = e.agents().isEmpty() ? agents.values() : accs(e.agents());
                for (AgentAcc a : affected) {
                    if (e.fidelity() == dev.switchboard.core.presence.Fidelity.DETAILED) {
                        a.detailedTracking = e.tracking();
                    } else {
                        a.coarseTracking = e.tracking();
                    }
                    a.updateStaffed(at, fromNanos);
                }
            }
            case Event.DutyChanged e -> {}
            case Event.ActiveInServiceChanged e -> {}
            case Event.AgentReadinessChanged e -> {}
            case Event.RonaStarted e -> {
                AgentAcc a = agent(e.agent());
                if (at >= fromNanos) {
                    a.rona++;
                }
                CallRecord call = calls.get(e.call());
                if (call != null) {
                    call.each(c -> c.rona++);
                }
            }
            case Event.RonaCleared e -> {}
            case Event.AfterCallWorkStarted e -> {
                AgentAcc a = agent(e.agent());
                if (a.acwStart < 0) {
                    a.acwStart = at;
                    a.acwCall = a.lastCall;
                }
            }
            case Event.AfterCallWorkEnded e -> {
                AgentAcc a = agent(e.agent());
                if (a.acwStart >= 0) {
                    long total = at - a.acwStart;
                    a.acwNanos += clip(a.acwStart, at, fromNanos);
                    if (a.acwCall != null) {
                        a.acwCall.each(c -> c.afterCallWorkNanos += total);
                    }
                    a.acwStart = -1;
                    a.acwCall = null;
                }
            }
            case Event.ExternalCallChanged e -> {}
        }
    }

    /** The KPIs of [from, at]; open talk, wrap-up, ring and staffed time counts up to {@code at}. */
    public KpiReport report(Instant at) {
        long to = nanos(at);
        Map<ServiceId, ServiceKpis> serviceKpis = new LinkedHashMap<>();
        Counts all = new Counts();
        for (Map.Entry<ServiceId, ServiceAcc> e : services.entrySet()) {
            ServiceAcc s = e.getValue();
            all.add(s.totals);
            List<IntervalKpis> intervals = new ArrayList<>(s.buckets.size());
            for (Map.Entry<Long, Counts> b : s.buckets.entrySet()) {
                long start = b.getKey() * intervalNanos;
                intervals.add(new IntervalKpis(
                        instant(start),
                        instant(start + intervalNanos),
                        b.getValue().kpis()));
            }
            serviceKpis.put(
                    e.getKey(),
                    new ServiceKpis(e.getKey(), Duration.ofNanos(s.targetNanos), s.totals.kpis(), intervals));
        }
        Map<AgentId, AgentKpis> agentKpis = new LinkedHashMap<>();
        for (Map.Entry<AgentId, AgentAcc> e : agents.entrySet()) {
            agentKpis.put(e.getKey(), e.getValue().kpis(e.getKey(), to, fromNanos));
        }
        return new KpiReport(from, at, serviceKpis, agentKpis, all.kpis());
    }

    private ServiceAcc service(ServiceId id) {
        ServiceAcc s = services.get(id);
        if (s == null) {
            s = new ServiceAcc();
            services.put(id, s);
        }
        return s;
    }

    private AgentAcc agent(AgentId id) {
        AgentAcc a = agents.get(id);
        if (a == null) {
            a = new AgentAcc();
            agents.put(id, a);
        }
        return a;
    }

    private List<AgentAcc> accs(List<AgentId> ids) {
        List<AgentAcc> out = new ArrayList<>(ids.size());
        for (AgentId id : ids) {
            out.add(agent(id));
        }
        return out;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The part of [start, end] at or after {@code from}. */
    private static long clip(long start, long end, long from) {
        return Math.max(0, end - Math.max(start, from));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Mutable call counters of a service or an interval. */
    private static final class Counts {
        long offered;
        long answered;
        long answeredWithinTarget;
        long abandoned;
        long abandonedInQueue;
        long abandonedWhileRinging;
        long timedOut;
        long overflowed;
        long rejected;
        long waited;
        long offers;
        long rona;
        long answerWaitNanos;
        long maxAnswerWaitNanos;
        long queueNanos;
        long leftQueue;
        long talkNanos;
        long completed;
        long afterCallWorkNanos;

        void add(Counts o) {
            offered += o.offered;
            answered += o.answered;
            answeredWithinTarget += o.answeredWithinTarget;
            abandoned += o.abandoned;
            abandonedInQueue += o.abandonedInQueue;
            abandonedWhileRinging += o.abandonedWhileRinging;
            timedOut += o.timedOut;
            overflowed += o.overflowed;
            rejected += o.rejected;
            waited += o.waited;
            offers += o.offers;
            rona += o.rona;
            answerWaitNanos += o.answerWaitNanos;
            maxAnswerWaitNanos = Math.max(maxAnswerWaitNanos, o.maxAnswerWaitNanos);
            queueNanos += o.queueNanos;
            leftQueue += o.leftQueue;
            talkNanos += o.talkNanos;
            completed += o.completed;
            afterCallWorkNanos += o.afterCallWorkNanos;
        }

        CallKpis kpis() {
            return new CallKpis(
                    offered,
                    answered,
                    answeredWithinTarget,
                    abandoned,
                    abandonedInQueue,
                    abandonedWhileRinging,
                    timedOut,
                    overflowed,
                    rejected,
                    waited,
                    offers,
                    rona,
                    seconds(answerWaitNanos),
                    seconds(maxAnswerWaitNanos),
                    seconds(queueNanos),
                    leftQueue,
                    seconds(talkNanos),
                    completed,
                    seconds(afterCallWorkNanos));
        }
    }

    private static final class ServiceAcc {
        long targetNanos = DEFAULT_TARGET_NANOS;
        final Counts totals = new Counts();
        final TreeMap<Long, Counts> buckets = new TreeMap<>();
        /** The last bucket used: calls arrive in order, so this is nearly always the one. */
        long lastBucketIndex = Long.MIN_VALUE;

        Counts lastBucket;

        Counts bucket(long at, long intervalNanos) {
            if (intervalNanos == 0) {
                return null;
            }
            long index = Math.floorDiv(at, intervalNanos);
            if (index != lastBucketIndex) {
                lastBucket = buckets.computeIfAbsent(index, k -> new Counts());
                lastBucketIndex = index;
            }
            return lastBucket;
        }
    }

    /** One call in the period, from queued until it leaves the core. */
    private static final class CallRecord {
        final Counts totals;
        final Counts bucket;
        final long queued;
        final long targetNanos;
        long firstOffer = -1;
        long connected = -1;
        boolean leftQueue;

        CallRecord(Counts totals, Counts bucket, long queued, long targetNanos) {
            this.totals = totals;
            this.bucket = bucket;
            this.queued = queued;
            this.targetNanos = targetNanos;
        }

        void each(java.util.function.Consumer<Counts> update) {
            update.accept(totals);
            if (bucket != null) {
                update.accept(bucket);
            }
        }

        /** The call is answered or gone: its queue time is known, and whether it had to wait. */
        void leaveQueue(long at) {
            if (leftQueue) {
                return;
            }
            leftQueue = true;
            long inQueue = at - queued;
            boolean waited = firstOffer < 0 || firstOffer > queued;
            each(c -> {
                c.queueNanos += inQueue;
                c.leftQueue++;
                if (waited) {
                    c.waited++;
                }
            });
        }
    }

    private static final class AgentAcc {
        long offers;
        long answered;
        long declined;
        long missed;
        long rona;
        long talkNanos;
        long acwNanos;
        long ringNanos;
        long staffedNanos;

        long ringStart = -1;
        long talkStart = -1;
        long acwStart = -1;
        long staffedSince = -1;
        CallRecord lastCall;
        CallRecord acwCall;

        Presence detailed;
        Presence coarse;
        boolean detailedTracking = true;
        boolean coarseTracking = true;

        void endRing(long at, long from) {
            if (ringStart >= 0) {
                ringNanos += clip(ringStart, at, from);
                ringStart = -1;
            }
        }

        void updateStaffed(long at, long from) {
            Presence effective =
                    detailed != null && detailedTracking ? detailed : coarse != null && coarseTracking ? coarse : null;
            boolean staffed = effective != null && effective.group() != PresenceGroup.OFFLINE;
            if (staffed && staffedSince < 0) {
                staffedSince = at;
            } else if (!staffed && staffedSince >= 0) {
                staffedNanos += clip(staffedSince, at, from);
                staffedSince = -1;
            }
        }

        AgentKpis kpis(AgentId id, long to, long from) {
            long talk = talkNanos + (talkStart >= 0 ? clip(talkStart, to, from) : 0);
            long acw = acwNanos + (acwStart >= 0 ? clip(acwStart, to, from) : 0);
            long ring = ringNanos + (ringStart >= 0 ? clip(ringStart, to, from) : 0);
            long staffed = staffedNanos + (staffedSince >= 0 ? clip(staffedSince, to, from) : 0);
            return new AgentKpis(
                    id,
                    offers,
                    answered,
                    declined,
                    missed,
                    rona,
                    seconds(talk),
                    seconds(acw),
                    seconds(ring),
                    seconds(staffed));
        }
    }
}
