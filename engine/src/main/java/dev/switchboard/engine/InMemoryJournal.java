package dev.switchboard.engine;

import dev.switchboard.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A journal in memory: for tests, the simulator and throwaway runs. Thread-safe. */
public final class InMemoryJournal implements Journal {
    private final List<JournaledEvent> entries = new ArrayList<>();

    @Override
    public synchronized List<JournaledEvent> append(List<Event> events) {
        List<JournaledEvent> out = new ArrayList<>(events.size());
        for (Event e : events) {
            JournaledEvent entry = new JournaledEvent(entries.size() + 1L, e);
            entries.add(entry);
            out.add(entry);
        }
        return out;
    }

    @Override
    public synchronized void replay(long afterSequence, Consumer<JournaledEvent> consumer) {
        for (int i = (int) Math.max(0, afterSequence); i < entries.size(); i++) {
            consumer.accept(entries.get(i));
        }
    }

    @Override
    public synchronized long lastSequence() {
        return entries.size();
    }

    /** A copy of every entry, for tests. */
    public synchronized List<JournaledEvent> entries() {
        return List.copyOf(entries);
    }
}
