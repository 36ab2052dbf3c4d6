package dev.switchboard.http.bench;

import dev.switchboard.core.event.Event;
import dev.switchboard.engine.Journal;
import dev.switchboard.engine.JournaledEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A journal that numbers events and forgets them: load tests measure the HTTP API, not an
 * in-memory journal that keeps every event of the run on the heap.
 */
final class DiscardingJournal implements Journal {
    private long last;

    @Override
    public synchronized List<JournaledEvent> append(List<Event> events) {
        List<JournaledEvent> out = new ArrayList<>(events.size());
        for (Event e : events) {
            out.add(new JournaledEvent(++last, e));
        }
        return out;
    }

    @Override
    public void replay(long afterSequence, Consumer<JournaledEvent> consumer) {}

    @Override
    public synchronized long lastSequence() {
        return last;
    }
}
