package dev.switchboard.engine;

import java.util.List;

/**
 * Receives every journaled batch after it has been acknowledged, on the engine's thread: an
 * implementation must return quickly (hand the events to its own queue) and must not submit
 * commands synchronously.
 */
@FunctionalInterface
public interface EventSink {
    void publish(List<JournaledEvent> events);
}
