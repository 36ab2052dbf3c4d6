package dev.switchboard.sim.engine;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.kpi.CallKpis;
import dev.switchboard.core.kpi.IntervalKpis;
import dev.switchboard.core.kpi.KpiCollector;
import dev.switchboard.core.kpi.KpiReport;
import dev.switchboard.core.kpi.ServiceKpis;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.sim.erlang.Prediction;
import dev.switchboard.sim.random.Distribution;
import dev.switchboard.sim.random.RandomStreams;
import dev.switchboard.sim.report.GroundTruth;
import dev.switchboard.sim.report.ModeResult;
import dev.switchboard.sim.scenario.AgentGroupSpec;
import dev.switchboard.sim.scenario.AgentGroupSpec.ManualStatus;
import dev.switchboard.sim.scenario.PresenceSpec;
import dev.switchboard.sim.scenario.ScenarioSpec;
import dev.switchboard.sim.scenario.ServiceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of one scenario mode: a discrete-event loop on virtual time that drives a real {@link
 * RoutingCore} through commands and folds its events into KPIs.
 *
 * <p>Each step takes whichever comes first: a pending happening from the heap (a caller arriving,
 * an agent answering, presence reaching the core, ...) or the core's own next deadline, for which
 * it sends a {@link Command.Tick}. Happenings with no delay run before anything else of their
 * instant, so a zero presence latency really is zero.
 */
public final class Simulation {
    /** Day 1 of every run: a Monday, midnight UTC. */
    public static final Instant EPOCH = Instant.parse("2026-01-05T00:00:00Z");

    private static final long EPOCH_SECONDS = EPOCH.getEpochSecond();
    private static final long SECOND = AgentPlan.SECOND;
    private static final long HOUR = AgentPlan.HOUR;
    private static final long DAY = AgentPlan.DAY;
    private static final long NEVER = Long.MAX_VALUE;

    private static final int ARRIVAL = 1;
    private static final int ABANDON = 2;
    private static final int ANSWER = 3;
    private static final int DECLINE = 4;
    private static final int CALL_END = 5;
    private static final int ACW_END = 6;
    private static final int ACW_EXTEND = 7;
    private static final int PRESENCE = 8;
    private static final int PLAN = 9;
    private static final int PERSONAL_END = 10;
    private static final int TRACKING = 11;
    private static final int CLOSE = 12;

    private static final String DETAILED_SOURCE = "presence-accounts";
    private static final String COARSE_SOURCE = "federation";

    /** Told about progress now and then; the fraction is of the open hours simulated. */
    @FunctionalInterface
    public interface Progress {
        void update(double fraction, long callsSoFar);

        Progress NONE = (fraction, calls) -> {};
    }

    private final String mode;
    private final String description;
    private final ScenarioSpec spec;
    private final Prediction erlang;
    private final Progress progress;

    private final RoutingCore core;
    private final boolean checkInvariants;
    private final EventQueue queue = new EventQueue();
    private final KpiCollector kpis;
    private final SimService[] services;
    private final SimAgent[] agents;
    private final Map<AgentId, SimAgent> agentsById = new HashMap<>();
    private final ActiveCalls calls = new ActiveCalls();

    private final long open;
    private final long length;
    private final long lastClose;
    private final boolean detailedSource;
    private final boolean coarseSource;
    private final boolean reportsSwitchboardCalls;
    private final Distribution latency;
    private final boolean zeroLatency;
    private boolean detailedDown;
    private int leavingAgents;
    private int wrappingUp;

    private long now;
    private long callSequence;
    private KpiReport atClose;

    // Ground-truth counters.
    private long offers;
    private long offersInCall;
    private long offersInSwitchboardCall;
    private long insideWindow;
    private long outsideWindow;
    private long maxCallAgeInside;
    private long offersInMeeting;
    private long offersSetBusy;
    private long meetingCount;
    private long personalCalls;
    private long personalCallsSkipped;
    private long presenceUpdates;
    private long rejected;
    private String firstRejection = "";
    private long commands;
    private long events;

    /**
     * @param erlang the prediction to report beside the results, or null
     */
    public Simulation(String mode, String description, ScenarioSpec spec, Prediction erlang, Progress progress) {
        this(mode, description, spec, erlang, progress, false);
    }

    /**
     * @param checkInvariants run the core with its own offer checks and validate its invariants
     *     after every command (slow; for tests)
     */
    public Simulation(
            String mode,
            String description,
            ScenarioSpec spec,
            Prediction erlang,
            Progress progress,
            boolean checkInvariants) {
        this.checkInvariants = checkInvariants;
        this.core = checkInvariants ? RoutingCore.indexedWithChecks() : RoutingCore.indexed();
        this.mode = mode;
        this.description = description;
        this.spec = spec;
        this.erlang = erlang;
        this.progress = progress == null ? Progress.NONE : progress;
        this.open = spec.start().toNanos();
        this.length = spec.length().toNanos();
        this.lastClose = (spec.days() - 1) * DAY + open + length;
        PresenceSpec presence = spec.presence();
        this.detailedSource = presence.source() != PresenceSpec.Source.COARSE;
        this.coarseSource = presence.source() != PresenceSpec.Source.DETAILED;
        this.reportsSwitchboardCalls = presence.reportsSwitchboardCalls();
        this.latency = presence.latency();
        this.zeroLatency = latency instanceof Distribution.Fixed f && f.seconds() == 0;
        this.kpis = new KpiCollector(instant(open + spec.warmup().toNanos()), spec.kpiInterval());

        RandomStreams random = new RandomStreams(spec.seed());
        List<ServiceSpec> serviceSpecs = spec.services();
        services = new SimService[serviceSpecs.size()];
        Map<String, SimService> byName = new HashMap<>();
        for (int i = 0; i < services.length; i++) {
            ServiceSpec s = serviceSpecs.get(i);
            services[i] = new SimService(i, s, random.stream("callers/" + s.id()));
            byName.put(s.id(), services[i]);
        }
        List<SimAgent> list = new ArrayList<>();
        for (AgentGroupSpec g : spec.agentGroups()) {
            SimService[] member = new SimService[g.services().size()];
            for (int i = 0; i < member.length; i++) {
                member[i] = byName.get(g.services().get(i));
            }
            for (int i = 0; i < g.count(); i++) {
                String id = g.agentId(i);
                AgentPlan plan = AgentPlan.draw(spec, g, i, random.stream("plan/" + id));
                SimAgent a = new SimAgent(
                        list.size(),
                        AgentId.of(id),
                        g,
                        member,
                        plan,
                        random.stream("answer/" + id),
                        random.stream("wrap-up/" + id),
                        random.stream("latency/" + id));
                list.add(a);
                agentsById.put(a.id, a);
                for (SimService s : member) {
                    s.members.add(a);
                }
            }
        }
        agents = list.toArray(new SimAgent[0]);
    }

    // =====================================================================================
    // The loop
    // =====================================================================================

    public ModeResult run() {
        long wallStart = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        setUp();
        long lastReport = wallStart;
        int sinceCheck = 0;
        while (true) {
            if (queue.headIsImmediate()) {
                step();
                continue;
            }
            long next = queue.isEmpty() ? NEVER : queue.peekTime();
            long deadline = coreDeadline();
            // After the last day, once every caller is gone and every wrap-up done, nothing that the
            // figures count can happen any more.
            if (calls.isEmpty() && wrappingUp == 0 && next > lastClose) {
                break;
            }
            if (deadline != NEVER && deadline <= next) {
                now = Math.max(now, deadline);
                send(new Command.Tick(instant(now)));
                continue;
            }
            if (next == NEVER) {
                break; // cannot happen with callers left: a waiting caller has a max-wait deadline
            }
            step();
            if (++sinceCheck == 4096) {
                sinceCheck = 0;
                long wall = System.nanoTime();
                if (wall - lastReport > 500_000_000L) {
                    lastReport = wall;
                    progress.update(Math.min(1.0, (double) now / lastClose), callSequence);
                }
            }
        }
        long end = Math.max(now, lastClose);
        KpiReport report = kpis.report(instant(end));
        if (atClose == null) {
            atClose = report;
        }
        double wallSeconds = (System.nanoTime() - wallStart) / 1e9;
        double cpuSeconds = cpuStart < 0 ? Double.NaN : (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        progress.update(1.0, callSequence);
        return new ModeResult(
                mode,
                description,
                spec.seed(),
                report,
                atClose.occupancy(),
                groundTruth(),
                erlang,
                failoverWindow(report),
                Duration.ofNanos(end - open),
                wallSeconds,
                cpuSeconds,
                commands,
                events);
    }

    private void step() {
        queue.poll();
        now = queue.polledTime;
        int arg = queue.polledArg;
        long token = queue.polledToken;
        Object ref = queue.polledRef;
        switch (queue.polledKind) {
            case ARRIVAL -> arrival(services[arg]);
            case ABANDON -> {
                SimCall call = (SimCall) ref;
                if (call.inQueue()) {
                    send(new Command.CallerHungUp(instant(now), call.id));
                }
            }
            case ANSWER, DECLINE -> {
                SimCall call = (SimCall) ref;
                SimAgent a = agents[arg];
                if (a.ringing == call && a.ringToken == token && call.state == SimCall.RINGING) {
                    Instant at = instant(now);
                    send(
                            queue.polledKind == ANSWER
                                    ? new Command.OfferAccepted(at, call.id, a.id)
                                    : new Command.OfferDeclined(at, call.id, a.id));
                }
            }
            case CALL_END -> {
                SimCall call = (SimCall) ref;
                if (call.state == SimCall.CONNECTED) {
                    send(new Command.CallEnded(instant(now), call.id));
                }
            }
            case ACW_END -> {
                SimAgent a = agents[arg];
                if (a.inAfterCallWork && a.afterCallWorkToken == token) {
                    send(new Command.EndAfterCallWork(instant(now), a.id));
                }
            }
            case ACW_EXTEND -> {
                SimAgent a = agents[arg];
                if (a.inAfterCallWork && a.afterCallWorkToken == token) {
                    send(new Command.ExtendAfterCallWork(
                            instant(now), a.id, Duration.ofNanos(a.afterCallWorkExtension)));
                }
            }
            case PRESENCE -> deliver((PresenceDelivery) ref);
            case PLAN -> plan(agents[arg]);
            case PERSONAL_END -> {
                SimAgent a = agents[arg];
                a.personalCall = false;
                truthChanged(a);
            }
            case TRACKING -> tracking(arg == 1);
            case CLOSE -> atClose = kpis.report(instant(now));
            default -> throw new IllegalStateException("unknown happening " + queue.polledKind);
        }
    }

    private long coreDeadline() {
        Optional<Instant> d = core.nextDeadline();
        return d.isEmpty() ? NEVER : nanos(d.get());
    }

    private void send(Command command) {
        commands++;
        Outcome outcome = core.handle(command);
        if (checkInvariants) {
            core.validateInvariants();
        }
        if (!outcome.accepted()) {
            rejected++;
            if (firstRejection.isEmpty()) {
                firstRejection = command + " → " + outcome.rejection().orElseThrow();
            }
        }
        List<Event> list = outcome.events();
        for (int i = 0, n = list.size(); i < n; i++) {
            Event e = list.get(i);
            events++;
            kpis.accept(e);
            observe(e);
        }
    }

    // =====================================================================================
    // Set-up and the world's own happenings
    // =====================================================================================

    private void setUp() {
        Instant t0 = instant(0);
        for (SimAgent a : agents) {
            send(new Command.ConfigureAgent(t0, AgentConfig.of(a.id.value())));
        }
        for (SimService s : services) {
            List<AgentId> members = new ArrayList<>(s.members.size());
            for (SimAgent a : s.members) {
                members.add(a.id);
            }
            ServiceConfig config = s.spec.config().toBuilder().members(members).build();
            send(new Command.ConfigureService(t0, config));
            scheduleArrival(s, 0);
        }
        for (SimAgent a : agents) {
            schedulePlan(a);
        }
        PresenceSpec.Failure failure = spec.presence().failure();
        if (spec.presence().source() == PresenceSpec.Source.DETAILED_FAILING && failure != null) {
            long day = (failure.day() - 1) * DAY;
            queue.add(day + failure.at().toNanos(), TRACKING, 0, 0, null);
            queue.add(day + failure.until().toNanos(), TRACKING, 1, 0, null);
        }
        queue.add(lastClose, CLOSE, 0, 0, null);
    }

    private void scheduleArrival(SimService s, long after) {
        long t = nextArrival(s, after);
        if (t != NEVER) {
            queue.add(t, ARRIVAL, s.index, 0, null);
        }
    }

    /**
     * The next arrival of a non-homogeneous Poisson process whose rate is constant within each
     * clock hour of the open hours and 0 outside: one unit-exponential draw, spent across the
     * piecewise-constant rate.
     */
    private long nextArrival(SimService s, long after) {
        double budget = -Math.log(1 - s.callers.nextDouble());
        long t = after;
        while (true) {
            int d = spec.days() == 1 ? 0 : (int) Math.max(0, Math.floorDiv(t - open, DAY));
            if (d >= spec.days()) {
                return NEVER;
            }
            long dayOpen = d * DAY + open;
            long dayClose = dayOpen + length;
            if (t < dayOpen) {
                t = dayOpen;
            }
            if (t >= dayClose) {
                if (d + 1 >= spec.days()) {
                    return NEVER;
                }
                t = (d + 1) * DAY + open;
                continue;
            }
            long segmentEnd = Math.min((Math.floorDiv(t, HOUR) + 1) * HOUR, dayClose);
            double rate = s.ratePerNano[(int) (Math.floorMod(t, DAY) / HOUR)];
            double capacity = rate * (segmentEnd - t);
            if (rate > 0 && capacity >= budget) {
                return t + Math.max(1, (long) (budget / rate));
            }
            budget -= capacity;
            t = segmentEnd;
        }
    }

    private void arrival(SimService s) {
        long handle = Math.max(1, s.spec.handleTime().sampleNanos(s.callers));
        long patience = s.spec.patience().sampleNanos(s.callers);
        SimCall call = new SimCall(++callSequence, s, handle);
        calls.put(call.sequence, call);
        scheduleArrival(s, now);
        if (patience != NEVER) {
            queue.add(now + Math.max(1, patience), ABANDON, 0, 0, call);
        }
        send(new Command.CallArrived(instant(now), call.id, s.id, Priority.NORMAL, null));
    }

    private void schedulePlan(SimAgent a) {
        if (a.planPosition < a.plan.size()) {
            queue.add(a.plan.times[a.planPosition], PLAN, a.index, 0, null);
        }
    }

    private void plan(SimAgent a) {
        AgentPlan p = a.plan;
        int i = a.planPosition++;
        switch (p.types[i]) {
            case AgentPlan.SHIFT_START -> {
                if (a.leaving) {
                    a.leaving = false;
                    leavingAgents--;
                }
                a.onShift = true;
            }
            case AgentPlan.SHIFT_END -> {
                if (!a.leaving && a.onShift) {
                    a.leaving = true;
                    leavingAgents++;
                    tryToLeave(a);
                }
            }
            case AgentPlan.MEETING_START -> {
                a.meetings++;
                meetingCount++;
            }
            case AgentPlan.MEETING_END -> a.meetings--;
            case AgentPlan.MANUAL_START -> a.manual[p.args[i]]++;
            case AgentPlan.MANUAL_END -> a.manual[p.args[i]]--;
            case AgentPlan.OFFLINE_START -> a.offlineSpells++;
            case AgentPlan.OFFLINE_END -> a.offlineSpells--;
            case AgentPlan.PERSONAL_CALL -> {
                boolean free = a.signedIn()
                        && !a.inAnyCall()
                        && a.ringing == null
                        && !a.manual(ManualStatus.AWAY)
                        && !a.manual(ManualStatus.BE_RIGHT_BACK);
                if (free) {
                    a.personalCall = true;
                    a.callStartedAt = now;
                    personalCalls++;
                    queue.add(now + p.durations[i], PERSONAL_END, a.index, 0, null);
                } else if (a.signedIn()) {
                    personalCallsSkipped++;
                }
            }
            default -> throw new IllegalStateException("unknown plan item " + p.types[i]);
        }
        truthChanged(a);
        schedulePlan(a);
    }

    /** An agent whose shift is over signs out once it is free and its services' queues are empty. */
    private void tryToLeave(SimAgent a) {
        if (!a.leaving || a.switchboardCall != null || a.ringing != null) {
            return;
        }
        for (SimService s : a.services) {
            if (s.inQueue > 0) {
                return;
            }
        }
        a.leaving = false;
        leavingAgents--;
        a.onShift = false;
        truthChanged(a);
    }

    private void queueEmptied(SimService s) {
        if (leavingAgents > 0) {
            for (SimAgent a : s.members) {
                tryToLeave(a);
            }
        }
    }

    // =====================================================================================
    // Reading the core's events
    // =====================================================================================

    private void observe(Event event) {
        switch (event) {
            case Event.CallQueued e -> {
                SimCall call = calls.get(e.call());
                call.state = SimCall.WAITING;
                call.service.inQueue++;
            }
            case Event.CallRejected e -> finish(calls.get(e.call()));
            case Event.CallOverflowed e -> finish(calls.get(e.call()));
            case Event.CallTimedOut e -> finish(calls.get(e.call()));
            case Event.CallAbandoned e -> finish(calls.get(e.call()));
            case Event.CallOffered e -> offered(calls.get(e.call()), e.agents());
            case Event.OfferDeclined e -> stopRinging(e.call(), e.agent());
            case Event.OfferExpired e -> {
                for (AgentId id : e.agents()) {
                    stopRinging(e.call(), id);
                }
            }
            case Event.OfferCancelled e -> {
                for (AgentId id : e.agents()) {
                    stopRinging(e.call(), id);
                }
            }
            case Event.CallRequeued e -> calls.get(e.call()).state = SimCall.WAITING;
            case Event.CallConnected e -> connected(calls.get(e.call()), agentsById.get(e.agent()));
            case Event.CallCompleted e -> {
                SimCall call = calls.remove(e.call());
                SimAgent a = call.agent;
                call.state = SimCall.DONE;
                a.switchboardCall = null;
                truthChanged(a);
                tryToLeave(a);
            }
            case Event.AfterCallWorkStarted e -> wrapUpStarted(agentsById.get(e.agent()), e);
            case Event.AfterCallWorkEnded e -> {
                SimAgent a = agentsById.get(e.agent());
                if (a.inAfterCallWork) {
                    wrappingUp--;
                }
                a.inAfterCallWork = false;
                a.afterCallWorkCall = null;
            }
            case Event.ServiceConfigured e -> {}
            case Event.ServiceRemoved e -> {}
            case Event.AgentConfigured e -> {}
            case Event.AgentRemoved e -> {}
            case Event.ProfileConfigured e -> {}
            case Event.ProfileRemoved e -> {}
            case Event.CallEscalated e -> {}
            case Event.AgentPresenceChanged e -> {}
            case Event.PresenceTrackingChanged e -> {}
            case Event.DutyChanged e -> {}
            case Event.ActiveInServiceChanged e -> {}
            case Event.AgentReadinessChanged e -> {}
            case Event.RonaStarted e -> {}
            case Event.RonaCleared e -> {}
            case Event.ExternalCallChanged e -> {}
        }
    }

    /** The call left the core without talking to anyone (abandoned, timed out, overflowed, rejected). */
    private void finish(SimCall call) {
        calls.remove(call.id);
        boolean wasQueued = call.inQueue();
        call.state = SimCall.DONE;
        if (wasQueued && --call.service.inQueue == 0) {
            queueEmptied(call.service);
        }
    }

    private void offered(SimCall call, List<AgentId> rung) {
        call.state = SimCall.RINGING;
        for (int i = 0, n = rung.size(); i < n; i++) {
            SimAgent a = agentsById.get(rung.get(i));
            offers++;
            a.ringing = call;
            long token = ++a.ringToken;
            boolean inCall = a.inAnyCall();
            if (inCall) {
                offersInCall++;
                if (a.switchboardCall != null) {
                    offersInSwitchboardCall++;
                }
                int fidelity = effectiveFidelity();
                if (a.known[fidelity] >= a.callVersion) {
                    outsideWindow++;
                } else {
                    insideWindow++;
                    maxCallAgeInside = Math.max(maxCallAgeInside, now - a.callStartedAt);
                }
                if (a.group.whenOfferedInCall() == AgentGroupSpec.InCallReaction.DECLINE) {
                    queue.add(now + a.group.declineDelay().sampleNanos(a.answerRandom), DECLINE, a.index, token, call);
                }
                continue; // IGNORE: it rings out
            }
            if (!a.signedIn() || a.manual(ManualStatus.AWAY) || a.manual(ManualStatus.BE_RIGHT_BACK)) {
                continue; // nobody at the desk: it rings out
            }
            if (a.manual(ManualStatus.BUSY)) {
                offersSetBusy++;
            } else if (a.meetings > 0) {
                offersInMeeting++;
            }
            AgentGroupSpec.AnswerSpec answer = a.group.answer();
            if (answer.noAnswerProbability() > 0 && a.answerRandom.nextDouble() < answer.noAnswerProbability()) {
                continue;
            }
            long delay = answer.delay().sampleNanos(a.answerRandom);
            if (delay == 0) {
                queue.addNow(now, ANSWER, a.index, token, call);
            } else {
                queue.add(now + delay, ANSWER, a.index, token, call);
            }
        }
    }

    private void stopRinging(CallId callId, AgentId agentId) {
        SimAgent a = agentsById.get(agentId);
        SimCall call = calls.get(callId);
        if (a.ringing == call) {
            a.ringing = null;
            tryToLeave(a);
        }
    }

    private void connected(SimCall call, SimAgent a) {
        if (a.ringing == call) {
            a.ringing = null;
        }
        call.state = SimCall.CONNECTED;
        call.agent = a;
        a.switchboardCall = call;
        a.callStartedAt = now;
        queue.add(now + call.handleNanos, CALL_END, 0, 0, call);
        truthChanged(a);
        if (--call.service.inQueue == 0) {
            queueEmptied(call.service);
        }
    }

    private void wrapUpStarted(SimAgent a, Event.AfterCallWorkStarted e) {
        boolean extension = a.inAfterCallWork && e.call().equals(a.afterCallWorkCall);
        if (!a.inAfterCallWork) {
            wrappingUp++;
        }
        a.inAfterCallWork = true;
        a.afterCallWorkCall = e.call();
        Distribution real = a.group.afterCallWork();
        if (real == null || extension) {
            return;
        }
        long token = ++a.afterCallWorkToken;
        long configured = nanos(e.until()) - now;
        long actual = real.sampleNanos(a.afterCallWorkRandom);
        if (actual < configured) {
            queue.add(now + actual, ACW_END, a.index, token, null);
        } else if (actual > configured) {
            // Ask for more a little before the configured wrap-up would end.
            long margin = Math.min(5 * SECOND, configured / 2);
            a.afterCallWorkExtension = Math.min(actual - configured + margin, 3600 * SECOND);
            queue.add(now + configured - margin, ACW_EXTEND, a.index, token, null);
        }
    }

    // =====================================================================================
    // Presence: ground truth → observations → the core
    // =====================================================================================

    /** The fidelity whose presence the core uses now: 0 detailed, 1 coarse. */
    private int effectiveFidelity() {
        return detailedSource && !detailedDown ? 0 : 1;
    }

    /** Recomputes what Teams would show for the agent and reports a change to the sources. */
    private void truthChanged(SimAgent a) {
        Availability availability;
        Activity activity;
        boolean inCall = a.personalCall || (reportsSwitchboardCalls && a.switchboardCall != null);
        if (inCall) {
            availability = Availability.BUSY;
            activity = Activity.IN_A_CALL;
        } else if (!a.signedIn()) {
            if (a.truthAvailability == null) {
                return; // never signed in yet: nothing to report
            }
            availability = Availability.OFFLINE;
            activity = Activity.OFFLINE;
        } else if (a.manual(ManualStatus.DO_NOT_DISTURB)) {
            availability = Availability.DO_NOT_DISTURB;
            activity = Activity.DO_NOT_DISTURB;
        } else if (a.manual(ManualStatus.BUSY)) {
            availability = Availability.BUSY;
            activity = Activity.BUSY;
        } else if (a.manual(ManualStatus.AWAY)) {
            availability = Availability.AWAY;
            activity = Activity.AWAY;
        } else if (a.manual(ManualStatus.BE_RIGHT_BACK)) {
            availability = Availability.BE_RIGHT_BACK;
            activity = Activity.BE_RIGHT_BACK;
        } else if (a.meetings > 0) {
            availability = Availability.BUSY;
            activity = Activity.IN_A_MEETING;
        } else {
            availability = Availability.AVAILABLE;
            activity = Activity.AVAILABLE;
        }
        if (availability == a.truthAvailability && activity == a.truthActivity) {
            return;
        }
        boolean wasInCall = a.truthActivity == Activity.IN_A_CALL;
        a.truthAvailability = availability;
        a.truthActivity = activity;
        a.truthVersion++;
        if (inCall && !wasInCall) {
            a.callVersion = a.truthVersion;
        }
        Instant at = instant(now);
        if (detailedSource && !detailedDown) {
            Presence p = Presence.detailed(availability, activity, DETAILED_SOURCE, sequence(a), at);
            schedule(new PresenceDelivery(a, p, a.truthVersion));
        }
        if (coarseSource) {
            if (availability != a.lastCoarseSent) {
                a.lastCoarseSent = availability;
                long observed = Math.max(now, a.lastCoarseObserved + 1);
                a.lastCoarseObserved = observed;
                PresenceDelivery d = new PresenceDelivery(
                        a, Presence.coarse(availability, COARSE_SOURCE, instant(observed)), a.truthVersion);
                a.coarseInFlight = d;
                schedule(d);
            } else if (a.coarseInFlight != null) {
                a.coarseInFlight.version = a.truthVersion; // federation shows nothing new
            } else {
                a.known[1] = a.truthVersion;
            }
        }
    }

    private static String sequence(SimAgent a) {
        String digits = Long.toString(++a.detailedSequence);
        return "0".repeat(Math.max(0, 16 - digits.length())) + digits;
    }

    private void schedule(PresenceDelivery d) {
        if (zeroLatency) {
            queue.addNow(now, PRESENCE, 0, 0, d);
        } else {
            queue.add(now + latency.sampleNanos(d.agent.latencyRandom), PRESENCE, 0, 0, d);
        }
    }

    private void deliver(PresenceDelivery d) {
        SimAgent a = d.agent;
        presenceUpdates++;
        send(new Command.PresenceObserved(instant(now), a.id, d.presence));
        int fidelity = d.presence.fidelity() == Fidelity.DETAILED ? 0 : 1;
        a.known[fidelity] = Math.max(a.known[fidelity], d.version);
        if (a.coarseInFlight == d) {
            a.coarseInFlight = null;
        }
    }

    /** Detailed tracking fails (coarse takes over) or returns (after a fresh read of everyone). */
    private void tracking(boolean returns) {
        String reason = spec.presence().failure().reason();
        Instant at = instant(now);
        if (!returns) {
            detailedDown = true;
            send(new Command.PresenceTrackingChanged(at, List.of(), Fidelity.DETAILED, false, DETAILED_SOURCE, reason));
            return;
        }
        detailedDown = false;
        for (SimAgent a : agents) {
            if (a.truthAvailability != null) {
                presenceUpdates++;
                Presence p = Presence.detailed(a.truthAvailability, a.truthActivity, DETAILED_SOURCE, sequence(a), at);
                send(new Command.PresenceObserved(at, a.id, p));
                a.known[0] = a.truthVersion;
            }
        }
        send(new Command.PresenceTrackingChanged(at, List.of(), Fidelity.DETAILED, true, DETAILED_SOURCE, "recovered"));
    }

    // =====================================================================================
    // Results
    // =====================================================================================

    private GroundTruth groundTruth() {
        return new GroundTruth(
                offers,
                offersInCall,
                offersInSwitchboardCall,
                insideWindow,
                outsideWindow,
                maxCallAgeInside / 1e9,
                offersInMeeting,
                offersSetBusy,
                meetingCount,
                personalCalls,
                personalCallsSkipped,
                presenceUpdates,
                rejected,
                firstRejection);
    }

    /** The calls that arrived in intervals starting while detailed tracking was down. */
    private CallKpis failoverWindow(KpiReport report) {
        PresenceSpec.Failure failure = spec.presence().failure();
        if (spec.presence().source() != PresenceSpec.Source.DETAILED_FAILING || failure == null) {
            return null;
        }
        long day = (failure.day() - 1) * DAY;
        Instant from = instant(day + failure.at().toNanos());
        Instant until = instant(day + failure.until().toNanos());
        List<CallKpis> parts = new ArrayList<>();
        for (ServiceKpis s : report.services().values()) {
            for (IntervalKpis i : s.intervals()) {
                if (!i.start().isBefore(from) && i.start().isBefore(until)) {
                    parts.add(i.calls());
                }
            }
        }
        return CallKpis.sum(parts);
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(EPOCH_SECONDS, nanos);
    }

    static long nanos(Instant t) {
        return (t.getEpochSecond() - EPOCH_SECONDS) * SECOND + t.getNano();
    }
}
