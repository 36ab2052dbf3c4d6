package dev.switchboard.http.stream;

import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentId;
import java.util.Set;

/** Which agents an event is about, so an agent's stream carries only its own events. */
final class EventSubjects {
    private EventSubjects() {}

    /** The agents an event names; null means every agent (e.g. tracking lost for all). */
    static Set<AgentId> of(Event event) {
        return switch (event) {
            case Event.AgentConfigured e -> Set.of(e.agent().id());
            case Event.AgentRemoved e -> Set.of(e.agent());
            case Event.CallOffered e -> Set.copyOf(e.agents());
            case Event.OfferDeclined e -> Set.of(e.agent());
            case Event.OfferExpired e -> Set.copyOf(e.agents());
            case Event.OfferCancelled e -> Set.copyOf(e.agents());
            case Event.CallConnected e -> Set.of(e.agent());
            case Event.CallCompleted e -> Set.of(e.agent());
            case Event.AgentPresenceChanged e -> Set.of(e.agent());
            case Event.PresenceTrackingChanged e -> e.agents().isEmpty() ? null : Set.copyOf(e.agents());
            case Event.DutyChanged e -> Set.of(e.agent());
            case Event.ActiveInServiceChanged e -> Set.of(e.agent());
            case Event.AgentReadinessChanged e -> Set.of(e.agent());
            case Event.RonaStarted e -> Set.of(e.agent());
            case Event.RonaCleared e -> Set.of(e.agent());
            case Event.AfterCallWorkStarted e -> Set.of(e.agent());
            case Event.AfterCallWorkEnded e -> Set.of(e.agent());
            case Event.ExternalCallChanged e -> Set.of(e.agent());
            case Event.ServiceConfigured e -> Set.of();
            case Event.ServiceRemoved e -> Set.of();
            case Event.ProfileConfigured e -> Set.of();
            case Event.ProfileRemoved e -> Set.of();
            case Event.CallQueued e -> Set.of();
            case Event.CallRejected e -> Set.of();
            case Event.CallOverflowed e -> Set.of();
            case Event.CallTimedOut e -> Set.of();
            case Event.CallEscalated e -> Set.of();
            case Event.CallRequeued e -> Set.of();
            case Event.CallAbandoned e -> Set.of();
        };
    }

    static boolean names(Set<AgentId> subjects, AgentId agent) {
        return subjects == null || subjects.contains(agent);
    }
}
