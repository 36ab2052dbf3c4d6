package dev.switchboard.engine;

import dev.switchboard.core.event.Event;
import java.util.List;
import java.util.function.Consumer;

/**
 * The durable, append-only record of a tenant's events. The engine acknowledges a command only
 * after {@link #append} has returned, so an implementation must not return before the events
 * would survive a crash.
 */
public interface Journal extends AutoCloseable {

    /** Appends a batch atomically and durably; returns the entries with their sequence numbers. */
    List<JournaledEvent> append(List<Event> events);

    /** Feeds every event after {@code afterSequence}, in order, to {@code consumer}. */
    void replay(long afterSequence, Consumer<JournaledEvent> consumer);

    /** The sequence number of the last appended event, 0 when empty. */
    long lastSequence();

    @Override
    default void close() {}
}
