package dev.switchboard.http.live;

import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Feeds the in-memory read models and tells readers how far they are. The engine acknowledges a
 * command before it publishes the command's events, so a client that just got its answer could
 * read a read model that has not seen them yet; {@link #awaitSequence} closes that gap: a read
 * first waits (for microseconds, normally) until the models reflect the state it is about to
 * combine them with.
 */
public final class ReadModels implements EventSink {
    private final List<EventSink> models;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private volatile long sequence;

    public ReadModels(List<EventSink> models) {
        this.models = List.copyOf(models);
    }

    @Override
    public void publish(List<JournaledEvent> events) {
        for (EventSink model : models) {
            model.publish(events);
        }
        if (!events.isEmpty()) {
            advanceTo(events.get(events.size() - 1).sequence());
        }
    }

    /** Events up to {@code value} will never be published to us (journaled before we subscribed). */
    public void advanceTo(long value) {
        lock.lock();
        try {
            if (value > sequence) {
                sequence = value;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The last journal sequence every model has applied. */
    public long sequence() {
        return sequence;
    }

    /**
     * Waits until every event up to {@code target} is applied, at most {@code timeout}; returns
     * whether it got there (a reader that times out proceeds with what there is).
     */
    public boolean awaitSequence(long target, Duration timeout) {
        if (sequence >= target) {
            return true;
        }
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (sequence < target) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = advanced.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return sequence >= target;
        } finally {
            lock.unlock();
        }
    }
}
