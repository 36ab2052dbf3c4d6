package dev.switchboard.core.model;

import java.time.Duration;

/**
 * Queue limits of a service.
 *
 * @param maxSize calls that may wait (0–200); one more overflows
 * @param overflowAction what happens to a call that finds the queue full
 * @param maxWait how long a call may wait (0–2,700 s) before the timeout action
 * @param timeoutAction what happens when a call has waited {@code maxWait}
 * @param noAgentsAction what happens to a call arriving when no agent is staffed at all
 */
public record QueueSettings(
        int maxSize, CallAction overflowAction, Duration maxWait, CallAction timeoutAction, CallAction noAgentsAction) {
    public static final int MAX_QUEUE_SIZE = 200;
    public static final Duration MAX_WAIT = Duration.ofSeconds(2700);

    public QueueSettings {
        Validation.requireRange(maxSize, 0, MAX_QUEUE_SIZE, "queue.maxSize");
        Validation.requireNonNull(overflowAction, "queue.overflowAction");
        Validation.requireRange(maxWait, Duration.ZERO, MAX_WAIT, "queue.maxWait");
        Validation.requireNonNull(timeoutAction, "queue.timeoutAction");
        Validation.requireNonNull(noAgentsAction, "queue.noAgentsAction");
        if (overflowAction.type() == ActionType.QUEUE) {
            throw new InvalidConfigException("queue.overflowAction", "cannot be QUEUE");
        }
        if (timeoutAction.type() == ActionType.QUEUE) {
            throw new InvalidConfigException("queue.timeoutAction", "cannot be QUEUE");
        }
    }

    /** 50 calls, 1,200 s, disconnect on overflow and timeout, queue when no agents. */
    public static QueueSettings defaults() {
        return new QueueSettings(
                50, CallAction.DISCONNECT, Duration.ofSeconds(1200), CallAction.DISCONNECT, CallAction.QUEUE);
    }

    public QueueSettings withMaxSize(int value) {
        return new QueueSettings(value, overflowAction, maxWait, timeoutAction, noAgentsAction);
    }

    public QueueSettings withMaxWait(Duration value) {
        return new QueueSettings(maxSize, overflowAction, value, timeoutAction, noAgentsAction);
    }

    public QueueSettings withNoAgentsAction(CallAction value) {
        return new QueueSettings(maxSize, overflowAction, maxWait, timeoutAction, value);
    }
}
