package dev.switchboard.http.live;

import dev.switchboard.core.event.CancelReason;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.http.port.CallRecord;
import dev.switchboard.http.port.CallRecord.OfferOutcome;
import dev.switchboard.http.port.CallRecord.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every call's offers with their explanations and outcomes, for active calls and the most recent
 * finished ones, so "who was offered this call, why, and what did they do" stays answerable
 * after the call left the engine's state.
 */
public final class CallLog implements EventSink {
    private static final class Offer {
        final Instant at;
        final List<AgentId> agents;
        final Instant expiresAt;
        final Explanation explanation;
        final Map<AgentId, OfferOutcome> outcomes = new LinkedHashMap<>();
        Instant endedAt;
        CancelReason cancelReason;

        Offer(Instant at, List<AgentId> agents, Instant expiresAt, Explanation explanation) {
            this.at = at;
            this.agents = agents;
            this.expiresAt = expiresAt;
            this.explanation = explanation;
            agents.forEach(a -> outcomes.put(a, OfferOutcome.RINGING));
        }

        void resolve(AgentId agent, OfferOutcome outcome, Instant when) {
            if (outcomes.get(agent) == OfferOutcome.RINGING) {
                outcomes.put(agent, outcome);
            }
            if (!outcomes.containsValue(OfferOutcome.RINGING) && endedAt == null) {
                endedAt = when;
            }
        }

        CallRecord.Offer record() {
            return new CallRecord.Offer(at, agents, expiresAt, endedAt, outcomes, cancelReason, explanation);
        }
    }

    private static final class Call {
        final CallId id;
        final ServiceId service;
        final Priority priority;
        final String caller;
        final Instant arrivedAt;
        final List<Offer> offers = new ArrayList<>(1);
        int level;
        AgentId agent;
        Instant connectedAt;
        Instant endedAt;
        Outcome outcome;
        CallAction action;

        Call(CallId id, ServiceId service, Priority priority, String caller, Instant arrivedAt) {
            this.id = id;
            this.service = service;
            this.priority = priority;
            this.caller = caller;
            this.arrivedAt = arrivedAt;
        }

        Offer lastOffer() {
            return offers.isEmpty() ? null : offers.get(offers.size() - 1);
        }

        CallRecord record() {
            return new CallRecord(
                    id,
                    service,
                    priority,
                    caller,
                    arrivedAt,
                    level,
                    agent,
                    connectedAt,
                    endedAt,
                    outcome,
                    action,
                    offers.stream().map(Offer::record).toList());
        }
    }

    private final int maxFinished;
    private final Map<CallId, Call> active = new HashMap<>();
    /** Finished calls, oldest first. */
    private final LinkedHashMap<CallId, Call> finished = new LinkedHashMap<>();

    /** @param maxFinished how many finished calls to keep (the oldest are forgotten first) */
    public CallLog(int maxFinished) {
        if (maxFinished < 0) {
            throw new IllegalArgumentException("maxFinished must not be negative");
        }
        this.maxFinished = maxFinished;
    }

    @Override
    public synchronized void publish(List<JournaledEvent> events) {
        for (JournaledEvent e : events) {
            apply(e.event());
        }
    }

    /** A call by id: active, or finished recently enough to be remembered. */
    public synchronized Optional<CallRecord> find(CallId id) {
        Call c = active.get(id);
        if (c == null) {
            c = finished.get(id);
        }
        return c == null ? Optional.empty() : Optional.of(c.record());
    }

    public synchronized int finishedCount() {
        return finished.size();
    }

    private void apply(Event event) {
        switch (event) {
            case Event.CallQueued e ->
                active.put(e.call(), new Call(e.call(), e.service(), e.priority(), e.caller(), e.at()));
            case Event.CallRejected e -> {
                Call c = new Call(e.call(), e.service(), Priority.NORMAL, null, e.at());
                c.action = e.action();
                finish(c, Outcome.REJECTED, e.at());
            }
            case Event.CallOverflowed e -> end(e.call(), Outcome.OVERFLOWED, e.action(), e.at());
            case Event.CallTimedOut e -> end(e.call(), Outcome.TIMED_OUT, e.action(), e.at());
            case Event.CallAbandoned e -> end(e.call(), Outcome.ABANDONED, null, e.at());
            case Event.CallCompleted e -> end(e.call(), Outcome.COMPLETED, null, e.at());
            case Event.CallEscalated e -> {
                Call c = active.get(e.call());
                if (c != null) {
                    c.level = e.level();
                }
            }
            case Event.CallOffered e -> {
                Call c = active.get(e.call());
                if (c != null) {
                    c.offers.add(new Offer(e.at(), e.agents(), e.expiresAt(), e.explanation()));
                }
            }
            case Event.OfferDeclined e -> resolve(e.call(), List.of(e.agent()), OfferOutcome.DECLINED, null, e.at());
            case Event.OfferExpired e -> resolve(e.call(), e.agents(), OfferOutcome.EXPIRED, null, e.at());
            case Event.OfferCancelled e -> resolve(e.call(), e.agents(), OfferOutcome.CANCELLED, e.reason(), e.at());
            case Event.CallConnected e -> {
                resolve(e.call(), List.of(e.agent()), OfferOutcome.ACCEPTED, null, e.at());
                Call c = active.get(e.call());
                if (c != null) {
                    c.agent = e.agent();
                    c.connectedAt = e.at();
                }
            }
            case Event.CallRequeued e -> {}
            case Event.ServiceConfigured e -> {}
            case Event.ServiceRemoved e -> {}
            case Event.AgentConfigured e -> {}
            case Event.AgentRemoved e -> {}
            case Event.ProfileConfigured e -> {}
            case Event.ProfileRemoved e -> {}
            case Event.AgentPresenceChanged e -> {}
            case Event.PresenceTrackingChanged e -> {}
            case Event.DutyChanged e -> {}
            case Event.ActiveInServiceChanged e -> {}
            case Event.AgentReadinessChanged e -> {}
            case Event.RonaStarted e -> {}
            case Event.RonaCleared e -> {}
            case Event.AfterCallWorkStarted e -> {}
            case Event.AfterCallWorkEnded e -> {}
            case Event.ExternalCallChanged e -> {}
        }
    }

    private void resolve(CallId id, List<AgentId> agents, OfferOutcome outcome, CancelReason reason, Instant at) {
        Call c = active.get(id);
        if (c == null || c.lastOffer() == null) {
            return;
        }
        Offer offer = c.lastOffer();
        if (reason != null) {
            offer.cancelReason = reason;
        }
        for (AgentId a : agents) {
            offer.resolve(a, outcome, at);
        }
    }

    private void end(CallId id, Outcome outcome, CallAction action, Instant at) {
        Call c = active.remove(id);
        if (c == null) {
            return;
        }
        c.action = action;
        Offer last = c.lastOffer();
        if (last != null) {
            // Whatever still rang stopped with the call.
            for (AgentId a : last.agents) {
                last.resolve(a, OfferOutcome.CANCELLED, at);
            }
        }
        finish(c, outcome, at);
    }

    private void finish(Call c, Outcome outcome, Instant at) {
        c.outcome = outcome;
        c.endedAt = at;
        finished.remove(c.id);
        finished.put(c.id, c);
        Iterator<CallId> oldest = finished.keySet().iterator();
        while (finished.size() > maxFinished && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }
}
