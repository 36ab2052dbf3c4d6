package dev.switchboard.core.routing;

import dev.switchboard.core.event.Event;
import java.util.List;
import java.util.Optional;

/**
 * What handling one command produced. Events may be present even when the command itself was
 * rejected: deadlines that fell due before the command's time still fire.
 */
public final class Outcome {
    private final List<Event> events;
    private final Rejection rejection;

    Outcome(List<Event> events, Rejection rejection) {
        // The core hands over a fresh list per command; wrapping it saves a copy on the hot path.
        this.events = java.util.Collections.unmodifiableList(events);
        this.rejection = rejection;
    }

    public List<Event> events() {
        return events;
    }

    public Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    public boolean accepted() {
        return rejection == null;
    }

    @Override
    public String toString() {
        return rejection == null ? "Accepted" + events : "Rejected(" + rejection + ")" + events;
    }
}
