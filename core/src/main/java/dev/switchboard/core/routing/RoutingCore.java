package dev.switchboard.core.routing;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.CancelReason;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.event.RejectReason;
import dev.switchboard.core.event.RonaClearReason;
import dev.switchboard.core.model.ActionType;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.IdleClock;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The routing state machine of one tenant: commands in, events out.
 *
 * <p>{@link #handle} first fires every deadline due up to the command's time, then decides the
 * command, then dispatches waiting calls. Every decision emits events, and every event is applied
 * at once by {@link #apply} — the only code that mutates state, and the same code that replays a
 * journal. Not thread-safe: one thread owns an instance.
 */
public final class RoutingCore {

    /** Candidates shown in an explanation beyond the ones chosen. */
    private static final int EXTRA_CANDIDATES = 3;

    private final CandidateSelector selector;
    private final boolean checkOffers;
    /** The indexed core skips calls that cannot find anybody; the reference tries every call. */
    private final boolean skipExhaustedLevels;

    private long dispatchPass;

    private final Map<AgentId, AgentState> agents = new HashMap<>();
    private final Map<ServiceId, ServiceState> services = new LinkedHashMap<>();
    private final Map<CallId, CallState> calls = new HashMap<>();
    private final Map<ProfileId, ResponsibilityProfile> profiles = new HashMap<>();
    private final TreeSet<Deadline> deadlines = new TreeSet<>(Deadline.ORDER);
    /** Ringing parallel offers, lowest priority and newest first: where agents may be borrowed. */
    private final TreeSet<CallState> parallelRinging = new TreeSet<>(CallState.QUEUE_ORDER.reversed());

    private List<ServiceState> dirtyServices = new ArrayList<>();
    /** The other half of the double buffer {@link StateAccess#drainDirty} hands out. */
    private List<ServiceState> drainedServices = new ArrayList<>();

    private final StateAccess access = new StateAccess();

    private long deadlineSeq;
    private long callSeq;
    private int agentOrdinals;
    private long version;
    private Instant now = Instant.EPOCH;

    /** Events emitted by the command being handled; null outside {@link #handle}. */
    private List<Event> out;

    // Views for snapshots, rebuilt only for agents touched since the last snapshot.
    private final Map<AgentId, AgentView> agentViews = new HashMap<>();
    private final List<AgentState> staleViews = new ArrayList<>();

    private RoutingCore(CandidateSelector selector, boolean checkOffers) {
        this.selector = selector;
        this.checkOffers = checkOffers;
        this.skipExhaustedLevels = selector instanceof IndexedSelector;
    }

    /** The production core: per-service indexes, no scans. */
    public static RoutingCore indexed() {
        return new RoutingCore(new IndexedSelector(), false);
    }

    /** The naive reference: recomputes eligibility from scratch for every decision. */
    public static RoutingCore reference() {
        return new RoutingCore(new ScanningSelector(), false);
    }

    /** The indexed core that also asserts, before each offer, that every agent offered is selectable. */
    public static RoutingCore indexedWithChecks() {
        return new RoutingCore(new IndexedSelector(), true);
    }

    // =====================================================================================
    // Handling commands
    // =====================================================================================

    /** Handles one command: fires due deadlines, decides, dispatches. */
    public Outcome handle(Command command) {
        if (out != null) {
            throw new IllegalStateException("handle() is not reentrant");
        }
        out = new ArrayList<>(4);
        try {
            Instant at = command.at() == null || command.at().isBefore(now) ? now : command.at();
            fireDue(at);
            now = at;
            Rejection rejection = decide(command, at);
            dispatch(at);
            fireDue(at);
            return new Outcome(out, rejection);
        } finally {
            out = null;
        }
    }

    /** The earliest pending deadline, for the engine's or simulator's timer. */
    public Optional<Instant> nextDeadline() {
        while (!deadlines.isEmpty() && !isValid(deadlines.first())) {
            deadlines.pollFirst();
        }
        return deadlines.isEmpty()
                ? Optional.empty()
                : Optional.of(deadlines.first().at());
    }

    public Instant now() {
        return now;
    }

    /** Number of events applied so far (live or replayed). */
    public long version() {
        return version;
    }

    private void emit(Event event) {
        apply(event);
        out.add(event);
    }

    private static Rejection reject(Rejection.Code code, String message) {
        return new Rejection(code, message);
    }

    private Rejection decide(Command command, Instant at) {
        return switch (command) {
            case Command.ConfigureService c -> configureService(c, at);
            case Command.RemoveService c -> removeService(c, at);
            case Command.ConfigureAgent c -> {
                emit(new Event.AgentConfigured(at, c.agent()));
                yield null;
            }
            case Command.RemoveAgent c -> removeAgent(c, at);
            case Command.ConfigureProfile c -> {
                emit(new Event.ProfileConfigured(at, c.profile()));
                yield null;
            }
            case Command.RemoveProfile c -> {
                if (!profiles.containsKey(c.profile())) {
                    yield reject(Rejection.Code.UNKNOWN_PROFILE, "no profile " + c.profile());
                }
                emit(new Event.ProfileRemoved(at, c.profile()));
                yield null;
            }
            case Command.CallArrived c -> callArrived(c, at);
            case Command.CallerHungUp c -> callerHungUp(c, at);
            case Command.OfferAccepted c -> offerAccepted(c, at);
            case Command.OfferDeclined c -> offerDeclined(c, at);
            case Command.CallEnded c -> {
                CallState call = calls.get(c.call());
                if (call == null) {
                    yield reject(Rejection.Code.UNKNOWN_CALL, "no active call " + c.call());
                }
                if (call.status != CallState.Status.CONNECTED) {
                    yield reject(Rejection.Code.CALL_NOT_CONNECTED, "call " + c.call() + " is " + call.status);
                }
                endConnected(call, at);
                yield null;
            }
            case Command.ExternalCallReported c -> {
                AgentState a = agents.get(c.agent());
                if (a == null) {
                    yield unknownAgent(c.agent());
                }
                if (a.externalCall != c.inCall()) {
                    emit(new Event.ExternalCallChanged(at, a.id, c.inCall()));
                }
                yield null;
            }
            case Command.PresenceObserved c -> presenceObserved(c, at);
            case Command.PresenceTrackingChanged c -> trackingChanged(c, at);
            case Command.DutyChanged c -> dutyChanged(c, at);
            case Command.ActiveInServiceChanged c -> activeChanged(c, at);
            case Command.AgentReady c -> {
                AgentState a = agents.get(c.agent());
                if (a == null) {
                    yield unknownAgent(c.agent());
                }
                if (a.notReadyReason != null) {
                    emit(new Event.AgentReadinessChanged(at, a.id, true, null));
                }
                yield null;
            }
            case Command.AgentNotReady c -> {
                AgentState a = agents.get(c.agent());
                if (a == null) {
                    yield unknownAgent(c.agent());
                }
                if (!c.reason().equals(a.notReadyReason)) {
                    emit(new Event.AgentReadinessChanged(at, a.id, false, c.reason()));
                }
                yield null;
            }
            case Command.ResetRona c -> {
                AgentState a = agents.get(c.agent());
                if (a == null) {
                    yield unknownAgent(c.agent());
                }
                if (a.inRona()) {
                    emit(new Event.RonaCleared(at, a.id, RonaClearReason.MANUAL));
                }
                yield null;
            }
            case Command.EndAfterCallWork c -> {
                AgentState a = agents.get(c.agent());
                if (a == null) {
                    yield unknownAgent(c.agent());
                }
                if (!a.inAfterCallWork()) {
                    yield reject(Rejection.Code.NOT_IN_AFTER_CALL_WORK, a.id + " is not in after-call work");
                }
                emit(new Event.AfterCallWorkEnded(at, a.id, true));
                yield null;
            }
            case Command.ExtendAfterCallWork c -> {
                AgentState a = agents.get(c.agent());
                if (a == null) {
                    yield unknownAgent(c.agent());
                }
                if (c.extension().isNegative()
                        || c.extension().isZero()
                        || c.extension().compareTo(Duration.ofHours(1)) > 0) {
                    yield reject(Rejection.Code.INVALID, "extension must be between 1 s and 3600 s");
                }
                if (!a.inAfterCallWork()) {
                    yield reject(Rejection.Code.NOT_IN_AFTER_CALL_WORK, a.id + " is not in after-call work");
                }
                emit(new Event.AfterCallWorkStarted(at, a.id, a.acwCall, at.plus(c.extension())));
                yield null;
            }
            case Command.Tick c -> null;
        };
    }

    private static Rejection unknownAgent(AgentId id) {
        return reject(Rejection.Code.UNKNOWN_AGENT, "no agent " + id);
    }

    private Rejection configureService(Command.ConfigureService c, Instant at) {
        for (AgentId member : c.service().members()) {
            if (!agents.containsKey(member)) {
                return reject(Rejection.Code.UNKNOWN_AGENT, "members: no agent " + member);
            }
        }
        emit(new Event.ServiceConfigured(at, c.service()));
        return null;
    }

    private Rejection removeService(Command.RemoveService c, Instant at) {
        ServiceState s = services.get(c.service());
        if (s == null) {
            return reject(Rejection.Code.UNKNOWN_SERVICE, "no service " + c.service());
        }
        if (s.activeCalls() > 0) {
            return reject(Rejection.Code.SERVICE_IN_USE, c.service() + " still has " + s.activeCalls() + " calls");
        }
        emit(new Event.ServiceRemoved(at, c.service()));
        return null;
    }

    private Rejection removeAgent(Command.RemoveAgent c, Instant at) {
        AgentState a = agents.get(c.agent());
        if (a == null) {
            return unknownAgent(c.agent());
        }
        if (a.ringingFor != null || a.connectedCall != null || a.inAfterCallWork()) {
            return reject(Rejection.Code.AGENT_IN_USE, a.id + " is ringing, talking or wrapping up");
        }
        emit(new Event.AgentRemoved(at, a.id));
        return null;
    }

    private Rejection callArrived(Command.CallArrived c, Instant at) {
        if (calls.containsKey(c.call())) {
            return reject(Rejection.Code.DUPLICATE_CALL, "call " + c.call() + " is already active");
        }
        ServiceState s = services.get(c.service());
        if (s == null) {
            return reject(Rejection.Code.UNKNOWN_SERVICE, "no service " + c.service());
        }
        ServiceConfig config = s.config;
        if (config.openingHours() != null && !config.openingHours().isOpen(at)) {
            emit(new Event.CallRejected(at, c.call(), s.config.id(), RejectReason.CLOSED, config.closedAction()));
            return null;
        }
        if (config.queue().noAgentsAction().type() != ActionType.QUEUE && !anyStaffed(s)) {
            emit(new Event.CallRejected(
                    at,
                    c.call(),
                    s.config.id(),
                    RejectReason.NO_AGENTS,
                    config.queue().noAgentsAction()));
            return null;
        }
        emit(new Event.CallQueued(at, c.call(), s.config.id(), c.priority(), c.caller()));
        dispatch(at);
        CallState call = calls.get(c.call());
        if (call != null
                && call.status == CallState.Status.WAITING
                && s.waiting.size() > config.queue().maxSize()) {
            emit(new Event.CallOverflowed(at, call.id, config.queue().overflowAction()));
        }
        return null;
    }

    private boolean anyStaffed(ServiceState s) {
        if (selector.selectableCount(s, 0) > 0) {
            return true;
        }
        for (Membership m : s.members) {
            if (Eligibility.staffed(m)) {
                return true;
            }
        }
        return false;
    }

    private Rejection callerHungUp(Command.CallerHungUp c, Instant at) {
        CallState call = calls.get(c.call());
        if (call == null) {
            return reject(Rejection.Code.UNKNOWN_CALL, "no active call " + c.call());
        }
        switch (call.status) {
            case WAITING -> emit(new Event.CallAbandoned(at, call.id, false));
            case RINGING -> {
                emit(new Event.OfferCancelled(at, call.id, ids(call.ringing), CancelReason.CALLER_HUNG_UP));
                emit(new Event.CallAbandoned(at, call.id, true));
            }
            case CONNECTED -> endConnected(call, at);
        }
        return null;
    }

    private Rejection ringingFor(CallState call, AgentState agent, CallId callId, AgentId agentId) {
        if (call == null) {
            return reject(Rejection.Code.UNKNOWN_CALL, "no active call " + callId);
        }
        if (agent == null) {
            return unknownAgent(agentId);
        }
        if (call.status != CallState.Status.RINGING || !call.ringing.contains(agent)) {
            return reject(Rejection.Code.NOT_RINGING_FOR_AGENT, "call " + callId + " is not ringing for " + agentId);
        }
        return null;
    }

    private Rejection offerAccepted(Command.OfferAccepted c, Instant at) {
        CallState call = calls.get(c.call());
        AgentState agent = agents.get(c.agent());
        Rejection r = ringingFor(call, agent, c.call(), c.agent());
        if (r != null) {
            return r;
        }
        if (call.ringing.size() > 1) {
            List<AgentId> others = new ArrayList<>();
            for (AgentState o : call.ringing) {
                if (o != agent) {
                    others.add(o.id);
                }
            }
            emit(new Event.OfferCancelled(at, call.id, others, CancelReason.ANSWERED_ELSEWHERE));
        }
        emit(new Event.CallConnected(at, call.id, agent.id));
        return null;
    }

    private Rejection offerDeclined(Command.OfferDeclined c, Instant at) {
        CallState call = calls.get(c.call());
        AgentState agent = agents.get(c.agent());
        Rejection r = ringingFor(call, agent, c.call(), c.agent());
        if (r != null) {
            return r;
        }
        emit(new Event.OfferDeclined(at, call.id, agent.id));
        if (call.service.config.ronaApplies()) {
            emit(new Event.RonaStarted(
                    at, agent.id, call.id, at.plus(call.service.config.rona().resetAfter())));
        }
        if (call.ringing.isEmpty()) {
            emit(new Event.CallRequeued(at, call.id));
        }
        return null;
    }

    private void endConnected(CallState call, Instant at) {
        AgentState agent = call.agent;
        emit(new Event.CallCompleted(at, call.id, agent.id));
        Duration acw = call.service.config.afterCallWork();
        if (!acw.isZero()) {
            emit(new Event.AfterCallWorkStarted(at, agent.id, call.id, at.plus(acw)));
        }
    }

    private Rejection presenceObserved(Command.PresenceObserved c, Instant at) {
        AgentState a = agents.get(c.agent());
        if (a == null) {
            return unknownAgent(c.agent());
        }
        Presence p = c.presence();
        Presence current = p.fidelity() == Fidelity.DETAILED ? a.detailed : a.coarse;
        if (current != null && p.isStaleComparedTo(current)) {
            return null; // a duplicate or an older reading: never overwrite newer with older
        }
        emit(new Event.AgentPresenceChanged(at, a.id, p));
        if (a.inRona() && a.group == PresenceGroup.OFFLINE) {
            emit(new Event.RonaCleared(at, a.id, RonaClearReason.OFFLINE));
        }
        return null;
    }

    private Rejection trackingChanged(Command.PresenceTrackingChanged c, Instant at) {
        Collection<AgentId> candidates = c.agents().isEmpty() ? new TreeMap<>(agents).keySet() : c.agents();
        List<AgentId> changed = new ArrayList<>();
        for (AgentId id : candidates) {
            AgentState a = agents.get(id);
            if (a == null) {
                continue; // a source may know users that are not (or no longer) agents
            }
            boolean current = c.fidelity() == Fidelity.DETAILED ? a.detailedTracking : a.coarseTracking;
            if (current != c.tracking()) {
                changed.add(id);
            }
        }
        if (!changed.isEmpty()) {
            emit(new Event.PresenceTrackingChanged(at, changed, c.fidelity(), c.tracking(), c.source(), c.reason()));
        }
        return null;
    }

    private Rejection dutyChanged(Command.DutyChanged c, Instant at) {
        AgentState a = agents.get(c.agent());
        if (a == null) {
            return unknownAgent(c.agent());
        }
        ResponsibilityProfile next = null;
        if (c.profile() != null) {
            next = profiles.get(c.profile());
            if (next == null) {
                return reject(Rejection.Code.UNKNOWN_PROFILE, "no profile " + c.profile());
            }
        }
        ProfileId currentId = a.profile == null ? null : a.profile.id();
        if (java.util.Objects.equals(currentId, c.profile())) {
            return null;
        }
        emit(new Event.DutyChanged(at, a.id, c.profile()));
        if (a.inRona() && (next == null || !next.onDuty())) {
            emit(new Event.RonaCleared(at, a.id, RonaClearReason.OFF_DUTY));
        }
        return null;
    }

    private Rejection activeChanged(Command.ActiveInServiceChanged c, Instant at) {
        AgentState a = agents.get(c.agent());
        if (a == null) {
            return unknownAgent(c.agent());
        }
        ServiceState s = services.get(c.service());
        if (s == null) {
            return reject(Rejection.Code.UNKNOWN_SERVICE, "no service " + c.service());
        }
        Membership m = a.membership(s);
        if (m == null) {
            return reject(Rejection.Code.NOT_A_MEMBER, a.id + " is not a member of " + c.service());
        }
        if (m.active != c.active()) {
            emit(new Event.ActiveInServiceChanged(at, a.id, s.config.id(), c.active()));
        }
        return null;
    }

    // =====================================================================================
    // Deadlines
    // =====================================================================================

    private Deadline schedule(Instant at, Deadline.Kind kind, CallState call, AgentState agent, long token) {
        Deadline d = new Deadline(at, deadlineSeq++, kind, call, agent, token);
        deadlines.add(d);
        return d;
    }

    /** Removes a deadline that became moot; returns null for the caller's slot. */
    private Deadline cancel(Deadline d) {
        if (d != null) {
            deadlines.remove(d);
        }
        return null;
    }

    private void cancelCallDeadlines(CallState call) {
        call.maxWaitDeadline = cancel(call.maxWaitDeadline);
        call.escalationDeadline = cancel(call.escalationDeadline);
        call.ringDeadline = cancel(call.ringDeadline);
    }

    private boolean isValid(Deadline d) {
        return switch (d.kind()) {
            case RING_TIMEOUT ->
                calls.get(d.call().id) == d.call()
                        && d.call().status == CallState.Status.RINGING
                        && d.call().offerToken == d.token();
            case MAX_WAIT -> calls.get(d.call().id) == d.call() && d.call().status != CallState.Status.CONNECTED;
            case ESCALATION ->
                calls.get(d.call().id) == d.call()
                        && d.call().status != CallState.Status.CONNECTED
                        && d.call().level == d.token() - 1
                        && d.token() < d.call().service.config.levelCount();
            case AFTER_CALL_WORK_END ->
                agents.get(d.agent().id) == d.agent() && d.agent().acwUntil != null && d.agent().acwToken == d.token();
            case RONA_END ->
                agents.get(d.agent().id) == d.agent()
                        && d.agent().ronaUntil != null
                        && d.agent().ronaToken == d.token();
        };
    }

    private void fireDue(Instant limit) {
        while (!deadlines.isEmpty() && !deadlines.first().at().isAfter(limit)) {
            Deadline d = deadlines.pollFirst();
            if (!isValid(d)) {
                continue;
            }
            Instant at = d.at().isBefore(now) ? now : d.at();
            now = at;
            fire(d, at);
            dispatch(at);
        }
    }

    private void fire(Deadline d, Instant at) {
        switch (d.kind()) {
            case RING_TIMEOUT -> {
                CallState call = d.call();
                List<AgentId> missed = ids(call.ringing);
                emit(new Event.OfferExpired(at, call.id, missed));
                if (call.service.config.ronaApplies()) {
                    Instant until = at.plus(call.service.config.rona().resetAfter());
                    for (AgentId a : missed) {
                        emit(new Event.RonaStarted(at, a, call.id, until));
                    }
                }
                emit(new Event.CallRequeued(at, call.id));
            }
            case MAX_WAIT -> {
                CallState call = d.call();
                if (call.status == CallState.Status.RINGING) {
                    emit(new Event.OfferCancelled(at, call.id, ids(call.ringing), CancelReason.TIMED_OUT));
                }
                emit(new Event.CallTimedOut(
                        at, call.id, call.service.config.queue().timeoutAction()));
            }
            case ESCALATION -> emit(new Event.CallEscalated(at, d.call().id, (int) d.token()));
            case AFTER_CALL_WORK_END -> emit(new Event.AfterCallWorkEnded(at, d.agent().id, false));
            case RONA_END -> emit(new Event.RonaCleared(at, d.agent().id, RonaClearReason.EXPIRED));
        }
    }

    // =====================================================================================
    // Dispatch
    // =====================================================================================

    private void markDirty(ServiceState s) {
        if (!s.dirty) {
            s.dirty = true;
            dirtyServices.add(s);
        }
    }

    /** Offers waiting calls, in queue order across services, to the agents selectable for them. */
    private void dispatch(Instant at) {
        List<CallState> order = selector.callsToDispatch(access);
        if (order.isEmpty()) {
            return;
        }
        long pass = ++dispatchPass;
        for (int i = 0, n = order.size(); i < n; i++) {
            CallState call = order.get(i);
            if (call.status != CallState.Status.WAITING || calls.get(call.id) != call) {
                continue;
            }
            ServiceState s = call.service;
            long levelBit = 1L << call.level;
            // Once a call of a service at some level found nobody (not even to borrow), the calls
            // behind it at that level cannot either: they see the same agents at no higher priority.
            if (skipExhaustedLevels && s.exhaustedPass == pass && (s.exhaustedLevels & levelBit) != 0) {
                continue;
            }
            if (!tryOffer(call, at)) {
                if (s.exhaustedPass != pass) {
                    s.exhaustedPass = pass;
                    s.exhaustedLevels = 0;
                }
                s.exhaustedLevels |= levelBit;
            }
        }
    }

    /** Offers the call if anybody can take it; returns whether an offer was made. */
    private boolean tryOffer(CallState call, Instant at) {
        ServiceConfig config = call.service.config;
        int wanted = config.ringCount();
        CandidateSelector.Ranking ranking = selector.rank(call, wanted + EXTRA_CANDIDATES);
        if (!ranking.members().isEmpty()) {
            int chosen = Math.min(wanted, ranking.members().size());
            List<Membership> offered = ranking.members().subList(0, chosen);
            if (checkOffers) {
                for (Membership m : offered) {
                    List<Reason> reasons = Eligibility.reasons(m.agent, call.service, call.level);
                    if (!reasons.isEmpty()) {
                        throw new IllegalStateException("offer to unselectable " + m.agent.id + ": " + reasons);
                    }
                }
            }
            String rule = call.service.rule
                    + (ranking.skippedTried() ? "; skipped agents that already missed this call" : "");
            Explanation explanation = explain(call, ranking.members(), chosen, ranking.selectable(), rule);
            emit(new Event.CallOffered(at, call.id, memberIds(offered), at.plus(config.alertTime()), explanation));
            return true;
        }
        return borrowFromLowerPriority(call, at);
    }

    /**
     * Head-of-line protection: a call that finds nobody may take one agent out of a ringing
     * broadcast (or ring-all) of a lower-priority call, as long as that broadcast keeps ringing
     * on someone else.
     */
    private boolean borrowFromLowerPriority(CallState call, Instant at) {
        for (CallState victim : parallelRinging) {
            if (victim.priority.compareTo(call.priority) >= 0) {
                break; // ordered lowest priority first: nothing further is lower
            }
            if (victim.ringing.size() < 2) {
                continue;
            }
            IndexEntry best = null;
            for (AgentState a : victim.ringing) {
                Membership m = a.membership(call.service);
                if (m != null && Eligibility.selectableIgnoringRing(m, call.level)) {
                    IndexEntry key = RankKeys.key(m, call.level);
                    if (best == null || IndexEntry.ORDER.compare(key, best) < 0) {
                        best = key;
                    }
                }
            }
            if (best != null) {
                AgentState agent = best.agent();
                Membership member = best.member();
                emit(new Event.OfferCancelled(at, victim.id, List.of(agent.id), CancelReason.PREEMPTED));
                String rule = "taken from the ringing " + victim.service.config.distributionType() + " of "
                        + victim.priority + " call " + victim.id + " (head-of-line protection)";
                Explanation explanation = explain(call, List.of(member), 1, 0, rule);
                emit(new Event.CallOffered(
                        at, call.id, List.of(agent.id), at.plus(call.service.config.alertTime()), explanation));
                return true;
            }
        }
        return false;
    }

    private Explanation explain(CallState call, List<Membership> ranked, int chosen, int selectable, String rule) {
        ServiceConfig config = call.service.config;
        List<Explanation.Candidate> candidates = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            Membership m = ranked.get(i);
            candidates.add(new Explanation.Candidate(
                    m.agent.id, RankKeys.idleSince(m.agent, config), m.skillScore(call.level), m.position, i < chosen));
        }
        return new Explanation(config.id(), config.distributionType(), call.level, selectable, candidates, rule);
    }

    private static List<AgentId> memberIds(List<Membership> members) {
        List<AgentId> ids = new ArrayList<>(members.size());
        for (Membership m : members) {
            ids.add(m.agent.id);
        }
        return ids;
    }

    private static List<AgentId> ids(List<AgentState> states) {
        List<AgentId> ids = new ArrayList<>(states.size());
        for (AgentState a : states) {
            ids.add(a.id);
        }
        return ids;
    }

    // =====================================================================================
    // Applying events: the only place state changes
    // =====================================================================================

    /** Applies one event to the state: used for every emitted event and for replay. */
    public void apply(Event event) {
        version++;
        if (event.at().isAfter(now)) {
            now = event.at();
        }
        switch (event) {
            case Event.ServiceConfigured e -> applyServiceConfigured(e.service());
            case Event.ServiceRemoved e -> {
                ServiceState s = services.remove(e.service());
                for (Membership m : s.members) {
                    m.agent.removeMembership(m);
                    touch(m.agent);
                }
                s.members.clear();
                selector.serviceRemoved(s);
            }
            case Event.AgentConfigured e -> applyAgentConfigured(e.agent());
            case Event.AgentRemoved e -> applyAgentRemoved(e.agent());
            case Event.ProfileConfigured e -> {
                profiles.put(e.profile().id(), e.profile());
                for (AgentState a : agents.values()) {
                    if (a.profile != null && a.profile.id().equals(e.profile().id())) {
                        a.profile = e.profile();
                        a.refreshSkills();
                        agentChanged(a);
                    }
                }
            }
            case Event.ProfileRemoved e -> {
                profiles.remove(e.profile());
                for (AgentState a : agents.values()) {
                    if (a.profile != null && a.profile.id().equals(e.profile())) {
                        a.profile = null;
                        a.refreshSkills();
                        agentChanged(a);
                    }
                }
            }
            case Event.CallQueued e -> applyCallQueued(e);
            case Event.CallRejected e -> {}
            case Event.CallOverflowed e -> removeCall(call(e.call()));
            case Event.CallTimedOut e -> removeCall(call(e.call()));
            case Event.CallAbandoned e -> removeCall(call(e.call()));
            case Event.CallEscalated e -> {
                CallState call = call(e.call());
                call.level = e.level();
                scheduleEscalation(call);
                markDirty(call.service);
            }
            case Event.CallOffered e -> applyCallOffered(e);
            case Event.OfferDeclined e -> {
                CallState call = call(e.call());
                AgentState a = agent(e.agent());
                stopRinging(call, a);
                call.tried.add(a);
            }
            case Event.OfferExpired e -> {
                CallState call = call(e.call());
                for (AgentId id : e.agents()) {
                    AgentState a = agent(id);
                    stopRinging(call, a);
                    call.tried.add(a);
                }
            }
            case Event.OfferCancelled e -> {
                CallState call = call(e.call());
                for (AgentId id : e.agents()) {
                    stopRinging(call, agent(id));
                }
            }
            case Event.CallRequeued e -> {
                CallState call = call(e.call());
                call.status = CallState.Status.WAITING;
                call.service.waiting.add(call);
                markDirty(call.service);
            }
            case Event.CallConnected e -> {
                CallState call = call(e.call());
                AgentState a = agent(e.agent());
                stopRinging(call, a);
                call.status = CallState.Status.CONNECTED;
                cancelCallDeadlines(call);
                call.agent = a;
                call.connectedAt = e.at();
                call.service.connectedCalls++;
                a.connectedCall = call;
                agentChanged(a);
            }
            case Event.CallCompleted e -> {
                CallState call = call(e.call());
                AgentState a = agent(e.agent());
                a.connectedCall = null;
                a.lastCallEnded = e.at();
                call.service.connectedCalls--;
                cancelCallDeadlines(call);
                calls.remove(call.id);
                agentChanged(a);
            }
            case Event.AgentPresenceChanged e -> {
                AgentState a = agent(e.agent());
                if (e.presence().fidelity() == Fidelity.DETAILED) {
                    a.detailed = e.presence();
                } else {
                    a.coarse = e.presence();
                }
                presenceMayHaveChanged(a, e.at());
            }
            case Event.PresenceTrackingChanged e -> {
                for (AgentId id : e.agents()) {
                    AgentState a = agents.get(id);
                    if (a == null) {
                        continue;
                    }
                    if (e.fidelity() == Fidelity.DETAILED) {
                        a.detailedTracking = e.tracking();
                    } else {
                        a.coarseTracking = e.tracking();
                    }
                    presenceMayHaveChanged(a, e.at());
                }
            }
            case Event.DutyChanged e -> {
                AgentState a = agent(e.agent());
                a.profile = e.profile() == null ? null : profiles.get(e.profile());
                a.refreshSkills();
                agentChanged(a);
            }
            case Event.ActiveInServiceChanged e -> {
                ServiceState s = services.get(e.service());
                Membership m = agent(e.agent()).membership(s);
                m.active = e.active();
                selector.membershipChanged(m);
                markDirty(s);
                touch(m.agent);
            }
            case Event.AgentReadinessChanged e -> {
                AgentState a = agent(e.agent());
                a.notReadyReason = e.ready() ? null : e.reason();
                agentChanged(a);
            }
            case Event.RonaStarted e -> {
                AgentState a = agent(e.agent());
                a.ronaUntil = e.until();
                a.ronaToken++;
                cancel(a.ronaDeadline);
                a.ronaDeadline = schedule(e.until(), Deadline.Kind.RONA_END, null, a, a.ronaToken);
                agentChanged(a);
            }
            case Event.RonaCleared e -> {
                AgentState a = agent(e.agent());
                a.ronaUntil = null;
                a.ronaDeadline = cancel(a.ronaDeadline);
                agentChanged(a);
            }
            case Event.AfterCallWorkStarted e -> {
                AgentState a = agent(e.agent());
                a.acwUntil = e.until();
                a.acwCall = e.call();
                a.acwToken++;
                cancel(a.acwDeadline);
                a.acwDeadline = schedule(e.until(), Deadline.Kind.AFTER_CALL_WORK_END, null, a, a.acwToken);
                agentChanged(a);
            }
            case Event.AfterCallWorkEnded e -> {
                AgentState a = agent(e.agent());
                a.acwUntil = null;
                a.acwCall = null;
                a.acwDeadline = cancel(a.acwDeadline);
                a.lastCallEnded = e.at();
                agentChanged(a);
            }
            case Event.ExternalCallChanged e -> {
                AgentState a = agent(e.agent());
                a.externalCall = e.inCall();
                agentChanged(a);
            }
        }
    }

    private AgentState agent(AgentId id) {
        AgentState a = agents.get(id);
        if (a == null) {
            throw new IllegalStateException("event names unknown agent " + id);
        }
        return a;
    }

    private CallState call(CallId id) {
        CallState c = calls.get(id);
        if (c == null) {
            throw new IllegalStateException("event names unknown call " + id);
        }
        return c;
    }

    /** Re-indexes the agent, marks its services for dispatch and its view for rebuilding. */
    private void agentChanged(AgentState a) {
        selector.agentChanged(a);
        for (Membership m : a.memberships) {
            markDirty(m.service);
        }
        touch(a);
    }

    /** After any change to the agent: restart its status clock if the status word changed. */
    private void touch(AgentState a) {
        AgentStatus status = status(a);
        if (status != a.status) {
            a.status = status;
            a.statusSince = now;
        }
        if (!a.viewStale) {
            a.viewStale = true;
            staleViews.add(a);
        }
    }

    private void presenceMayHaveChanged(AgentState a, Instant at) {
        if (a.recomputeEffective(at)) {
            agentChanged(a);
        } else {
            touch(a);
        }
    }

    private void applyServiceConfigured(ServiceConfig config) {
        ServiceState s = services.get(config.id());
        if (s == null) {
            s = new ServiceState(config);
            services.put(config.id(), s);
        }
        s.setConfig(config);
        Map<AgentId, Membership> old = new HashMap<>();
        for (Membership m : s.members) {
            old.put(m.agent.id, m);
        }
        s.members.clear();
        List<AgentId> members = config.members();
        for (int i = 0; i < members.size(); i++) {
            AgentId id = members.get(i);
            Membership m = old.remove(id);
            AgentState a = agents.get(id);
            if (m == null) {
                m = new Membership(a, s, i, config.newMembersActive(), config.levelCount());
                a.addMembership(m);
            }
            m.position = i;
            m.refreshSkills();
            s.members.add(m);
            touch(a);
        }
        for (Membership gone : old.values()) {
            gone.agent.removeMembership(gone);
            touch(gone.agent);
        }
        // Calls keep their level within the new escalation; their next escalation follows the new one.
        int levels = config.levelCount();
        List<CallState> affected = new ArrayList<>();
        for (CallState call : calls.values()) {
            if (call.service == s && call.status != CallState.Status.CONNECTED) {
                affected.add(call);
            }
        }
        affected.sort(Comparator.comparingLong(c -> c.seq));
        for (CallState call : affected) {
            call.level = Math.min(call.level, levels - 1);
            scheduleEscalation(call);
        }
        selector.serviceRebuilt(s);
        markDirty(s);
    }

    private void applyAgentConfigured(AgentConfig config) {
        AgentState a = agents.get(config.id());
        if (a == null) {
            a = new AgentState(config, agentOrdinals++);
            a.statusSince = now;
            agents.put(config.id(), a);
        }
        a.config = config;
        a.refreshSkills();
        agentChanged(a);
    }

    private void applyAgentRemoved(AgentId id) {
        AgentState a = agents.remove(id);
        a.ronaDeadline = cancel(a.ronaDeadline);
        a.acwDeadline = cancel(a.acwDeadline);
        for (Membership m : a.memberships.clone()) {
            ServiceState s = m.service;
            List<AgentId> remaining = new ArrayList<>(s.config.members());
            remaining.remove(id);
            ServiceConfig next = s.config.toBuilder().members(remaining).build();
            applyServiceConfigured(next);
        }
        for (CallState call : calls.values()) {
            call.tried.remove(a);
        }
        agentViews.remove(id);
    }

    private void applyCallQueued(Event.CallQueued e) {
        ServiceState s = services.get(e.service());
        CallState call = new CallState(e.call(), s, e.priority(), e.caller(), e.at(), callSeq++);
        calls.put(call.id, call);
        s.waiting.add(call);
        call.maxWaitDeadline = schedule(e.at().plus(s.config.queue().maxWait()), Deadline.Kind.MAX_WAIT, call, null, 0);
        scheduleEscalation(call);
        markDirty(s);
    }

    private void scheduleEscalation(CallState call) {
        ServiceConfig config = call.service.config;
        int next = call.level + 1;
        call.escalationDeadline = cancel(call.escalationDeadline);
        if (next < config.escalation().size()) {
            call.escalationDeadline = schedule(
                    call.arrivedAt.plus(config.escalation().get(next).after()),
                    Deadline.Kind.ESCALATION,
                    call,
                    null,
                    next);
        }
    }

    private void applyCallOffered(Event.CallOffered e) {
        CallState call = call(e.call());
        ServiceState s = call.service;
        s.waiting.remove(call);
        call.status = CallState.Status.RINGING;
        s.ringingCalls++;
        call.ringExpiresAt = e.expiresAt();
        call.offerToken++;
        call.offers++;
        call.lastExplanation = e.explanation();
        for (AgentId id : e.agents()) {
            AgentState a = agent(id);
            call.ringing.add(a);
            a.ringingFor = call;
            a.lastOfferAt = e.at();
            selector.ringingChanged(a);
            // Only where the idle clock is the last offer did a key move; elsewhere nothing the
            // index sorts by changed (ringing is counted, not re-indexed).
            for (Membership m : a.memberships) {
                if (m.service.config.idleClock() == IdleClock.SINCE_LAST_OFFER) {
                    selector.membershipChanged(m);
                }
            }
            touch(a);
        }
        if (s.config.distributionType().parallel()) {
            parallelRinging.add(call);
        }
        if (s.config.distributionType() == dev.switchboard.core.model.DistributionType.ROUND_ROBIN) {
            Membership m = call.ringing.get(0).membership(s);
            if (m != null) {
                s.roundRobinPointer = m.position;
            }
        }
        cancel(call.ringDeadline);
        call.ringDeadline = schedule(e.expiresAt(), Deadline.Kind.RING_TIMEOUT, call, null, call.offerToken);
    }

    /** The agent no longer rings for the call; the call leaves the ringing state when nobody does. */
    private void stopRinging(CallState call, AgentState a) {
        if (call.ringing.remove(a)) {
            a.ringingFor = null;
            selector.ringingChanged(a);
            agentChanged(a);
            if (call.ringing.isEmpty()) {
                call.ringDeadline = cancel(call.ringDeadline);
                parallelRinging.remove(call);
                call.service.ringingCalls--;
                call.status = CallState.Status.WAITING; // until requeued, abandoned or timed out
            }
        }
    }

    private void removeCall(CallState call) {
        cancelCallDeadlines(call);
        call.service.waiting.remove(call);
        if (!call.ringing.isEmpty()) {
            throw new IllegalStateException("call " + call.id + " left while still ringing");
        }
        calls.remove(call.id);
        markDirty(call.service);
    }

    // =====================================================================================
    // Queries
    // =====================================================================================

    /** The ordered reasons why the agent is not selectable for the service at a level; empty if it is. */
    public List<Reason> reasons(AgentId agentId, ServiceId serviceId, int level) {
        AgentState a = agents.get(agentId);
        ServiceState s = services.get(serviceId);
        if (a == null || s == null) {
            throw new IllegalArgumentException("unknown agent or service");
        }
        if (level < 0 || level >= s.config.levelCount()) {
            throw new IllegalArgumentException("level out of range: " + level);
        }
        return Eligibility.reasons(a, s, level);
    }

    /** How many agents are selectable for a new call of the service right now. */
    public int selectableCount(ServiceId serviceId, int level) {
        return selector.selectableCount(services.get(serviceId), level);
    }

    public boolean hasAgent(AgentId id) {
        return agents.containsKey(id);
    }

    public boolean hasService(ServiceId id) {
        return services.containsKey(id);
    }

    public boolean hasProfile(ProfileId id) {
        return profiles.containsKey(id);
    }

    public boolean hasCall(CallId id) {
        return calls.containsKey(id);
    }

    public int activeCallCount() {
        return calls.size();
    }

    public int agentCount() {
        return agents.size();
    }

    /** An immutable picture of everything, for readers on other threads. */
    public RoutingSnapshot snapshot() {
        for (AgentState a : staleViews) {
            if (a.viewStale && agents.get(a.id) == a) {
                agentViews.put(a.id, view(a));
            }
            a.viewStale = false;
        }
        staleViews.clear();
        Map<ServiceId, ServiceView> serviceViews = new LinkedHashMap<>();
        for (ServiceState s : services.values()) {
            List<CallId> waiting = new ArrayList<>(s.waiting.size());
            for (CallState c : s.waiting) {
                waiting.add(c.id);
            }
            int staffed = 0;
            for (Membership m : s.members) {
                if (Eligibility.staffed(m)) {
                    staffed++;
                }
            }
            serviceViews.put(
                    s.config.id(),
                    new ServiceView(
                            s.config,
                            waiting,
                            s.ringingCalls,
                            s.connectedCalls,
                            selector.selectableCount(s, 0),
                            staffed));
        }
        Map<CallId, CallView> callViews = new HashMap<>();
        for (CallState c : calls.values()) {
            callViews.put(c.id, view(c));
        }
        return new RoutingSnapshot(
                now,
                version,
                Collections.unmodifiableMap(new HashMap<>(agentViews)),
                Collections.unmodifiableMap(serviceViews),
                Collections.unmodifiableMap(callViews),
                Map.copyOf(profiles));
    }

    private AgentView view(AgentState a) {
        List<ServiceEligibility> eligibility = new ArrayList<>(a.memberships.length);
        for (Membership m : a.memberships) {
            List<List<Reason>> byLevel = new ArrayList<>();
            for (int l = 0; l < m.service.config.levelCount(); l++) {
                byLevel.add(Eligibility.reasons(a, m.service, l));
            }
            eligibility.add(new ServiceEligibility(m.service.config.id(), true, m.active, byLevel));
        }
        return new AgentView(
                a.config,
                a.detailed,
                a.coarse,
                a.detailedTracking,
                a.coarseTracking,
                a.effective,
                a.group,
                a.outOfOffice,
                a.groupSince,
                a.profile == null ? null : a.profile.id(),
                a.onDuty(),
                a.notReadyReason,
                a.externalCall,
                a.ringingFor == null ? null : a.ringingFor.id,
                a.connectedCall == null ? null : a.connectedCall.id,
                a.acwUntil,
                a.ronaUntil,
                a.lastCallEnded,
                a.lastOfferAt,
                a.status,
                a.statusSince,
                eligibility);
    }

    private static AgentStatus status(AgentState a) {
        return AgentStatus.of(
                a.connectedCall != null,
                a.ringingFor != null,
                a.acwUntil != null,
                a.ronaUntil != null,
                a.externalCall,
                a.notReadyReason != null,
                a.group);
    }

    private static CallView view(CallState c) {
        return new CallView(
                c.id,
                c.service.config.id(),
                c.priority,
                c.caller,
                c.arrivedAt,
                c.status.name(),
                c.level,
                ids(c.ringing),
                c.status == CallState.Status.RINGING ? c.ringExpiresAt : null,
                c.agent == null ? null : c.agent.id,
                c.connectedAt,
                c.offers,
                c.lastExplanation);
    }

    /**
     * A hash of the routing state that does not depend on the JVM run: equal for a live core and
     * one rebuilt by replaying its events.
     */
    public long stateHash() {
        StateHasher h = new StateHasher();
        for (AgentState a : sorted(agents.values(), Comparator.comparing(x -> x.id))) {
            h.add(a.id.value()).add(a.config.toString());
            h.add(String.valueOf(a.detailed)).add(String.valueOf(a.coarse));
            h.add(a.detailedTracking).add(a.coarseTracking).add(a.group.name()).add(a.outOfOffice);
            h.add(String.valueOf(a.groupSince))
                    .add(a.profile == null ? "-" : a.profile.id().value());
            h.add(String.valueOf(a.notReadyReason)).add(a.externalCall);
            h.add(a.ringingFor == null ? "-" : a.ringingFor.id.value());
            h.add(a.connectedCall == null ? "-" : a.connectedCall.id.value());
            h.add(String.valueOf(a.acwUntil)).add(String.valueOf(a.ronaUntil));
            h.add(String.valueOf(a.lastCallEnded)).add(String.valueOf(a.lastOfferAt));
            h.add(a.status.name()).add(String.valueOf(a.statusSince));
        }
        for (ServiceState s : sorted(services.values(), Comparator.comparing(x -> x.config.id()))) {
            h.add(s.config.toString()).add(s.roundRobinPointer);
            for (AgentId id : s.config.members()) {
                h.add(id.value()).add(agents.get(id).membership(s).active);
            }
        }
        for (CallState c : sorted(calls.values(), Comparator.comparing(x -> x.id))) {
            h.add(c.id.value()).add(c.service.config.id().value()).add(c.priority.name());
            h.add(String.valueOf(c.arrivedAt)).add(c.status.name()).add(c.level).add(c.offers);
            h.add(String.valueOf(c.ringExpiresAt)).add(c.agent == null ? "-" : c.agent.id.value());
            for (AgentState a : c.ringing) {
                h.add(a.id.value());
            }
            for (AgentState a : sorted(c.tried, Comparator.comparing(x -> x.id))) {
                h.add(a.id.value());
            }
        }
        for (ResponsibilityProfile p : sorted(profiles.values(), Comparator.comparing(ResponsibilityProfile::id))) {
            h.add(p.toString());
        }
        return h.value();
    }

    private static <T> List<T> sorted(Collection<T> items, Comparator<? super T> order) {
        List<T> list = new ArrayList<>(items);
        list.sort(order);
        return list;
    }

    /**
     * Checks the invariants that must hold after every command; throws IllegalStateException
     * naming the first one broken. For tests: it recomputes everything.
     */
    public void validateInvariants() {
        for (AgentState a : agents.values()) {
            if (a.ringingFor != null && !a.ringingFor.ringing.contains(a)) {
                throw new IllegalStateException(a.id + " rings for " + a.ringingFor.id + " which does not ring for it");
            }
            if (a.ringingFor != null && a.connectedCall != null) {
                throw new IllegalStateException(a.id + " rings while connected");
            }
            if (a.connectedCall != null && a.connectedCall.agent != a) {
                throw new IllegalStateException(a.id + " connected to a call that is not connected to it");
            }
        }
        java.util.Set<AgentState> ringingAgents = new java.util.HashSet<>();
        for (CallState c : calls.values()) {
            for (AgentState a : c.ringing) {
                if (!ringingAgents.add(a)) {
                    throw new IllegalStateException(a.id + " holds two offers");
                }
                if (a.ringingFor != c) {
                    throw new IllegalStateException(c.id + " rings on " + a.id + " which rings for something else");
                }
            }
            boolean waiting = c.service.waiting.contains(c);
            switch (c.status) {
                case WAITING -> {
                    if (!waiting || !c.ringing.isEmpty()) {
                        throw new IllegalStateException("waiting call " + c.id + " not in its queue or still ringing");
                    }
                    CandidateSelector.Ranking r = selector.rank(c, 1);
                    if (!r.members().isEmpty()) {
                        throw new IllegalStateException("call " + c.id + " waits although "
                                + r.members().get(0).agent.id + " is selectable for it");
                    }
                }
                case RINGING -> {
                    if (waiting || c.ringing.isEmpty()) {
                        throw new IllegalStateException("ringing call " + c.id + " in queue or ringing on nobody");
                    }
                }
                case CONNECTED -> {
                    if (waiting || c.agent == null || c.agent.connectedCall != c) {
                        throw new IllegalStateException("connected call " + c.id + " inconsistent");
                    }
                }
            }
        }
        for (ServiceState s : services.values()) {
            int ringing = 0;
            int connected = 0;
            for (CallState c : calls.values()) {
                if (c.service == s) {
                    ringing += c.status == CallState.Status.RINGING ? 1 : 0;
                    connected += c.status == CallState.Status.CONNECTED ? 1 : 0;
                }
            }
            if (ringing != s.ringingCalls || connected != s.connectedCalls) {
                throw new IllegalStateException("call counters of " + s.config.id() + " are off");
            }
        }
        for (ServiceState s : services.values()) {
            for (Membership m : s.members) {
                for (int level = 0; level < s.config.levelCount(); level++) {
                    if (m.skillsOk(level) != Eligibility.meetsSkills(m.agent, s.config, level)) {
                        throw new IllegalStateException("stale skill cache of " + m.agent.id + " in " + s.config.id());
                    }
                }
            }
        }
        for (Deadline d : deadlines) {
            if (!isValid(d)) {
                throw new IllegalStateException("a moot deadline was not removed: " + d.kind() + " at " + d.at());
            }
        }
        selector.verify(access);
    }

    // =====================================================================================
    // Export and restore (snapshots)
    // =====================================================================================

    /** Everything this core knows, as plain data. Call between commands only. */
    public CoreState exportState() {
        List<CoreState.AgentRecord> agentRecords = new ArrayList<>();
        for (AgentState a : sorted(agents.values(), Comparator.comparingInt(x -> x.ordinal))) {
            List<ServiceId> memberOf = new ArrayList<>();
            for (Membership m : a.memberships) {
                memberOf.add(m.service.config.id());
            }
            agentRecords.add(new CoreState.AgentRecord(
                    a.config,
                    a.ordinal,
                    a.detailed,
                    a.coarse,
                    a.detailedTracking,
                    a.coarseTracking,
                    a.groupSince,
                    a.profile == null ? null : a.profile.id(),
                    a.notReadyReason,
                    a.externalCall,
                    a.acwUntil,
                    a.acwCall,
                    a.acwToken,
                    a.ronaUntil,
                    a.ronaToken,
                    a.lastCallEnded,
                    a.lastOfferAt,
                    a.statusSince,
                    memberOf));
        }
        List<CoreState.ServiceRecord> serviceRecords = new ArrayList<>();
        for (ServiceState s : services.values()) {
            List<Boolean> active = new ArrayList<>();
            for (AgentId id : s.config.members()) {
                active.add(agents.get(id).membership(s).active);
            }
            serviceRecords.add(new CoreState.ServiceRecord(s.config, active, s.roundRobinPointer));
        }
        List<CoreState.CallRecord> callRecords = new ArrayList<>();
        for (CallState c : sorted(calls.values(), Comparator.comparingLong(x -> x.seq))) {
            callRecords.add(new CoreState.CallRecord(
                    c.id,
                    c.service.config.id(),
                    c.priority,
                    c.caller,
                    c.arrivedAt,
                    c.seq,
                    c.status.name(),
                    c.level,
                    ids(c.ringing),
                    c.ringExpiresAt,
                    c.offerToken,
                    c.offers,
                    c.lastExplanation,
                    ids(sorted(c.tried, Comparator.comparing(x -> x.id))),
                    c.agent == null ? null : c.agent.id,
                    c.connectedAt));
        }
        List<CoreState.DeadlineRecord> deadlineRecords = new ArrayList<>();
        for (Deadline d : sorted(deadlines, Deadline.ORDER)) {
            if (isValid(d)) {
                deadlineRecords.add(new CoreState.DeadlineRecord(
                        d.at(),
                        d.seq(),
                        d.kind().name(),
                        d.call() == null ? null : d.call().id,
                        d.agent() == null ? null : d.agent().id,
                        d.token()));
            }
        }
        return new CoreState(
                now,
                version,
                deadlineSeq,
                callSeq,
                agentOrdinals,
                sorted(profiles.values(), Comparator.comparing(ResponsibilityProfile::id)),
                agentRecords,
                serviceRecords,
                callRecords,
                deadlineRecords);
    }

    /** Rebuilds a core (indexed) from exported state; it decides exactly as the original would. */
    public static RoutingCore restore(CoreState state) {
        RoutingCore core = indexed();
        core.load(state);
        return core;
    }

    private void load(CoreState state) {
        if (version != 0) {
            throw new IllegalStateException("restore needs an empty core");
        }
        now = state.now();
        version = state.version();
        deadlineSeq = state.deadlineSequence();
        callSeq = state.callSequence();
        agentOrdinals = state.agentOrdinals();
        for (ResponsibilityProfile p : state.profiles()) {
            profiles.put(p.id(), p);
        }
        for (CoreState.AgentRecord r : state.agents()) {
            AgentState a = new AgentState(r.config(), r.ordinal());
            a.detailed = r.detailed();
            a.coarse = r.coarse();
            a.detailedTracking = r.detailedTracking();
            a.coarseTracking = r.coarseTracking();
            a.recomputeEffective(r.groupSince());
            a.groupSince = r.groupSince();
            a.profile = r.profile() == null ? null : profiles.get(r.profile());
            a.notReadyReason = r.notReadyReason();
            a.externalCall = r.externalCall();
            a.acwUntil = r.acwUntil();
            a.acwCall = r.acwCall();
            a.acwToken = (int) r.acwToken();
            a.ronaUntil = r.ronaUntil();
            a.ronaToken = (int) r.ronaToken();
            a.lastCallEnded = r.lastCallEnded();
            a.lastOfferAt = r.lastOfferAt();
            a.statusSince = r.statusSince();
            agents.put(a.id, a);
            a.viewStale = true;
            staleViews.add(a);
        }
        Map<ServiceId, Map<AgentId, Membership>> created = new HashMap<>();
        for (CoreState.ServiceRecord r : state.services()) {
            ServiceState s = new ServiceState(r.config());
            s.roundRobinPointer = r.roundRobinPointer();
            services.put(r.config().id(), s);
            Map<AgentId, Membership> byAgent = new HashMap<>();
            created.put(r.config().id(), byAgent);
            List<AgentId> members = r.config().members();
            for (int i = 0; i < members.size(); i++) {
                AgentState a = agent(members.get(i));
                Membership m =
                        new Membership(a, s, i, r.active().get(i), r.config().levelCount());
                s.members.add(m);
                byAgent.put(a.id, m);
            }
        }
        // Memberships in each agent's own order, so views and iteration match the original.
        for (CoreState.AgentRecord r : state.agents()) {
            AgentState a = agent(r.config().id());
            for (ServiceId id : r.services()) {
                a.addMembership(created.get(id).get(a.id));
            }
        }
        for (CoreState.CallRecord r : state.calls()) {
            ServiceState s = services.get(r.service());
            CallState c = new CallState(r.id(), s, r.priority(), r.caller(), r.arrivedAt(), r.sequence());
            c.status = CallState.Status.valueOf(r.status());
            c.level = r.level();
            c.ringExpiresAt = r.ringExpiresAt();
            c.offerToken = r.offerToken();
            c.offers = r.offers();
            c.lastExplanation = r.lastExplanation();
            c.connectedAt = r.connectedAt();
            for (AgentId id : r.tried()) {
                AgentState a = agents.get(id);
                if (a != null) {
                    c.tried.add(a);
                }
            }
            for (AgentId id : r.ringing()) {
                AgentState a = agent(id);
                c.ringing.add(a);
                a.ringingFor = c;
            }
            switch (c.status) {
                case WAITING -> s.waiting.add(c);
                case RINGING -> {
                    s.ringingCalls++;
                    if (s.config.distributionType().parallel()) {
                        parallelRinging.add(c);
                    }
                }
                case CONNECTED -> {
                    s.connectedCalls++;
                    c.agent = agent(r.agent());
                    c.agent.connectedCall = c;
                }
            }
            calls.put(c.id, c);
        }
        for (CoreState.DeadlineRecord r : state.deadlines()) {
            CallState call = r.call() == null ? null : calls.get(r.call());
            AgentState agent = r.agent() == null ? null : agents.get(r.agent());
            Deadline d = new Deadline(r.at(), r.sequence(), Deadline.Kind.valueOf(r.kind()), call, agent, r.token());
            deadlines.add(d);
            switch (d.kind()) {
                case RING_TIMEOUT -> call.ringDeadline = d;
                case MAX_WAIT -> call.maxWaitDeadline = d;
                case ESCALATION -> call.escalationDeadline = d;
                case AFTER_CALL_WORK_END -> agent.acwDeadline = d;
                case RONA_END -> agent.ronaDeadline = d;
            }
        }
        // Statuses depend on the calls loaded above; their clocks come from the exported state.
        for (AgentState a : agents.values()) {
            a.status = status(a);
        }
        for (ServiceState s : services.values()) {
            selector.serviceRebuilt(s);
            markDirty(s);
        }
    }

    /** What the selectors may see of the state. */
    final class StateAccess {
        Collection<ServiceState> services() {
            return services.values();
        }

        /** The services marked since the last call, in marking order; clears the marks. */
        List<ServiceState> drainDirty() {
            if (dirtyServices.isEmpty()) {
                return List.of();
            }
            List<ServiceState> list = dirtyServices;
            for (int i = 0, n = list.size(); i < n; i++) {
                list.get(i).dirty = false;
            }
            // Swap buffers: the caller reads this list until the next drain, which reuses it.
            drainedServices.clear();
            dirtyServices = drainedServices;
            drainedServices = list;
            return list;
        }
    }
}
