package dev.switchboard.core.kpi;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ServiceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Folds the core's events into KPIs. Feed it every event in order ({@link #accept}); ask for a
 * {@link #report} as of any time at or after the last event — and, when made {@link
 * #withHistory with history}, for the {@link #kpis(Instant, Instant, Instant) KPIs of any range}.
 *
 * <p>The running report starts at {@code from}: calls that arrived earlier are not counted, and
 * agent times are clipped to it. Calls count in the period (and interval) they arrived in.
 *
 * <p>Definitions of the running report (the simulator's): service level = answered within the
 * service's target / offered (calls that entered the queue); ASA = mean wait of answered calls;
 * occupancy = (talk + after-call work) / staffed time, staffed meaning the agent's effective
 * presence (detailed while tracked, else coarse) is not Offline; reachability = answered /
 * offered (per agent: answered / offers). Ranges use the store's definitions: see {@link
 * RangeKpis}. Not thread-safe: one owner feeds and asks it.
 */
public final class KpiCollector {
    /** Used only for a call of a service whose configuration was never seen. */
    private static final long DEFAULT_TARGET_NANOS = Duration.ofSeconds(20).toNanos();
    /** With history, facts older than the retention are dropped this often (in event time). */
    private static final long PRUNE_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final Instant from;
    private final long fromNanos;
    private final long intervalNanos;

    private final Map<ServiceId, ServiceAcc> services = new LinkedHashMap<>();
    private final Map<AgentId, AgentFacts> agents = new LinkedHashMap<>();
    /** Calls that have not ended. */
    private final Map<CallId, CallRecord> calls = new HashMap<>();

    /** With history: every call kept, in arrival order, and the limits; else null and 0. */
    private final ArrayDeque<CallRecord> kept;

    private final long retentionNanos;
    private final int maxCalls;
    private final int maxFactsPerAgent;
    private long lastPrune;

    /** Counts everything from {@code from} on, without intervals. */
    public KpiCollector(Instant from) {
        this(from, null);
    }

    /**
     * Counts everything from {@code from} on and also per arrival interval of the given length
     * (intervals are aligned to the epoch, so 15 minutes gives :00, :15, :30, :45); null for none.
     */
    public KpiCollector(Instant from, Duration interval) {
        this(from, interval, null, 0, 0);
    }

    private KpiCollector(Instant from, Duration interval, Duration retention, int maxCalls, int maxFactsPerAgent) {
        this.from = Objects.requireNonNull(from, "from");
        this.fromNanos = nanos(from);
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.intervalNanos = interval == null ? 0 : interval.toNanos();
        this.kept = retention == null ? null : new ArrayDeque<>();
        this.retentionNanos = retention == null ? 0 : retention.toNanos();
        this.maxCalls = maxCalls;
        this.maxFactsPerAgent = maxFactsPerAgent;
    }

    /**
     * A collector that also keeps every fact with its time, so it can answer {@link
     * #kpis(Instant, Instant, Instant)} for any range inside the retention. Memory stays bounded:
     * at most {@code maxCalls} calls and {@code maxFactsPerAgent} facts of each kind per agent.
     *
     * @param retention how long facts are kept (measured in event time)
     */
    public static KpiCollector withHistory(Duration retention, int maxCalls, int maxFactsPerAgent) {
        if (retention.isNegative() || retention.isZero() || maxCalls < 1 || maxFactsPerAgent < 1) {
            throw new IllegalArgumentException("retention and limits must be positive");
        }
        return new KpiCollector(Instant.EPOCH, null, retention, maxCalls, maxFactsPerAgent);
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
            case Event.ServiceConfigured e -> {
                ServiceAcc s = service(e.service().id());
                s.targetNanos = e.service().serviceLevelTarget().toNanos();
                s.members = e.service().members();
                s.configured = true;
            }
            case Event.ServiceRemoved e -> {
                ServiceAcc s = services.get(e.service());
                if (s != null) {
                    s.configured = false;
                    s.members = List.of();
                }
            }
            case Event.AgentConfigured e -> agent(e.agent().id());
            case Event.AgentRemoved e -> {
                AgentFacts a = agents.get(e.agent());
                if (a != null) {
                    a.removed(at);
                }
                // The core drops the agent from every service's members without a ServiceConfigured.
                for (ServiceAcc s : services.values()) {
                    if (s.members.contains(e.agent())) {
                        List<AgentId> rest = new ArrayList<>(s.members);
                        rest.remove(e.agent());
                        s.members = List.copyOf(rest);
                    }
                }
            }
            case Event.ProfileConfigured e -> {}
            case Event.ProfileRemoved e -> {}
            case Event.CallQueued e -> {
                if (at >= fromNanos) {
                    calls.put(e.call(), arrive(e.service(), at));
                }
            }
            case Event.CallRejected e -> {
                if (at >= fromNanos) {
                    arrive(e.service(), at).end(CallRecord.Outcome.REJECTED, at);
                }
            }
            case Event.CallOverflowed e -> end(e.call(), CallRecord.Outcome.OVERFLOWED, at);
            case Event.CallTimedOut e -> end(e.call(), CallRecord.Outcome.TIMED_OUT, at);
            case Event.CallEscalated e -> {}
            case Event.CallOffered e -> {
                CallRecord call = calls.get(e.call());
                int n = e.agents().size();
                if (call != null) {
                    if (call.firstOffer < 0) {
                        call.firstOffer = at;
                    }
                    call.offers += n;
                }
                for (int i = 0; i < n; i++) {
                    agent(e.agents().get(i)).fact(AgentFacts.Fact.OFFERED, at);
                }
            }
            case Event.OfferDeclined e -> agent(e.agent()).fact(AgentFacts.Fact.DECLINED, at);
            case Event.OfferExpired e -> facts(e.agents(), AgentFacts.Fact.MISSED, at);
            case Event.OfferCancelled e -> facts(e.agents(), AgentFacts.Fact.CANCELLED, at);
            case Event.CallRequeued e -> {}
            case Event.CallConnected e -> {
                CallRecord call = calls.get(e.call());
                if (call != null) {
                    call.connected = at;
                    call.leaveQueue(at);
                }
                agent(e.agent()).connected(at, call);
            }
            case Event.CallAbandoned e -> {
                CallRecord call = calls.get(e.call());
                if (call != null) {
                    call.abandonedWhileRinging = e.whileRinging();
                }
                end(e.call(), CallRecord.Outcome.ABANDONED, at);
            }
            case Event.CallCompleted e -> {
                CallRecord call = end(e.call(), CallRecord.Outcome.COMPLETED, at);
                agent(e.agent()).completed(at, call);
            }
            case Event.AgentPresenceChanged e -> agent(e.agent()).presence(e.presence(), at);
            case Event.PresenceTrackingChanged e -> {
                Iterable<AgentFacts> affected = e.agents().isEmpty() ? agents.values() : facts(e.agents());
                for (AgentFacts a : affected) {
                    a.tracking(e.fidelity(), e.tracking(), at);
                }
            }
            case Event.DutyChanged e -> {}
            case Event.ActiveInServiceChanged e -> {}
            case Event.AgentReadinessChanged e -> {}
            case Event.RonaStarted e -> {
                agent(e.agent()).fact(AgentFacts.Fact.RONA, at);
                CallRecord call = calls.get(e.call());
                if (call != null) {
                    call.ronas++;
                }
            }
            case Event.RonaCleared e -> {}
            case Event.AfterCallWorkStarted e -> agent(e.agent()).afterCallWorkStarted(at);
            case Event.AfterCallWorkEnded e -> agent(e.agent()).afterCallWorkEnded(at);
            case Event.ExternalCallChanged e -> {}
        }
        if (kept != null && at - lastPrune > PRUNE_EVERY_NANOS) {
            forgetBefore(at - retentionNanos);
            lastPrune = at;
        }
    }

    private CallRecord arrive(ServiceId id, long at) {
        ServiceAcc s = service(id);
        CallRecord call = new CallRecord(id, s.totals, s.bucket(at, intervalNanos), at, s.targetNanos);
        if (kept != null) {
            if (kept.size() >= maxCalls) {
                kept.removeFirst();
            }
            kept.addLast(call);
        }
        return call;
    }

    private CallRecord end(CallId id, CallRecord.Outcome outcome, long at) {
        CallRecord call = calls.remove(id);
        if (call != null) {
            call.end(outcome, at);
        }
        return call;
    }

    private void forgetBefore(long limit) {
        while (!kept.isEmpty() && !kept.peekFirst().active() && kept.peekFirst().ended < limit) {
            kept.removeFirst();
        }
        for (AgentFacts a : agents.values()) {
            a.history.forgetBefore(limit);
        }
    }

    // =====================================================================================
    // The running report
    // =====================================================================================

    /** The KPIs of [from, at]; open talk, wrap-up, ring and staffed time counts up to {@code at}. */
    public KpiReport report(Instant at) {
        long to = nanos(at);
        // Active calls count with what is known of them so far, on top of the ended ones.
        Map<CallTally, CallTally> withActive = new IdentityHashMap<>();
        for (CallRecord c : calls.values()) {
            withActive.computeIfAbsent(c.totals, CallTally::copy).add(c);
            if (c.bucket != null) {
                withActive.computeIfAbsent(c.bucket, CallTally::copy).add(c);
            }
        }
        Map<ServiceId, ServiceKpis> serviceKpis = new LinkedHashMap<>();
        CallTally all = new CallTally();
        for (Map.Entry<ServiceId, ServiceAcc> e : services.entrySet()) {
            ServiceAcc s = e.getValue();
            CallTally totals = withActive.getOrDefault(s.totals, s.totals);
            all.add(totals);
            List<IntervalKpis> intervals = new ArrayList<>(s.buckets.size());
            for (Map.Entry<Long, CallTally> b : s.buckets.entrySet()) {
                long start = b.getKey() * intervalNanos;
                intervals.add(new IntervalKpis(
                        instant(start),
                        instant(start + intervalNanos),
                        withActive.getOrDefault(b.getValue(), b.getValue()).kpis()));
            }
            serviceKpis.put(
                    e.getKey(), new ServiceKpis(e.getKey(), Duration.ofNanos(s.targetNanos), totals.kpis(), intervals));
        }
        Map<AgentId, AgentKpis> agentKpis = new LinkedHashMap<>();
        for (Map.Entry<AgentId, AgentFacts> e : agents.entrySet()) {
            agentKpis.put(e.getKey(), e.getValue().kpis(e.getKey(), to));
        }
        return new KpiReport(from, at, serviceKpis, agentKpis, all.kpis());
    }

    // =====================================================================================
    // Ranges (with history)
    // =====================================================================================

    /**
     * The KPIs of {@code [from, to)} with the store's definitions; open intervals (talking,
     * wrapping up, signed in) count up to {@code now}. Needs {@link #withHistory history}.
     */
    public RangeKpis kpis(Instant from, Instant to, Instant now) {
        return kpis(List.of(from, to), now).get(0);
    }

    /**
     * The KPIs of each range between consecutive {@code bounds} (strictly increasing, at least
     * two), in one pass over the history: a series of buckets costs about what one range does.
     */
    public List<RangeKpis> kpis(List<Instant> bounds, Instant now) {
        if (kept == null) {
            throw new IllegalStateException("ranges need a collector made with history");
        }
        if (bounds.size() < 2) {
            throw new IllegalArgumentException("at least two bounds are needed");
        }
        int n = bounds.size() - 1;
        long[] b = new long[n + 1];
        for (int k = 0; k <= n; k++) {
            b[k] = nanos(bounds.get(k));
            if (k > 0 && b[k] <= b[k - 1]) {
                throw new IllegalArgumentException("bounds must be strictly increasing");
            }
        }
        long nowNanos = nanos(now);

        // Calls by service and range; configured services are listed even without calls.
        Map<ServiceId, CallTally[]> calls = new TreeMap<>();
        services.forEach((id, s) -> {
            if (s.configured) {
                calls.put(id, new CallTally[n]);
            }
        });
        int k = 0;
        for (CallRecord c : kept) {
            k = TimeLine.rangeOf(c.queued, b, k);
            if (k == n) {
                break;
            }
            if (k < 0) {
                continue;
            }
            CallTally[] tallies = calls.computeIfAbsent(c.service, id -> new CallTally[n]);
            if (tallies[k] == null) {
                tallies[k] = new CallTally();
            }
            tallies[k].add(c);
        }

        Map<AgentId, AgentFacts.Range[]> agentRanges = new TreeMap<>();
        agents.forEach((id, a) -> agentRanges.put(id, a.ranges(b, nowNanos)));

        List<RangeKpis> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            List<RangeKpis.ServiceFigures> serviceFigures = new ArrayList<>(calls.size());
            for (Map.Entry<ServiceId, CallTally[]> e : calls.entrySet()) {
                CallTally t = e.getValue()[r];
                boolean listed = t != null || services.get(e.getKey()).configured;
                if (listed) {
                    serviceFigures.add((t == null ? new CallTally() : t)
                            .figures(e.getKey(), teamOccupancy(services.get(e.getKey()), agentRanges, r)));
                }
            }
            List<RangeKpis.AgentFigures> agentFigures = new ArrayList<>();
            for (Map.Entry<AgentId, AgentFacts.Range[]> e : agentRanges.entrySet()) {
                AgentFacts.Range range = e.getValue()[r];
                if (range.any()) {
                    agentFigures.add(range.figures(e.getKey()));
                }
            }
            out.add(new RangeKpis(bounds.get(r), bounds.get(r + 1), serviceFigures, agentFigures));
        }
        return out;
    }

    /** Handling ÷ staffed time of the service's current members in range {@code r}. */
    private static Double teamOccupancy(ServiceAcc s, Map<AgentId, AgentFacts.Range[]> agents, int r) {
        long handling = 0;
        long staffed = 0;
        for (AgentId member : s.members) {
            AgentFacts.Range[] ranges = agents.get(member);
            if (ranges != null) {
                handling += ranges[r].handlingNanos;
                staffed += ranges[r].staffedNanos;
            }
        }
        return staffed == 0 ? null : Math.min(1.0, (double) handling / staffed);
    }

    // =====================================================================================

    private ServiceAcc service(ServiceId id) {
        ServiceAcc s = services.get(id);
        if (s == null) {
            s = new ServiceAcc();
            services.put(id, s);
        }
        return s;
    }

    private AgentFacts agent(AgentId id) {
        AgentFacts a = agents.get(id);
        if (a == null) {
            a = new AgentFacts(fromNanos, kept == null ? null : new AgentFacts.History(maxFactsPerAgent));
            agents.put(id, a);
        }
        return a;
    }

    private void facts(List<AgentId> ids, AgentFacts.Fact fact, long at) {
        for (AgentId id : ids) {
            agent(id).fact(fact, at);
        }
    }

    private List<AgentFacts> facts(List<AgentId> ids) {
        List<AgentFacts> out = new ArrayList<>(ids.size());
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

    /** A service: its target and members as configured now, and its running figures. */
    private static final class ServiceAcc {
        long targetNanos = DEFAULT_TARGET_NANOS;
        List<AgentId> members = List.of();
        boolean configured;
        final CallTally totals = new CallTally();
        final TreeMap<Long, CallTally> buckets = new TreeMap<>();
        /** The last bucket used: calls arrive in order, so this is nearly always the one. */
        long lastBucketIndex = Long.MIN_VALUE;

        CallTally lastBucket;

        CallTally bucket(long at, long intervalNanos) {
            if (intervalNanos == 0) {
                return null;
            }
            long index = Math.floorDiv(at, intervalNanos);
            if (index != lastBucketIndex) {
                lastBucket = buckets.computeIfAbsent(index, k -> new CallTally());
                lastBucketIndex = index;
            }
            return lastBucket;
        }
    }
}
